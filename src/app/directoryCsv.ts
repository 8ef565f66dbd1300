/**
 * Directory import from CSV. One row per record, with a header:
 *   kind,id,name,agencyId,role,lineManagerId,email,escalationManagerId,headOfServiceId,directorId,nation,businessOfficeIds,strategicLeadIds,chairId
 * kind is partnership | agency | person; list fields are separated by ';'. Errors name the line.
 */
import { parse } from 'csv-parse/sync';
import type { Agency, Directory, Partnership, Person } from '../domain/directory';
import { directoryProblems, parseDirectory } from './directoryFile';

type Row = Record<string, string>;

const ROLES = ['practitioner', 'manager', 'seniorManager', 'headOfService', 'director'];
const NATIONS = ['england-and-wales', 'scotland', 'northern-ireland'];
const list = (v: string | undefined) =>
  (v ?? '')
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean);
const opt = (v: string | undefined) => (v && v.trim() ? v.trim() : undefined);

function rowErrors(row: Row, line: number): string[] {
  const errors: string[] = [];
  const need = (k: string) =>
    !row[k]?.trim() && errors.push(`line ${line}: ${k} is required for a ${row.kind}`);
  if (!['partnership', 'agency', 'person'].includes(row.kind ?? ''))
    return [`line ${line}: kind must be partnership, agency or person`];
  need('id');
  need('name');
  if (row.kind === 'person') {
    need('agencyId');
    if (!ROLES.includes(row.role ?? '')) errors.push(`line ${line}: role must be one of ${ROLES.join(', ')}`);
  }
  if (row.kind === 'partnership' && !NATIONS.includes(row.nation ?? ''))
    errors.push(`line ${line}: nation must be one of ${NATIONS.join(', ')}`);
  return errors;
}

export function parseDirectoryCsv(
  text: string,
): { ok: true; directory: Directory } | { ok: false; errors: string[] } {
  let rows: Row[];
  try {
    rows = parse<Row>(text, {
      columns: true,
      skip_empty_lines: true,
      trim: true,
      relax_column_count: true,
    });
  } catch (e) {
    return { ok: false, errors: [`not valid CSV: ${(e as Error).message}`] };
  }
  const errors: string[] = [];
  const lineOf = new Map<string, number>();
  const partnerships: Partnership[] = [];
  const agencies: Agency[] = [];
  const people: Person[] = [];
  rows.forEach((row, i) => {
    const line = i + 2; // the header is line 1
    const problems = rowErrors(row, line);
    errors.push(...problems);
    if (problems.length) return;
    lineOf.set(row.id!, line);
    if (row.kind === 'partnership') {
      partnerships.push({
        id: row.id!,
        name: row.name!,
        nation: row.nation as Partnership['nation'],
        businessOfficeIds: list(row.businessOfficeIds),
        strategicLeadIds: list(row.strategicLeadIds),
        chairId: opt(row.chairId),
      });
    } else if (row.kind === 'agency') {
      agencies.push({
        id: row.id!,
        name: row.name!,
        escalationManagerId: opt(row.escalationManagerId),
        headOfServiceId: opt(row.headOfServiceId),
        directorId: opt(row.directorId),
      });
    } else {
      people.push({
        id: row.id!,
        name: row.name!,
        agencyId: row.agencyId!,
        role: row.role as Person['role'],
        lineManagerId: opt(row.lineManagerId),
        email: opt(row.email),
      });
    }
  });
  if (partnerships.length !== 1)
    errors.push(`the file must have exactly one partnership row (found ${partnerships.length})`);
  if (errors.length) return { ok: false, errors };
  const directory = JSON.parse(
    JSON.stringify({ partnership: partnerships[0], agencies, people }),
  ) as Directory; // drops undefined
  const crossChecks = directoryProblems(directory).map((p) => {
    const m = /^people\[(\d+)\]/.exec(p);
    const id = m ? directory.people[Number(m[1])]?.id : undefined;
    return id && lineOf.has(id) ? `line ${lineOf.get(id)}: ${p.replace(/^people\[\d+\]\./, '')}` : p;
  });
  if (crossChecks.length) return { ok: false, errors: crossChecks };
  return parseDirectory(directory);
}
