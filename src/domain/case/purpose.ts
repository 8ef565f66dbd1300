/** Clocks serve the procedure's purpose: each requirement is met by the act that fulfils it. */
import type { Case, ClockInstance, StageInstance } from './types';

/** People at the stage for the agencies the disagreement was raised with (not the raising agency). */
function receivingSide(c: Case): Set<string> {
  const raising = c.agencies[0];
  return new Set(
    c.stage.participants.filter((p) => p.agencyId !== raising && p.as !== 'supporter').map((p) => p.personId),
  );
}

/** The receiving side has taken the disagreement up: acknowledged it, or acted on it at this stage. */
function takenUp(c: Case): boolean {
  const s = c.stage;
  const raising = c.agencies[0]!;
  const them = receivingSide(c);
  return (
    s.acknowledgedBy.length > 0 ||
    s.plan !== null ||
    s.discussions.some((d) => them.has(d.by) || d.attendeeIds.some((id) => them.has(id))) ||
    Object.keys(s.resolution?.agreed ?? {}).some((agency) => agency !== raising)
  );
}

/** An agreed resolution is waiting only for a manager's approval. */
function resolutionAgreed(s: StageInstance): boolean {
  return s.pending?.outcome === 'resolved';
}

/**
 * Is the purpose of clock `k` served by what has been recorded at the current stage?
 * - acknowledgement: acknowledged, or any later act of the receiving side (discussion, plan, proposal, agreement);
 * - discussion: a discussion held by a method that counts (and of the clock's kind, where it asks for one);
 * - plan: an agreed plan, or an agreed resolution that carries actions with due dates;
 * - outcome: an agreed plan, an agreed resolution, or an escalation asked for;
 * - mediationOffered / decision / finalDecision: mediation offered; a binding decision or course of action; a final decision.
 */
export function servedBy(c: Case, k: ClockInstance): boolean {
  const s = c.stage;
  switch (k.requirement) {
    case 'acknowledgement':
      return takenUp(c);
    case 'discussion':
      return s.discussions.some((d) => d.counts && (!k.discussionKind || d.kind === k.discussionKind));
    case 'plan':
      return s.plan !== null || (resolutionAgreed(s) && (s.resolution?.actions.length ?? 0) > 0);
    case 'outcome':
      return s.plan !== null || s.pending !== null;
    case 'mediationOffered':
      return s.mediation !== null;
    case 'decision':
      return s.decision !== null;
    case 'finalDecision':
      return s.decision?.kind === 'final';
    default: {
      const unhandled: never = k.requirement;
      throw new Error(`unhandled requirement ${String(unhandled)}`);
    }
  }
}
