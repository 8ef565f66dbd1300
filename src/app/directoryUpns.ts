/**
 * People named by address in a directory file (issue #19): a row may give, instead of (or beside) the Entra object
 * id, the address the person signs in with in the host tenant, or for a guest their own e-mail address. The import
 * looks each one up (Microsoft Graph, behind the UserLookup port) and keeps only the object id: the address is
 * input, never stored.
 */
import type { Directory } from '../domain/directory';

/** A row that gives an address: `where` is "line 7" (CSV) or "people[3]" (JSON); `id` is the object id it gives. */
export interface UpnRow {
  where: string;
  upn: string;
  id?: string;
}

/** A parsed file; with `upns`, people without an object id have a placeholder id until they are looked up. */
export type DirectoryInput =
  { ok: true; directory: Directory; upns: UpnRow[] } | { ok: false; errors: string[] };

/** What a look-up found in the host tenant. `failed`: Graph refused or could not be reached (status 0). */
export type UserMatch =
  | { kind: 'found'; id: string; guest: boolean }
  | { kind: 'notFound' }
  | { kind: 'ambiguous'; count: number }
  | { kind: 'failed'; status: number; code: string };

/** Finds a person of the host tenant by UPN, a guest's UPN, or an e-mail address (implemented over Graph). */
export interface UserLookup {
  find(address: string): Promise<UserMatch>;
}

/** One address, by its shape: a single @, something either side, no spaces. */
export const looksLikeAddress = (s: string): boolean => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s.trim());

/** A person with no object id goes by this until looked up; the import refuses to store it. */
export const placeholderFor = (upn: string): string => `upn:${upn.trim().toLowerCase()}`;
const PLACEHOLDER = /"upn:[^"]*"/;

/** Every person reference in the directory, passed through `f` (ids, line managers, named roles, delegations). */
export function mapPersonIds(d: Directory, f: (id: string) => string): Directory {
  const o = (id: string | undefined) => (id === undefined ? undefined : f(id));
  const p = d.partnership;
  return JSON.parse(
    JSON.stringify({
      ...d,
      partnership: {
        ...p,
        businessOfficeIds: p.businessOfficeIds.map(f),
        strategicLeadIds: p.strategicLeadIds.map(f),
        chairId: o(p.chairId),
      },
      agencies: d.agencies.map((a) => ({
        ...a,
        escalationManagerId: o(a.escalationManagerId),
        headOfServiceId: o(a.headOfServiceId),
        directorId: o(a.directorId),
      })),
      people: d.people.map((x) => ({ ...x, id: f(x.id), lineManagerId: o(x.lineManagerId) })),
      ...(d.delegations
        ? {
            delegations: d.delegations.map((x) => ({
              ...x,
              personId: f(x.personId),
              delegateId: f(x.delegateId),
            })),
          }
        : {}),
    }),
  ) as Directory; // drops the undefined optional fields again
}

/**
 * References typed as an address ("lineManagerId: jamie.reid@nhs.example") become that person's id, or their
 * placeholder until they are looked up. Letter case in addresses does not matter.
 */
export function aliasAddresses(d: Directory, rows: UpnRow[]): Directory {
  const byAddress = new Map(rows.map((r) => [r.upn.trim().toLowerCase(), r.id ?? placeholderFor(r.upn)]));
  return mapPersonIds(d, (id) => byAddress.get(id.trim().toLowerCase()) ?? id);
}

/** People still waiting for a look-up. */
export const unresolved = (rows: UpnRow[]): UpnRow[] => rows.filter((r) => !r.id);

export interface Resolution {
  directory: Directory | null;
  /** One line per row looked up, for the administrator (it names the address they typed). */
  report: string[];
  errors: string[];
}

/**
 * Look up the rows without an object id (and, with `checkGiven`, those with one, which must agree) and put the
 * object ids in. A refusal or an unreachable Graph stops the look-ups (the same would happen to every row).
 */
export async function resolveAddresses(
  d: Directory,
  rows: UpnRow[],
  lookup: UserLookup,
  opts: { checkGiven: boolean },
): Promise<Resolution> {
  const report: string[] = [];
  const errors: string[] = [];
  const ids = new Map<string, string>();
  for (const row of rows.filter((r) => opts.checkGiven || !r.id)) {
    const m = await lookup.find(row.upn.trim());
    const at = `${row.where}: ${row.upn}`;
    if (m.kind === 'found' && row.id && row.id.toLowerCase() !== m.id.toLowerCase())
      errors.push(`${at} is ${m.id} in the host tenant, but the row's id is ${row.id}`);
    else if (m.kind === 'found') {
      report.push(`${at} resolved to ${m.id}${m.guest ? ' (guest)' : ''}`);
      if (!row.id) ids.set(placeholderFor(row.upn), m.id);
    } else if (m.kind === 'notFound')
      errors.push(`${at} not found in the host tenant: invite them as a guest first (or check the address)`);
    else if (m.kind === 'ambiguous')
      errors.push(
        `${at} matches ${m.count} accounts in the host tenant: give the person's object id instead`,
      );
    else {
      errors.push(`${at} could not be looked up: ${failure(m)}; the rows after it were not looked up`);
      break;
    }
  }
  if (errors.length) return { directory: null, report, errors };
  const directory = mapPersonIds(d, (id) => ids.get(id) ?? id);
  if (PLACEHOLDER.test(JSON.stringify(directory)))
    errors.push('some people still have no object id: give their id, or an address to look up');
  return { directory: errors.length ? null : directory, report, errors };
}

/** What an administrator can do about a failed look-up. */
function failure(m: { status: number; code: string }): string {
  const code = m.code ? ` ${m.code}` : '';
  if (m.status === 0) return `Microsoft Graph could not be reached (${m.code || 'no answer'})`;
  if (m.status === 401 || m.status === 403)
    return `Microsoft Graph refused (${m.status}${code}): the identity needs the User.Read.All application permission, with admin consent, in the host tenant`;
  return `Microsoft Graph answered ${m.status}${code}`;
}
