/** The two built-ins and a raised case on each, for the rule tables. */
import { builtinProcedure } from '../../src/domain/procedure/builtin';
import { testDirectory } from '../support/directory';
import { Journey, raiseCommand } from '../support/journey';

export const FLOW = builtinProcedure('conflict-resolution-flowchart')!;
export const BSCP = builtinProcedure('bscp-escalation-procedure')!;
export const MON = '2026-12-07T10:00:00.000Z'; // Monday 7 Dec 2026, 10:00 London
export const EVIDENCE = 'Telephone discussion on 7 Dec and a follow-up call on 8 Dec; no agreement.';

export function raisedOn(p = FLOW, overrides = {}, at = MON): Journey {
  const j = new Journey(p, testDirectory());
  j.when('csc-practitioner', raiseCommand(p.id, overrides), at);
  return j;
}
