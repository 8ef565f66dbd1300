/** Who is involved at a stage, resolved from the directory; missing managers are reported, never skipped. */
import { findAgency, findPerson, lineManagerOf, ROLE_RANK, type Directory, type Person } from '../directory';
import type { Participant, Stage } from '../procedure/schema';
import type { StageParticipant } from './types';

export interface CaseLine {
  agencies: string[];
  professionals: Record<string, string>;
  holders: Record<string, string>;
  supporterId: string | null;
  conflictWithOwnManager: boolean;
}

export interface Resolution {
  participants: StageParticipant[];
  holders: Record<string, string>;
  missing: { agencyId: string; wanted: string }[];
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
  const out: Resolution = { participants: [], holders: { ...c.holders }, missing: [] };
  for (const kind of stage.involves) {
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

function resolveAgency(
  kind: Participant,
  stage: Stage,
  c: CaseLine,
  a: string,
  dir: Directory,
  out: Resolution,
) {
  const holder = findPerson(dir, c.holders[a]!);
  if (kind === 'nextManagerUp' && stage.climb && holder && !withinCeiling(holder, stage.climb)) {
    out.participants.push({ personId: holder.id, agencyId: a, as: kind }); // already at or above the ceiling
    return;
  }
  const found = agencyLine(kind, c, a, dir);
  if (typeof found === 'string') {
    out.missing.push({ agencyId: a, wanted: found });
    out.participants.push({ personId: c.holders[a]!, agencyId: a, as: kind }); // the case stays with someone
    return;
  }
  if (kind === 'nextManagerUp' && stage.climb && !withinCeiling(found, stage.climb)) {
    out.participants.push({ personId: c.holders[a]!, agencyId: a, as: kind }); // already at the top of the climb
    return;
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
