/**
 * Who is involved at a stage, resolved from the directory. A missing manager is never skipped nor stood in for
 * under their title: the business office is asked to name one, and the agency's holder keeps the case meanwhile.
 */
import {
  findAgency,
  findPerson,
  lineManagerOf,
  ROLE_RANK,
  type AgencyRole,
  type Directory,
  type Person,
} from '../directory';
import type { Participant, Stage } from '../procedure/schema';
import type { StageParticipant, Waiting } from './types';

export interface CaseLine {
  agencies: string[];
  professionals: Record<string, string>;
  holders: Record<string, string>;
  supporterId: string | null;
  conflictWithOwnManager: boolean;
  /** The stage being left (absent before the first stage): the label each holder had there is kept. */
  stage?: { participants: StageParticipant[] };
}

export interface Resolution {
  participants: StageParticipant[];
  holders: Record<string, string>;
  missing: { agencyId: string; wanted: string }[];
  /** Agencies whose person at this stage the business office is asked to name. */
  waiting: Waiting[];
}

/** The least senior role a named person may hold for each agency-line capacity. */
const LEAST: Partial<Record<Participant, AgencyRole>> = {
  lineManagers: 'manager',
  escalationManager: 'seniorManager', // "a senior member of staff who can exercise authority within their agency"
  headOfService: 'headOfService',
  director: 'director',
};
const BY_RANK = Object.keys(ROLE_RANK) as AgencyRole[];

/** The role one level above `p` (a Director stays a Director). */
function roleAbove(p: Person | undefined): AgencyRole {
  return BY_RANK[Math.min(ROLE_RANK[p?.role ?? 'practitioner'] + 1, ROLE_RANK.director)]!;
}

/** How a holder who stays is described: as they were at the stage being left, else by their own role. */
const OWN_ROLE: Record<AgencyRole, Participant> = {
  practitioner: 'professionals',
  manager: 'lineManagers',
  seniorManager: 'nextManagerUp',
  headOfService: 'headOfService',
  director: 'director',
};
/** The capacity a person's own rank reads as (someone involved by a role of the partnership's own). */
export function ownRole(p: Person | undefined): Participant {
  return OWN_ROLE[p?.role ?? 'practitioner'];
}
function staysAs(c: CaseLine, a: string, holderId: string, dir: Directory): Participant {
  const was = c.stage?.participants.find(
    (p) => p.agencyId === a && p.as !== 'supporter' && (p.personId === holderId || p.actingFor === holderId),
  )?.as;
  return was && was !== 'supporter' ? was : OWN_ROLE[findPerson(dir, holderId)?.role ?? 'practitioner'];
}

function nameOf(dir: Directory, id: string): string {
  return findPerson(dir, id)?.name ?? id;
}

/** The person one step up from `personId`, or a description of who is missing. */
function upOne(dir: Directory, personId: string): Person | string {
  return lineManagerOf(dir, personId) ?? `line manager of ${nameOf(dir, personId)}`;
}

function agencyLine(kind: Participant, c: CaseLine, agencyId: string, dir: Directory): Person | string {
  const agency = findAgency(dir, agencyId);
  const named = (id: string | undefined, what: string) =>
    (id && findPerson(dir, id)) || `${what} of ${agency?.name ?? agencyId}`;
  switch (kind) {
    case 'lineManagers': {
      const lm = upOne(dir, c.professionals[agencyId]!);
      const ownConflict = c.conflictWithOwnManager && agencyId === c.agencies[0];
      return ownConflict && typeof lm !== 'string' ? upOne(dir, lm.id) : lm;
    }
    case 'nextManagerUp':
      return upOne(dir, c.holders[agencyId]!);
    case 'escalationManager':
      return named(agency?.escalationManagerId, 'named escalation manager');
    case 'headOfService':
      return named(agency?.headOfServiceId, 'Head of Service');
    case 'director':
      return named(agency?.directorId, 'Director');
    default:
      throw new Error(`${kind} is not an agency-line participant`);
  }
}

