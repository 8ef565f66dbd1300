/**
 * Directory import from CSV. One row per record, with a header:
 *   kind,id,name,agencyId,role,lineManagerId,email,escalationManagerId,headOfServiceId,directorId,nation,businessOfficeIds,strategicLeadIds,chairId
 * kind is partnership | agency | person | delegation | theme; list fields are separated by ';'. Errors name the line.
 * A theme row (id, name) adds to the partnership's list of themes, in file order (none: the default list).
 * Optional columns: channelConversationId, channelServiceUrl (partnership row: the business office channel);
 * delegateId, from, to (delegation row: id is the person who is away, from/to are dates, inclusive);
 * referencePattern, referenceFormat, referenceExample (agency row: its case-reference format, all three or none);
 * upn (person row: the address they sign in with in the host tenant, or a guest's own e-mail address; with no id,
 * the import looks the object id up in Microsoft Graph, and other rows may name them by it: src/app/directoryUpns.ts).
 * The upn is never stored, so an export's upn column is empty.
 * A role row (id, name, description) defines a role of the partnership's own; a person row's roles column lists the
 * ones they hold (ids, ';'-separated).
 */
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { Agency, Delegation, Directory, Partnership, Person, RoleDef, Theme } from '../domain/directory';
import { directoryProblems, parseDirectory } from './directoryFile';
import {
  aliasAddresses,
  looksLikeAddress,
  placeholderFor,
  type DirectoryInput,
  type UpnRow,
} from './directoryUpns';

type Row = Record<string, string>;

const ROLES = ['practitioner', 'manager', 'seniorManager', 'headOfService', 'director'];
const NATIONS = ['england-and-wales', 'scotland', 'northern-ireland'];
const list = (v: string | undefined) =>
  (v ?? '')
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean);
const opt = (v: string | undefined) => (v && v.trim() ? v.trim() : undefined);

/**
 * The export escapes cells a spreadsheet would run as formulas (csv-stringify's escape_formulas puts a "'"
 * before a leading = + - @ tab or CR); a value that already had quotes there gets one more, so the import
 * can always take exactly one off and a name like "-" or "'=x" comes back as it was.
 */
const QUOTED_FORMULA = /^'+[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;
const unescapeFormula = (v: string) => (QUOTED_FORMULA.test(v) ? v.slice(1) : v);
const quoteQuoted = (v: string | undefined) => (v && QUOTED_FORMULA.test(v) ? `'${v}` : v);

function rowErrors(row: Row, line: number): string[] {
  const errors: string[] = [];
  const need = (k: string) =>
    !row[k]?.trim() && errors.push(`line ${line}: ${k} is required for a ${row.kind}`);
  if (!['partnership', 'agency', 'person', 'delegation', 'theme', 'role'].includes(row.kind ?? ''))
    return [`line ${line}: kind must be partnership, agency, person, delegation, theme or role`];
  if (row.kind === 'person' && row.upn?.trim() && !looksLikeAddress(row.upn))
    errors.push(`line ${line}: upn must be one address (name@domain)`);
  if (row.kind === 'person' && row.id?.includes('@'))
    errors.push(`line ${line}: id must be the Entra object id; put an address in the upn column`);
  if (row.kind !== 'person' || !row.upn?.trim()) need('id');
  if (row.kind === 'delegation') {
    need('delegateId');
    for (const k of ['from', 'to'])
      if (!/^\d{4}-\d{2}-\d{2}$/.test(row[k] ?? ''))
        errors.push(`line ${line}: ${k} must be a date, YYYY-MM-DD`);
    return errors;
  }
  need('name');
  if (row.kind === 'person') {
    need('agencyId');
    if (!ROLES.includes(row.role ?? '')) errors.push(`line ${line}: role must be one of ${ROLES.join(', ')}`);
  }
  if (row.kind === 'partnership' && !NATIONS.includes(row.nation ?? ''))
    errors.push(`line ${line}: nation must be one of ${NATIONS.join(', ')}`);
  return errors;
}

/** Add one partnership, agency or person row to what the file holds. */
function collect(
  row: Row,
  into: { partnerships: Partnership[]; agencies: Agency[]; people: Person[] },
): void {
  const { partnerships, agencies, people } = into;
  if (row.kind === 'partnership') {
    partnerships.push({
      id: row.id!,
      name: row.name!,
      nation: row.nation as Partnership['nation'],
      businessOfficeIds: list(row.businessOfficeIds),
      strategicLeadIds: list(row.strategicLeadIds),
      chairId: opt(row.chairId),
      businessOfficeChannel: row.channelConversationId?.trim()
        ? {
            conversationId: row.channelConversationId.trim(),
            serviceUrl: row.channelServiceUrl?.trim() ?? '',
          }
        : undefined,
    });
  } else if (row.kind === 'agency') {
    agencies.push({
      id: row.id!,
      name: row.name!,
      escalationManagerId: opt(row.escalationManagerId),
      headOfServiceId: opt(row.headOfServiceId),
      directorId: opt(row.directorId),
      referencePattern: opt(row.referencePattern),
      referenceFormat: opt(row.referenceFormat),
      referenceExample: opt(row.referenceExample),
    });
  } else {
    people.push({
      id: row.id!,
      name: row.name!,
      agencyId: row.agencyId!,
      role: row.role as Person['role'],
      lineManagerId: opt(row.lineManagerId),
      email: opt(row.email),
      roles: list(row.roles).length ? list(row.roles) : undefined,
    });
  }
}

