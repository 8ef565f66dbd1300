/**
 * Who is involved at a stage that says it per side (procedure/involvement.ts): the raising side (the raiser's agency),
 * the receiving side, both, and the partnership. Each entry finds one person per side, as `involves` would; a role
 * is held by the nearest holder up the side's professional's line, else the first holder in the agency. Nobody
 * holding it: the business office is asked to name someone, and the side's holder keeps the case meanwhile.
 */
import {
  agencyOfSide,
  findAgency,
  findPerson,
  holdsRole,
  lineManagerOf,
  roleName,
  type Directory,
  type Person,
} from '../directory';
import type { Involved, Involvement } from '../procedure/involvement';
import type { Participant, Stage } from '../procedure/schema';
import {
  type CaseLine,
  ownRole,
  PARTNERSHIP_KINDS,
  resolveAgency,
  resolveParticipants,
  type Resolution,
} from './participants';

const ENTRY_KIND: Record<string, Participant> = {
  lineManagerOf: 'lineManagers',
  nextManagerUp: 'nextManagerUp',
  namedEscalationManager: 'escalationManager',
};

/** Who is involved at `stage`: per side where it says so, else by its `involves` list as before. */
export function whoIsInvolved(stage: Stage, c: CaseLine, dir: Directory): Resolution {
  return stage.involvement
    ? resolveInvolvement(stage, stage.involvement, c, dir)
    : resolveParticipants(stage, c, dir);
}

function resolveInvolvement(stage: Stage, inv: Involvement, c: CaseLine, dir: Directory): Resolution {
  const out: Resolution = { participants: [], holders: { ...c.holders }, missing: [], waiting: [] };
  const [raising, receiving] = c.agencies;
  const sides: [string | undefined, Involved[] | undefined][] = [
    [raising, inv.raising],
    [receiving, inv.receiving],
  ];
  let professionals = false;
  for (const [a, own] of sides) {
    if (!a) continue;
    for (const e of [...(inv.both ?? []), ...(own ?? [])]) {
      if ('partnershipRole' in e) continue;
      if ('professional' in e) {
        out.participants.push({ personId: c.professionals[a]!, agencyId: a, as: 'professionals' });
        out.holders[a] = c.professionals[a]!;
        professionals = true;
      } else if ('role' in e) byRole(e.role, c, a, dir, out);
      else resolveAgency(ENTRY_KIND[Object.keys(e)[0]!]!, stage, c, a, dir, out);
    }
  }
  if (professionals && c.supporterId) {
    const s = findPerson(dir, c.supporterId);
    out.participants.push({ personId: c.supporterId, agencyId: s?.agencyId ?? '', as: 'supporter' });
  }
  const everywhere = [...(inv.raising ?? []), ...(inv.receiving ?? []), ...(inv.both ?? [])];
  for (const e of [...everywhere, ...(inv.partnership ?? [])])
    if ('partnershipRole' in e) byPartnershipRole(e.partnershipRole, dir, out);
  return out;
}

/** The person who holds `roleId` for side `a`: up the side's professional's line first, else anyone in the agency. */
export function roleHolder(dir: Directory, c: CaseLine, a: string, roleId: string): Person | undefined {
  const agencyId = agencyOfSide(a);
  const seen = new Set<string>();
  for (let p = lineManagerOf(dir, c.professionals[a]!); p && !seen.has(p.id); p = lineManagerOf(dir, p.id)) {
    seen.add(p.id);
    if (p.agencyId === agencyId && holdsRole(p, roleId)) return p;
  }
  const parties = new Set(Object.values(c.professionals));
  return dir.people.find((p) => p.agencyId === agencyId && !parties.has(p.id) && holdsRole(p, roleId));
}

function byRole(roleId: string, c: CaseLine, a: string, dir: Directory, out: Resolution): void {
  const found = roleHolder(dir, c, a, roleId);
  if (found) {
    out.participants.push({ personId: found.id, agencyId: a, as: ownRole(found), role: roleId });
    out.holders[a] = found.id;
    return;
  }
  const wanted = `${roleName(dir, roleId)} of ${findAgency(dir, a)?.name ?? a}`;
  out.missing.push({ agencyId: a, wanted });
  out.waiting.push({ agencyId: a, wanted, as: 'lineManagers', atLeast: 'practitioner', role: roleId });
  const holderId = out.holders[a]!;
  const was = out.participants.some((p) => p.agencyId === a && p.personId === holderId);
  if (!was)
    out.participants.push({ personId: holderId, agencyId: a, as: ownRole(findPerson(dir, holderId)) });
}

/** Everyone who holds a partnership role: the business office, Strategic Leads, the Chair, or a role of its own. */
export function partnershipRoleHolders(dir: Directory, roleId: string): string[] {
  const p = dir.partnership;
  if (roleId === 'businessOffice') return p.businessOfficeIds;
  if (roleId === 'strategicLead') return p.strategicLeadIds;
  if (roleId === 'independentChair') return p.chairId ? [p.chairId] : [];
  return dir.people.filter((x) => (x.roles ?? []).includes(roleId)).map((x) => x.id);
}

function byPartnershipRole(roleId: string, dir: Directory, out: Resolution): void {
  const ids = partnershipRoleHolders(dir, roleId);
  if (!ids.length) out.missing.push({ agencyId: 'partnership', wanted: roleName(dir, roleId) });
  const builtin = PARTNERSHIP_KINDS.includes(roleId as Participant);
  for (const id of ids) {
    const person = findPerson(dir, id);
    out.participants.push({
      personId: id,
      agencyId: person?.agencyId ?? '',
      ...(builtin ? { as: roleId as Participant } : { as: ownRole(person), role: roleId }),
    });
  }
}
