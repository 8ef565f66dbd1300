/** `escalate directory validate|import|export`: the partnership's people, agencies and roles. */
import { directoryCsv, parseDirectoryCsv } from '../app/directoryCsv';
import { parseDirectory } from '../app/directoryFile';
import type { Directory } from '../domain/directory';
import { referenceFormatOf } from '../domain/reference';
import { formatArg, parse, problems, readText, type Io } from './args';
import { withStore, type CliDeps } from './deps';
import { configuredStore } from './store';

function readDirectory(file: string): { ok: true; directory: Directory } | { ok: false; errors: string[] } {
  let text: string;
  try {
    text = readText(file);
  } catch (e) {
    return { ok: false, errors: [(e as Error).message] };
  }
  if (file.toLowerCase().endsWith('.csv')) return parseDirectoryCsv(text);
  try {
    return parseDirectory(JSON.parse(text));
  } catch (e) {
    return { ok: false, errors: [`not valid JSON: ${(e as Error).message}`] };
  }
}

/** The directory in `file`, and a one-line summary of it; null when it is not valid (problems printed). */
function checked(file: string, io: Io): { directory: Directory; summary: string } | null {
  const r = readDirectory(file);
  if (!r.ok) {
    problems(io, file, r.errors);
    return null;
  }
  const d = r.directory;
  return {
    directory: d,
    summary: `${d.partnership.name}: ${d.agencies.length} agencies, ${d.people.length} people`,
  };
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

export function directoryValidate(file: string, io: Io): number {
  const r = checked(file, io);
  if (!r) return 1;
  io.out(`OK: ${r.summary}`);
  const formats = referenceFormats(r.directory);
  const rest = formats.length ? 'other agencies' : 'case references';
  if (formats.length < r.directory.agencies.length)
    formats.push(`  ${rest}: the default rule (a digit, and no word that may be a name)`);
  if (formats.length) io.out(formats.join('\n'));
  return 0;
}

/** Into the configured Cosmos account (COSMOS_ENDPOINT), whatever store the caller was given. */
export async function directoryImport(file: string, io: Io): Promise<number> {
  const r = checked(file, io);
  if (!r) return 1;
  const store = await configuredStore();
  try {
    await store.directory.save(r.directory);
  } finally {
    await store.close();
  }
  io.out(`imported ${r.summary} into partnership "${r.directory.partnership.id}"`);
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
