/** Read a directory file (JSON) for embedded/local runs; validated so a bad file fails loudly at start. */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import demo from '../demo/directory.json';
import { BUILTIN_ROLES, type Directory } from '../domain/directory';
import { MAX_REFERENCE, referenceFormatProblems } from '../domain/reference';
import {
  aliasAddresses,
  looksLikeAddress,
  placeholderFor,
  type DirectoryInput,
  type UpnRow,
} from './directoryUpns';

const ROLE = z.enum(['practitioner', 'manager', 'seniorManager', 'headOfService', 'director']);
const ROLE_ID = z.string().regex(/^[a-z][a-zA-Z0-9-]*$/, 'must be a short id (letters, digits, dashes)');
const DIRECTORY = z.strictObject({
  partnership: z.strictObject({
    id: z.string().min(1),
    name: z.string().min(1),
    nation: z.enum(['england-and-wales', 'scotland', 'northern-ireland']),
    businessOfficeIds: z.array(z.string()),
    strategicLeadIds: z.array(z.string()),
    chairId: z.string().optional(),
    businessOfficeChannel: z
      .strictObject({ conversationId: z.string(), serviceUrl: z.string(), tenantId: z.string().optional() })
      .optional(),
    themes: z
      .array(
        z.strictObject({
          id: z
            .string()
            .regex(/^[a-z][a-z0-9-]*$/, 'must be a short id (lower-case letters, digits, dashes)'),
          label: z.string().min(1).max(80),
        }),
      )
      .optional(),
    roles: z
      .array(
        z.strictObject({ id: ROLE_ID, name: z.string().min(1).max(80), description: z.string().optional() }),
      )
      .optional(),
  }),
  agencies: z.array(
    z.strictObject({
      id: z.string().min(1),
      name: z.string().min(1),
      escalationManagerId: z.string().optional(),
      headOfServiceId: z.string().optional(),
      directorId: z.string().optional(),
      referencePattern: z.string().max(200).optional(),
      referenceFormat: z.string().max(200).optional(),
      referenceExample: z.string().max(MAX_REFERENCE).optional(),
    }),
  ),
  people: z.array(
    z.strictObject({
      id: z.string().min(1),
      name: z.string().min(1),
      agencyId: z.string().min(1),
      role: ROLE,
      lineManagerId: z.string().optional(),
      email: z.string().optional(),
      roles: z.array(z.string().min(1)).optional(),
    }),
  ),
  delegations: z
    .array(
      z.strictObject({
        personId: z.string().min(1),
        delegateId: z.string().min(1),
        from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date, YYYY-MM-DD'),
        to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date, YYYY-MM-DD'),
      }),
    )
    .optional(),
});

/** Cross-checks: unique ids, references resolve, no line-management loops. */
export function directoryProblems(d: Directory): string[] {
  const problems: string[] = [];
  const ids = new Set<string>();
  d.people.forEach((p, i) => {
    if (ids.has(p.id)) problems.push(`people[${i}].id: duplicate id "${p.id}"`);
    ids.add(p.id);
  });
  const agencies = new Set(d.agencies.map((a) => a.id));
  d.people.forEach((p, i) => {
    if (!agencies.has(p.agencyId)) problems.push(`people[${i}].agencyId: no agency "${p.agencyId}"`);
    if (p.lineManagerId && !ids.has(p.lineManagerId))
      problems.push(`people[${i}].lineManagerId: "${p.lineManagerId}" is not a person in this directory`);
    const seen = new Set([p.id]);
    for (let m = p.lineManagerId; m; m = d.people.find((x) => x.id === m)?.lineManagerId) {
      if (seen.has(m)) {
        problems.push(`people[${i}].lineManagerId: line management loops back to "${m}"`);
        break;
      }
      seen.add(m);
    }
  });
  d.agencies.forEach((a, i) => {
    for (const k of ['escalationManagerId', 'headOfServiceId', 'directorId'] as const) {
      if (a[k] && !ids.has(a[k]))
        problems.push(`agencies[${i}].${k}: "${a[k]}" is not a person in this directory`);
    }
    for (const { field, problem } of referenceFormatProblems(a))
      problems.push(`agencies[${i}].${field}: ${a.name} (${a.id}): ${problem}`);
  });
  const pr = d.partnership;
  const themeIds = new Set<string>();
  (pr.themes ?? []).forEach((t, i) => {
    if (themeIds.has(t.id)) problems.push(`partnership.themes[${i}].id: duplicate theme "${t.id}"`);
    themeIds.add(t.id);
  });
  problems.push(...roleProblems(d));
  for (const id of [...pr.businessOfficeIds, ...pr.strategicLeadIds, ...(pr.chairId ? [pr.chairId] : [])]) {
    if (!ids.has(id)) problems.push(`partnership: "${id}" is not a person in this directory`);
  }
  (d.delegations ?? []).forEach((x, i) => {
    problems.push(...delegationProblems(d, x).map((p) => `delegations[${i}]: ${p}`));
  });
  return problems;
}

