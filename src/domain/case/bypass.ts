/**
 * Referral past the stages in between (the procedure's bypass rules): by a role at the current stage, or by whoever
 * holds the role for the case wherever they stand; only forward, and only to the stages a rule the person may use lists.
 */
import { findAgency, isBusinessOffice, lineManagerOf, type Directory } from '../directory';
import { fail } from '../errors';
import { isAfter, targetsOf } from '../procedure/order';
import type { Bypass, Participant, Procedure } from '../procedure/schema';
import { stageById } from '../procedure/validate';
import { type Emitter, enterStage } from './flow';
import { FieldErrors, MAX } from './inputs';
import type { Case } from './types';

/** Everyone above `personId` in their line of management. */
function managersAbove(dir: Directory, personId: string): string[] {
  const out: string[] = [];
  for (let m = lineManagerOf(dir, personId); m && !out.includes(m.id); m = lineManagerOf(dir, m.id))
    out.push(m.id);
  return out;
}

/** Does `personId` hold role `kind` for case `c` (for one of its agencies, or the partnership), wherever they stand? */
function holdsRole(kind: Participant, c: Case, personId: string, dir: Directory): boolean {
  const professionals = Object.values(c.professionals);
  const agencies = c.agencies.map((a) => findAgency(dir, a));
  switch (kind) {
    case 'professionals':
      return professionals.includes(personId);
    case 'lineManagers':
      return professionals.some((id) => lineManagerOf(dir, id)?.id === personId);
    case 'nextManagerUp':
      return professionals.some((id) => managersAbove(dir, id).includes(personId));
    case 'escalationManager':
      return agencies.some((a) => a?.escalationManagerId === personId);
    case 'headOfService':
      return agencies.some((a) => a?.headOfServiceId === personId);
    case 'director':
      return agencies.some((a) => a?.directorId === personId);
    case 'businessOffice':
      return isBusinessOffice(dir, personId);
    case 'strategicLead':
      return dir.partnership.strategicLeadIds.includes(personId);
    case 'independentChair':
      return dir.partnership.chairId === personId;
    default: {
      const unhandled: never = kind;
      throw new Error(`unhandled role ${String(unhandled)}`);
    }
  }
}

/** The referral rules `personId` may use on `c` now. */
export function referralRules(c: Case, personId: string, dir: Directory, p: Procedure): Bypass[] {
  const at = c.stage.participants.filter((x) => x.personId === personId).map((x) => x.as);
  return p.rules.bypass.filter((b) =>
    b.by.some(
      (k) =>
        at.includes(k) ||
        (k === 'businessOffice' && isBusinessOffice(dir, personId)) ||
        (b.standing === 'anywhere' && holdsRole(k, c, personId, dir)),
    ),
  );
}

/** The stages `personId` may refer `c` to now: those their rules list that lie ahead of the current stage. */
export function referralTargets(c: Case, personId: string, dir: Directory, p: Procedure): string[] {
  const ids = referralRules(c, personId, dir, p).flatMap(targetsOf);
  return [...new Set(ids)].filter((id) => isAfter(p, id, c.stage.stageId));
}

export function referToStage(em: Emitter, stageId: string, reason: string): void {
  const { procedure: p, directory: dir, by } = em.ctx;
  if (!p.rules.bypass.some((b) => targetsOf(b).includes(stageId)))
    fail('UNKNOWN_STAGE', 'This procedure does not allow a referral to that stage.');
  if (!referralRules(em.case, by, dir, p).some((b) => targetsOf(b).includes(stageId)))
    fail('NOT_ALLOWED', 'Your role does not allow a referral to that stage.');
  if (stageId === em.case.stage.stageId) fail('INVALID_INPUT', 'The case is already at that stage.');
  const to = stageById(p, stageId);
  if (!isAfter(p, stageId, em.case.stage.stageId))
    fail('BACKWARD_REFERRAL', `${to.label} comes before the case’s stage: a referral only goes forward.`);
  const f = new FieldErrors();
  const text = f.text('reason', reason, MAX.reason);
  f.done();
  em.emit({ type: 'OutcomeProposed', outcome: 'escalate', evidence: text, approverIds: [] });
  enterStage(em, to.id, 1, `referred to ${to.label} under the procedure’s referral rule`);
}