function partnershipPeople(kind: Participant, dir: Directory): string[] {
  const p = dir.partnership;
  if (kind === 'businessOffice') return p.businessOfficeIds;
  if (kind === 'strategicLead') return p.strategicLeadIds;
  return p.chairId ? [p.chairId] : [];
}

export const PARTNERSHIP_KINDS: readonly Participant[] = [
  'businessOffice',
  'strategicLead',
  'independentChair',
];

/** Resolve who is involved at `stage`; `climbing` limits nextManagerUp to the stage's climb ceiling. */
export function resolveParticipants(stage: Stage, c: CaseLine, dir: Directory): Resolution {
  const out: Resolution = { participants: [], holders: { ...c.holders }, missing: [], waiting: [] };
  for (const kind of stage.involves ?? []) {
    if (kind === 'professionals') {
      for (const a of c.agencies)
        out.participants.push({ personId: c.professionals[a]!, agencyId: a, as: kind });
      if (c.supporterId) out.participants.push(supporter(dir, c.supporterId));
      for (const a of c.agencies) out.holders[a] = c.professionals[a]!;
    } else if (PARTNERSHIP_KINDS.includes(kind)) {
      const ids = partnershipPeople(kind, dir);
      if (!ids.length) out.missing.push({ agencyId: 'partnership', wanted: kind });
      for (const id of ids)
        out.participants.push({ personId: id, agencyId: findPerson(dir, id)?.agencyId ?? '', as: kind });
    } else {
      for (const a of c.agencies) resolveAgency(kind, stage, c, a, dir, out);
    }
  }
  return out;
}

/**
 * One agency at an agency-line stage. Climbing (seed 000 stage 3, seed 002 stage 3): one level up the agency's
 * own line; an agency out of levels (at the ceiling, or no line manager) waits at its top while the other climbs.
 * Otherwise a gap in the directory leaves the holder with the case under their own title, and the agency waiting.
 */
export function resolveAgency(
  kind: Participant,
  stage: Stage,
  c: CaseLine,
  a: string,
  dir: Directory,
  out: Resolution,
) {
  const holderId = c.holders[a]!;
  const stay = () =>
    out.participants.push({ personId: holderId, agencyId: a, as: staysAs(c, a, holderId, dir) });
  if (kind === 'nextManagerUp' && stage.climb) {
    const up = lineManagerOf(dir, holderId);
    if (!up || !withinCeiling(up, stage.climb)) return stay();
    out.participants.push({ personId: up.id, agencyId: a, as: kind });
    out.holders[a] = up.id;
    return;
  }
  const found = agencyLine(kind, c, a, dir);
  if (typeof found === 'string') {
    out.missing.push({ agencyId: a, wanted: found });
    const atLeast = LEAST[kind] ?? roleAbove(findPerson(dir, holderId));
    out.waiting.push({ agencyId: a, wanted: found, as: kind, atLeast });
    return stay();
  }
  out.participants.push({ personId: found.id, agencyId: a, as: kind });
  out.holders[a] = found.id;
}

export function withinCeiling(p: Person, climb: NonNullable<Stage['climb']>): boolean {
  const ceiling = ROLE_RANK[climb.upTo];
  return climb.inclusive ? ROLE_RANK[p.role] <= ceiling : ROLE_RANK[p.role] < ceiling;
}

/** True when at least one agency can move one level further up within the climb ceiling. */
export function canClimb(stage: Stage, c: CaseLine, dir: Directory): boolean {
  if (!stage.climb) return false;
  const climb = stage.climb;
  return c.agencies.some((a) => {
    const up = lineManagerOf(dir, c.holders[a]!);
    return up !== undefined && withinCeiling(up, climb);
  });
}

function supporter(dir: Directory, id: string): StageParticipant {
  return { personId: id, agencyId: findPerson(dir, id)?.agencyId ?? '', as: 'supporter' };
}
