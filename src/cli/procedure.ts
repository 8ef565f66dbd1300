/** `escalate procedure validate|show|publish`: check a procedure file, describe one, publish a new version. */
import { ProcedureCatalog } from '../app/procedures';
import { builtinProcedure } from '../domain/procedure/builtin';
import type { Procedure } from '../domain/procedure/schema';
import { roleGaps } from '../domain/procedure/roleGaps';
import { validateProcedureText } from '../domain/procedure/validate';
import { parse, problems, readText, UsageError, type Io } from './args';
import type { CliDeps } from './deps';
import { withStore } from './deps';
import { describeProcedure } from './describe';
import { readDirectory } from './directory';

/** A built-in procedure by id, or a procedure file. */
export function loadProcedure(idOrFile: string): Procedure {
  const builtin = builtinProcedure(idOrFile);
  if (builtin) return builtin;
  const r = validateProcedureText(readText(idOrFile));
  if (!r.ok) throw new Error(`${idOrFile} is not a valid procedure:\n  ${r.errors.join('\n  ')}`);
  return r.procedure;
}

/** `<file> [--directory <file>]`: with a directory, the roles the stages name are checked against it too. */
export function procedureValidate(args: string[], io: Io): number {
  const { values, positionals } = parse(args, { directory: { type: 'string' } });
  if (positionals.length !== 1) throw new UsageError('procedure validate needs one file');
  const file = positionals[0]!;
  const r = validateProcedureText(readText(file));
  if (!r.ok) return problems(io, file, r.errors);
  if (values.directory !== undefined) {
    const d = readDirectory(values.directory);
    if (!d.ok) return problems(io, values.directory, d.errors);
    const gaps = roleGaps(r.procedure, d.directory);
    if (gaps.errors.length) return problems(io, file, gaps.errors);
    for (const note of gaps.notes) io.out(`Note: ${note}`);
  }
  io.out(
    `OK: ${file} is "${r.procedure.title}" (${r.procedure.id} v${r.procedure.version}), ${r.procedure.stages.length} stages`,
  );
  return 0;
}

export function procedureShow(args: string[], io: Io): number {
  const { positionals } = parse(args, {});
  if (positionals.length !== 1) throw new UsageError('procedure show needs a procedure id or file');
  for (const line of describeProcedure(loadProcedure(positionals[0]!))) io.out(line);
  return 0;
}

export async function procedurePublish(args: string[], io: Io, deps: CliDeps): Promise<number> {
  const { values, positionals } = parse(args, { partnership: { type: 'string' } });
  if (positionals.length !== 1) throw new UsageError('procedure publish needs one file');
  const file = positionals[0]!;
  const partnershipId = values.partnership ?? deps.partnershipId;
  const r = validateProcedureText(readText(file));
  if (!r.ok) return problems(io, file, r.errors);
  const p = r.procedure;
  await withStore(deps, async (store) => {
    const newest = await new ProcedureCatalog(store.settings).get(partnershipId, p.id);
    if (newest && newest.version >= p.version)
      throw new Error(
        `${p.id} is already at version ${newest.version}: a published procedure cannot be changed; publish version ${newest.version + 1}`,
      );
    await store.settings.publishProcedure(partnershipId, p.id, p.version, p, deps.now().toISOString());
  });
  io.out(
    `published "${p.title}" (${p.id} v${p.version}) for partnership "${partnershipId}": new cases use it; open cases keep their version`,
  );
  return 0;
}