export function parseDirectoryCsv(text: string): DirectoryInput {
  let rows: Row[];
  try {
    rows = parse<Row>(text, {
      columns: true,
      skip_empty_lines: true,
      trim: true,
      relax_column_count: true,
      cast: (value) => unescapeFormula(value),
    });
  } catch (e) {
    return { ok: false, errors: [`not valid CSV: ${(e as Error).message}`] };
  }
  const errors: string[] = [];
  const lineOf = new Map<string, number>();
  const partnerships: Partnership[] = [];
  const agencies: Agency[] = [];
  const people: Person[] = [];
  const delegations: Delegation[] = [];
  const themes: Theme[] = [];
  const roles: RoleDef[] = [];
  const upns: UpnRow[] = [];
  rows.forEach((row, i) => {
    const line = i + 2; // the header is line 1
    const problems = rowErrors(row, line);
    errors.push(...problems);
    if (problems.length) return;
    if (row.kind === 'delegation') {
      delegations.push({ personId: row.id!, delegateId: row.delegateId!, from: row.from!, to: row.to! });
      return;
    }
    if (row.kind === 'theme') {
      themes.push({ id: row.id!, label: row.name! });
      return;
    }
    if (row.kind === 'role') {
      roles.push({ id: row.id!, name: row.name!, description: opt(row.description) });
      return;
    }
    const upn = row.kind === 'person' ? opt(row.upn) : undefined;
    const id = row.id?.trim() || (upn ? placeholderFor(upn) : '');
    if (upn) upns.push({ where: `line ${line}`, upn, ...(row.id?.trim() ? { id } : {}) });
    lineOf.set(`${row.kind}:${id}`, line);
    collect({ ...row, id }, { partnerships, agencies, people });
  });
  if (partnerships.length !== 1)
    errors.push(`the file must have exactly one partnership row (found ${partnerships.length})`);
  if (errors.length) return { ok: false, errors };
  const directory = aliasAddresses(
    JSON.parse(
      JSON.stringify({
        partnership: {
          ...partnerships[0],
          ...(themes.length ? { themes } : {}),
          ...(roles.length ? { roles } : {}),
        },
        agencies,
        people,
        ...(delegations.length ? { delegations } : {}),
      }),
    ) as Directory, // drops undefined
    upns,
  );
  const crossChecks = directoryProblems(directory).map((p) => {
    const m = /^(people|agencies)\[(\d+)\]\./.exec(p);
    const id = m ? directory[m[1] as 'people' | 'agencies'][Number(m[2])]?.id : undefined;
    const line = m && lineOf.get(`${m[1] === 'people' ? 'person' : 'agency'}:${id}`);
    return line ? `line ${line}: ${p.slice(m[0].length)}` : p;
  });
  if (crossChecks.length) return { ok: false, errors: crossChecks };
  const parsed = parseDirectory(directory);
  return parsed.ok ? { ...parsed, upns } : parsed;
}

const COLUMNS = [
  'kind',
  'id',
  'upn',
  'name',
  'agencyId',
  'role',
  'lineManagerId',
  'email',
  'escalationManagerId',
  'headOfServiceId',
  'directorId',
  'nation',
  'businessOfficeIds',
  'strategicLeadIds',
  'chairId',
  'channelConversationId',
  'channelServiceUrl',
  'delegateId',
  'from',
  'to',
  'referencePattern',
  'referenceFormat',
  'referenceExample',
  'roles',
  'description',
];

/** The directory as CSV in the import format (so export → edit → import round-trips). */
export function directoryCsv(d: Directory): string {
  const p = d.partnership;
  const rows: Record<string, string | undefined>[] = [
    {
      kind: 'partnership',
      id: p.id,
      name: p.name,
      nation: p.nation,
      businessOfficeIds: p.businessOfficeIds.join(';'),
      strategicLeadIds: p.strategicLeadIds.join(';'),
      chairId: p.chairId,
      channelConversationId: p.businessOfficeChannel?.conversationId,
      channelServiceUrl: p.businessOfficeChannel?.serviceUrl,
    },
    ...d.agencies.map((a) => ({ kind: 'agency', ...a })),
    ...d.people.map((x) => ({ kind: 'person', ...x, roles: x.roles?.join(';') })),
    ...(p.themes ?? []).map((t) => ({ kind: 'theme', id: t.id, name: t.label })),
    ...(p.roles ?? []).map((r) => ({ kind: 'role', id: r.id, name: r.name, description: r.description })),
    ...(d.delegations ?? []).map((x) => ({
      kind: 'delegation',
      id: x.personId,
      delegateId: x.delegateId,
      from: x.from,
      to: x.to,
    })),
  ];
  const quoted = rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, quoteQuoted(v)])));
  return stringify(quoted, { header: true, columns: COLUMNS, escape_formulas: true });
}
