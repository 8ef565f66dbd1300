/** Effects are data: who must be told what, implied by the events a command produced. */
import type { Procedure } from '../procedure/schema';
import { stageById } from '../procedure/validate';
import { followUpEffects } from './followUps';
import type { Case, Decided } from './types';
import { SYSTEM } from './types';

export type NotifyReason =
  | 'caseRaised'
  | 'stageEntered'
  | 'approvalRequested'
  | 'outcomeRejected'
  | 'reminder'
  | 'deadlinePassed'
  | 'actionAssigned'
  | 'mediationOffered'
  | 'closed'
  /** Asked to agree a proposed resolution; told a proposed resolution was declined. */
  | 'resolutionProposed'
  | 'resolutionDeclined';

export type AlertReason =
  | 'stageEntered'
  | 'deadlinePassed'
  | 'managerMissing'
  | 'capPassed'
  | 'closed'
  | 'escalatedAutomatically'
  /** The saved case document has passed a size threshold on the way to the store's item limit (limits.ts). */
  | 'caseNearlyFull'
  | 'deliveryFailed'
  /** The connector took a message but its answer was lost: it may or may not have arrived. */
  | 'deliveryUnconfirmed'
  /** A child is at imminent risk of harm: urgent timescales apply. */
  | 'imminentRisk'
  /** An agreed action is past its due date. */
  | 'actionOverdue';

export type Effect =
  | { kind: 'notify'; to: string; reason: NotifyReason; caseId: string; seq: number }
  /** Business office channel: reference, stage and deadline only — never case details. */
  | {
      kind: 'alert';
      reason: AlertReason;
      caseId: string;
      reference: string;
      stageLabel: string;
      dueAt: string | null;
      seq: number;
    }
  | { kind: 'refreshCards'; caseId: string };

function earliestDue(c: Case): string | null {
  const due = c.stage.clocks.filter((k) => k.dueAt && !k.metAt && !k.passedAt).map((k) => k.dueAt!);
  return due.length ? due.sort()[0]! : null;
}

/** A business office alert about `c`: reference, stage and earliest open deadline only. */
export function alertOf(
  reason: AlertReason,
  c: Case,
  procedure: Procedure,
  seq: number,
): Extract<Effect, { kind: 'alert' }> {
  return {
    kind: 'alert',
    reason,
    caseId: c.caseId,
    reference: c.reference,
    stageLabel: stageById(procedure, c.stage.stageId).label,
    dueAt: earliestDue(c),
    seq,
  };
}

/**
 * Effects of `decided` (events numbered from `firstSeq`), given the state after each event.
 * `states[i]` is the case after `decided[i]`; `before` is the case before the first.
 */
export function effectsOf(
  before: Case | null,
  decided: Decided[],
  states: Case[],
  procedure: Procedure,
  firstSeq: number,
): Effect[] {
  const out: Effect[] = [];
  const actor = decided[0]?.by ?? SYSTEM;
  const tell = (to: string[], reason: NotifyReason, seq: number, c: Case) => {
    for (const id of new Set(to))
      if (id !== actor || actor === SYSTEM)
        out.push({ kind: 'notify', to: id, reason, caseId: c.caseId, seq });
  };
  const alert = (reason: AlertReason, c: Case, seq: number) => out.push(alertOf(reason, c, procedure, seq));
  decided.forEach((d, i) => {
    const c = states[i]!;
    const prev = i === 0 ? before : states[i - 1]!;
    const seq = firstSeq + i;
    const people = c.stage.participants.map((p) => p.personId);
    const e = d.event;
    followUpEffects(
      d,
      c,
      prev,
      (to, r) => tell(to, r, seq, c),
      (r) => alert(r, c, seq),
    );
    switch (e.type) {
      case 'StageEntered': {
        const first = prev === null || prev.stage.stageId === '';
        tell(people, first ? 'caseRaised' : 'stageEntered', seq, c);
        const auto = d.by === SYSTEM;
        if (stageById(procedure, e.stageId).notifyBusinessOffice || e.level > 1 || auto)
          alert(auto ? 'escalatedAutomatically' : 'stageEntered', c, seq);
        break;
      }
      case 'ManagerMissing':
        alert('managerMissing', c, seq);
        break;
      case 'OutcomeProposed':
        tell(e.approverIds, 'approvalRequested', seq, c);
        break;
      case 'OutcomeRejected':
        tell(prev?.stage.pending ? [prev.stage.pending.by] : [], 'outcomeRejected', seq, c);
        break;
      case 'ReminderSent':
        tell(people, 'reminder', seq, c);
        break;
      case 'ClockPassed':
        tell(people, 'deadlinePassed', seq, c);
        alert('deadlinePassed', c, seq);
        break;
      case 'CapPassed':
        alert('capPassed', c, seq);
        break;
      case 'ActionAdded':
        tell([e.action.ownerId], 'actionAssigned', seq, c);
        break;
      case 'MediationOffered':
        tell(people, 'mediationOffered', seq, c);
        break;
      case 'CaseClosed':
        tell(
          [...people, ...c.history.flatMap((s) => s.participants.map((p) => p.personId))],
          'closed',
          seq,
          c,
        );
        alert('closed', c, seq);
        break;
      default:
        break;
    }
  });
  if (decided.length) out.push({ kind: 'refreshCards', caseId: states[states.length - 1]!.caseId });
  return out;
}
