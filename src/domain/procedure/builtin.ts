/** The two built-in procedures, reproduced from the published seed documents. */
import flowchart from './builtin/conflict-resolution-flowchart.json';
import bscp from './builtin/bscp-escalation-procedure.json';
import type { Procedure } from './schema';
import { validateProcedure } from './validate';

function load(raw: unknown, name: string): Procedure {
  const result = validateProcedure(raw);
  if (!result.ok) throw new Error(`built-in procedure ${name} is invalid: ${result.errors.join('; ')}`);
  return result.procedure;
}

export const BUILTIN_PROCEDURES: readonly Procedure[] = Object.freeze([
  load(flowchart, 'conflict-resolution-flowchart'),
  load(bscp, 'bscp-escalation-procedure'),
]);

export function builtinProcedure(id: string): Procedure | undefined {
  return BUILTIN_PROCEDURES.find((p) => p.id === id);
}
