/** `escalate directory validate|import|export`: the partnership's people, agencies and roles. */
import { directoryCsv, parseDirectoryCsv } from '../app/directoryCsv';
import { parseDirectoryInput } from '../app/directoryFile';
import { resolveAddresses, unresolved, type DirectoryInput, type UpnRow } from '../app/directoryUpns';
import { loadConfig } from '../config';
import type { Directory } from '../domain/directory';
import { referenceFormatOf } from '../domain/reference';
import { formatArg, parse, problems, readText, UsageError, type Io } from './args';
import { withStore, type CliDeps } from './deps';

/** A directory file, CSV or JSON, checked (people named by address keep a placeholder id). */
export function readDirectory(file: string): DirectoryInput {
  let text: string;
  try {
    text = readText(file);
  } catch (e) {
    return { ok: false, errors: [(e as Error).message] };
  }
  if (file.toLowerCase().endsWith('.csv')) return parseDirectoryCsv(text);
  try {
    return parseDirectoryInput(JSON.parse(text));
  } catch (e) {
    return { ok: false, errors: [`not valid JSON: ${(e as Error).message}`] };
  }
}

/** The directory in `file`, and a one-line summary of it; null when it is not valid (problems printed). */
function checked(file: string, io: Io): { directory: Directory; upns: UpnRow[]; summary: string } | null {
  const r = readDirectory(file);
  if (!r.ok) {
    problems(io, file, r.errors);
    return null;
  }
  const d = r.directory;
  return {
    directory: d,
    upns: r.upns,
    summary: `${d.partnership.name}: ${d.agencies.length} agencies, ${d.people.length} people`,
  };
}

/** `[--resolve-upn] <file>` */
function fileArgs(args: string[], verb: string): { file: string; resolve: boolean } {
  const { values, positionals } = parse(args, { 'resolve-upn': { type: 'boolean' } });
  if (positionals.length !== 1 || !positionals[0])
    throw new UsageError(`directory ${verb} takes one file (and --resolve-upn)`);
  return { file: positionals[0], resolve: values['resolve-upn'] === true };
}

const lookupFor = (deps: CliDeps, asked: boolean) =>
  deps.users
    ? deps.users(asked)
    : (async () => {
        const config = loadConfig();
        if (!asked && !config.GRAPH_ENABLED) return null;
        return (await import('../graph/users')).configuredUserLookup(config);
      })();

/**
 * Object ids for the people the file names by address: those without one, or with `asked` (--resolve-upn) every
 * address, checked against the id given. One line per look-up on stdout (the administrator's own addresses);
 * null when any failed (problems printed).
 */
async function withObjectIds(
  file: string,
  r: { directory: Directory; upns: UpnRow[] },
  io: Io,
  p: { deps: CliDeps; asked: boolean },
): Promise<Directory | null> {
  const pending = unresolved(r.upns);
  if (!p.asked && pending.length === 0) return r.directory;
  const lookup = await lookupFor(p.deps, p.asked);
  if (!lookup) {
    problems(
      io,
      file,
      pending.map(
        (x) =>
          `${x.where}: no object id for ${x.upn}: give it in the id column, or look it up in Microsoft Graph (--resolve-upn, or GRAPH_ENABLED=true)`,
      ),
    );
    return null;
  }
  const done = await resolveAddresses(r.directory, r.upns, lookup, { checkGiven: p.asked });
  for (const line of done.report) io.out(line);
  if (!done.directory) problems(io, file, done.errors);
  return done.directory;
}

/** Each agency's case-reference format, as the raise form will explain it, so the words can be checked. */
function referenceFormats(d: Directory): string[] {
  return d.agencies
    .filter((a) => a.referencePattern)
    .map((a) => {
      const f = referenceFormatOf(a);
      return `  ${a.name}: case references ${f.description}, for example ${f.example}`;
    });
}

/** Checks the file; with --resolve-upn also looks its addresses up in Microsoft Graph (nothing is written). */
export async function directoryValidate(args: string[], io: Io, deps: CliDeps): Promise<number> {
  const { file, resolve } = fileArgs(args, 'validate');
  const r = checked(file, io);
  if (!r) return 1;
  if (resolve && !(await withObjectIds(file, r, io, { deps, asked: true }))) return 1;
  io.out(`OK: ${r.summary}`);
  const pending = resolve ? 0 : unresolved(r.upns).length;
  if (pending)
    io.out(
      `  ${pending} ${pending === 1 ? 'person has' : 'people have'} no object id yet: looked up in Microsoft Graph at import (--resolve-upn, or GRAPH_ENABLED=true)`,
    );
  const formats = referenceFormats(r.directory);
  const rest = formats.length ? 'other agencies' : 'case references';
  if (formats.length < r.directory.agencies.length)
    formats.push(`  ${rest}: the default rule (a digit, and no word that may be a name)`);
  if (formats.length) io.out(formats.join('\n'));
  return 0;
}

/** Into the store (the configured Cosmos account, COSMOS_ENDPOINT), with every address turned into an object id. */
export async function directoryImport(args: string[], io: Io, deps: CliDeps): Promise<number> {
  const { file, resolve } = fileArgs(args, 'import');
  const r = checked(file, io);
  if (!r) return 1;
  const directory = await withObjectIds(file, r, io, { deps, asked: resolve });
  if (!directory) return 1;
  await withStore(deps, (store) => store.directory.save(directory));
  io.out(`imported ${r.summary} into partnership "${directory.partnership.id}"`);
  return 0;
}

export async function directoryExport(args: string[], io: Io, deps: CliDeps): Promise<number> {
  const { values } = parse(args, { format: { type: 'string' }, partnership: { type: 'string' } });
  const format = formatArg(values.format, ['json', 'csv'] as const);
  const partnershipId = values.partnership ?? deps.partnershipId;
  const dir = await withStore(deps, (store) => store.directory.load(partnershipId));
  if (!dir) throw new Error(`no directory stored for partnership "${partnershipId}"`);
  io.out(format === 'json' ? JSON.stringify(dir, null, 2) : directoryCsv(dir).trimEnd());
  return 0;
}