/** The partnership's roles: unique, not a built-in id; a person holds only roles the partnership defines. */
function roleProblems(d: Directory): string[] {
  const problems: string[] = [];
  const defined = new Set<string>();
  (d.partnership.roles ?? []).forEach((r, i) => {
    if (defined.has(r.id)) problems.push(`partnership.roles[${i}].id: duplicate role "${r.id}"`);
    if (Object.hasOwn(BUILTIN_ROLES, r.id))
      problems.push(`partnership.roles[${i}].id: "${r.id}" is a built-in role; choose another id`);
    defined.add(r.id);
  });
  d.people.forEach((p, i) => {
    for (const id of p.roles ?? [])
      if (!defined.has(id))
        problems.push(`people[${i}].roles: ${p.name} (${p.id}): no role "${id}" in partnership.roles`);
  });
  return problems;
}

/** A delegate must be someone else in the same agency who can approve (manager or above), or another business office member. */
export function delegationProblems(
  d: Directory,
  x: { personId: string; delegateId: string; from: string; to: string },
): string[] {
  const problems: string[] = [];
  const person = d.people.find((p) => p.id === x.personId);
  const delegate = d.people.find((p) => p.id === x.delegateId);
  if (!person) problems.push(`"${x.personId}" is not a person in this directory`);
  if (!delegate) problems.push(`the delegate "${x.delegateId}" is not a person in this directory`);
  if (x.personId === x.delegateId) problems.push('a person cannot delegate to themselves');
  if (x.to < x.from) problems.push('the last day is before the first day');
  if (person && delegate && x.personId !== x.delegateId) {
    const office = d.partnership.businessOfficeIds;
    const bothOffice = office.includes(person.id) && office.includes(delegate.id);
    if (!bothOffice && (delegate.agencyId !== person.agencyId || delegate.role === 'practitioner'))
      problems.push(
        'the delegate must be a manager (or above) in the same agency, or another business office member',
      );
  }
  return problems;
}

export function parseDirectory(
  value: unknown,
): { ok: true; directory: Directory } | { ok: false; errors: string[] } {
  const r = DIRECTORY.safeParse(value);
  if (!r.success) return { ok: false, errors: schemaErrors(r.error) };
  const problems = directoryProblems(r.data);
  return problems.length ? { ok: false, errors: problems } : { ok: true, directory: r.data };
}

/**
 * A directory file as an administrator writes it: a person may give `upn` (with or without `id`), and other
 * entries may name them by it (src/app/directoryUpns.ts). The upn is taken out; it is never stored.
 */
export function parseDirectoryInput(value: unknown): DirectoryInput {
  const upns: UpnRow[] = [];
  const errors: string[] = [];
  const people = (value as { people?: unknown } | null)?.people;
  const input = Array.isArray(people)
    ? { ...(value as object), people: people.map((p: unknown, i) => takeUpn(p, i, upns, errors)) }
    : value;
  const r = DIRECTORY.safeParse(input);
  if (!r.success || errors.length)
    return { ok: false, errors: [...errors, ...(r.success ? [] : schemaErrors(r.error))] };
  const directory = aliasAddresses(r.data, upns);
  const problems = directoryProblems(directory);
  return problems.length ? { ok: false, errors: problems } : { ok: true, directory, upns };
}

/** A person's `upn` taken out (and their id, if they have none, a placeholder until it is looked up). */
function takeUpn(p: unknown, i: number, upns: UpnRow[], errors: string[]): unknown {
  if (!p || typeof p !== 'object' || !('upn' in p)) return p;
  const { upn, ...rest } = p as { upn: unknown; id?: unknown };
  if (typeof upn !== 'string' || !looksLikeAddress(upn)) {
    errors.push(`people[${i}].upn: must be one address (name@domain)`);
    return rest;
  }
  const id = typeof rest.id === 'string' && rest.id.trim() ? rest.id.trim() : undefined;
  upns.push({ where: `people[${i}]`, upn: upn.trim(), ...(id ? { id } : {}) });
  return id ? rest : { ...rest, id: placeholderFor(upn) };
}

function schemaErrors(error: z.ZodError): string[] {
  return error.issues.map(
    (i) =>
      `${i.path
        .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
        .join('')
        .replace(/^\./, '')}: ${i.message}`,
  );
}

/** The seeded demo directory used by local runs. */
export function demoDirectory(): Directory {
  const r = parseDirectory(demo);
  if (!r.ok) throw new Error(`the demo directory is invalid: ${r.errors.join('; ')}`);
  return r.directory;
}

export function readDirectoryFile(file: string): Directory {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`cannot read directory file ${file}: ${(e as Error).message}`);
  }
  const r = parseDirectory(value);
  if (!r.ok) throw new Error(`directory file ${file} is invalid:\n  ${r.errors.join('\n  ')}`);
  return r.directory;
}
