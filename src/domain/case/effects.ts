/** Effects are data: who must be told what, implied by the events a command produced. */
import type { Nation } from '../calendar';
import type { Procedure } from '../procedure/schema';
import { stageById } from '../procedure/validate';
import { followUpEffects } from './followUps';
import { noticeRecipients, type NoticeReason } from './notices';
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

/** What an alert tells: reference, stage and deadline only — never case details. */
interface Minimal {
  caseId: string;
  reference: string;
  stageLabel: string;
  /** The earliest deadline still ahead when the alert was decided (never one already past). */
  dueAt: string | null;
  /** For the deadline's wording ("the end of <previous working day>"); absent on alerts stored before it. */
  nation?: Nation;
  seq: number;
}

export type Effect =
  | { kind: 'notify'; to: string; reason: NotifyReason; caseId: string; seq: number }
  /** Business office channel. */
  | (Minimal & { kind: 'alert'; reason: AlertReason })
  /** A person a stage only tells (notices.ts), in their 1:1 chat: no more than an alert. */
  | (Minimal & { kind: 'notice'; to: string; reason: NoticeReason })
  | { kind: 'refreshCards'; caseId: string };

/** A message to one person: the case card (notify), or a notice with no more than an alert has. */
export type PersonEffect = Extract<Effect, { kind: 'notify' | 'notice' }>;

function earliestDue(c: Case, after: string | null): string | null {
  const due = c.stage.clocks
    .filter((k) => k.dueAt && !k.metAt && !k.passedAt && (after === null || k.dueAt > after))
    .map((k) => k.dueAt!);
  return due.length ? due.sort()[0]! : null;
}

/** A business office alert about `c`: reference, stage and earliest open deadline only. */
export function alertOf(
  reason: AlertReason,
  c: Case,
  procedure: Procedure,
  seq: number,
  at: string | null = null,
): Extract<Effect, { kind: 'alert' }> {
  return {
    kind: 'alert',
    reason,
    caseId: c.caseId,
    reference: c.reference,
    stageLabel: stageById(procedure, c.stage.stageId).label,
    dueAt: c.status === 'open' ? earliestDue(c, at) : null, // a closed case's clocks no longer run
    nation: procedure.nation,
    seq,
  };
}

/** What `effectsOf` reads: the events a command produced and the case around them. */
export interface EffectsInput {
  /** The case before the first event; null for a new case. */
  before: Case | null;
  decided: Decided[];
  /** `states[i]` is the case after `decided[i]`. */
  states: Case[];
  procedure: Procedure;
  /** The sequence number of `decided[0]`; the others follow. */
  firstSeq: number;
}

type Tell = (to: string[], reason: NotifyReason) => void;
type Alert = (reason: AlertReason) => void;

/** Who is told what because of one event (`c` the case after it, `prev` before it). */
function eventEffects(
  d: Decided,
  c: Case,
  prev: Case | null,
  procedure: Procedure,
  tell: Tell,
  alert: Alert,
): void {
  const people = c.stage.participants.map((p) => p.personId);
  const e = d.event;
  switch (e.type) {
    case 'StageEntered': {
      const first = prev === null || prev.stage.stageId === '';
      tell(people, first ? 'caseRaised' : 'stageEntered');
      const auto = d.by === SYSTEM;
      if (stageById(procedure, e.stageId).notifyBusinessOffice || e.level > 1 || auto)
        alert(auto ? 'escalatedAutomatically' : 'stageEntered');
      return;
    }
    case 'ManagerMissing':
      return alert('managerMissing');
    case 'OutcomeProposed':
      return tell(e.approverIds, 'approvalRequested');
    case 'OutcomeRejected':
      return tell(prev?.stage.pending ? [prev.stage.pending.by] : [], 'outcomeRejected');
    case 'ReminderSent':
      return tell(people, 'reminder');
    case 'ClockPassed':
      tell(people, 'deadlinePassed');
      return alert('deadlinePassed');
    case 'CapPassed':
      return alert('capPassed');
    case 'ActionAdded':
      return tell([e.action.ownerId], 'actionAssigned');
    case 'MediationOffered':
      return tell(people, 'mediationOffered');
    case 'CaseClosed':
      tell([...people, ...c.history.flatMap((s) => s.participants.map((p) => p.personId))], 'closed');
      return alert('closed');
    // no one is told of these here (followUps.ts handles the ones with follow-up messages)
    case 'Acknowledged':
    case 'ActionCompleted':
    case 'ActionOverdue':
    case 'ActionReminderSent':
    case 'ActionsClosed':
    case 'ApproverNamed':
    case 'BindingDecisionRecorded':
    case 'CaseLimitSet':
    case 'RaiseChecked':
    case 'CaseRaised':
    case 'ClockMet':
    case 'ClockScheduled':
    case 'DiscussionRecorded':
    case 'EscalatedAutomatically':
    case 'ImminentRiskCleared':
    case 'ImminentRiskSet':
    case 'LeadsNotified':
    case 'LearningPointsRecorded':
    case 'MediationOutcomeRecorded':
    case 'OutcomeApproved':
    case 'ParticipantAssigned':
    case 'PlanAgreed':
    case 'ResolutionAgreed':
    case 'ResolutionDeclined':
    case 'ResolutionProposed':
    case 'SupporterAdded':
      return;
    default: {
      const unhandled: never = e;
      throw new Error(`no effects rule for event ${(unhandled as { type: string }).type}`);
    }
  }
}

/** Effects of the events a command produced: notifications, business office alerts, and card refreshes. */
export function effectsOf({ before, decided, states, procedure, firstSeq }: EffectsInput): Effect[] {
  const out: Effect[] = [];
  const actor = decided[0]?.by ?? SYSTEM;
  decided.forEach((d, i) => {
    const c = states[i]!;
    const prev = i === 0 ? before : states[i - 1]!;
    const seq = firstSeq + i;
    const tell: Tell = (to, reason) => {
      for (const id of new Set(to))
        if (id !== actor || actor === SYSTEM)
          out.push({ kind: 'notify', to: id, reason, caseId: c.caseId, seq });
    };
    const alert: Alert = (reason) => out.push(alertOf(reason, c, procedure, seq, d.at));
    followUpEffects(d, c, prev, tell, alert);
    const notice = noticeRecipients(d.event, c);
    for (const to of notice?.to ?? []) {
      const { reason } = notice!;
      out.push({ ...alertOf(reason, c, procedure, seq, d.at), kind: 'notice', to, reason });
    }
    eventEffects(d, c, prev, procedure, tell, alert);
  });
  oneAlertPerEvent(out);
  if (decided.length) out.push({ kind: 'refreshCards', caseId: states[states.length - 1]!.caseId });
  return out;
}

/**
 * A missed deadline that escalates the case is one event for the business office: "escalated automatically"
 * (which names the new stage and its deadline), not also "a deadline passed".
 */
function oneAlertPerEvent(out: Effect[]): void {
  if (!out.some((e) => e.kind === 'alert' && e.reason === 'escalatedAutomatically')) return;
  for (let i = out.length - 1; i >= 0; i--) {
    const e = out[i]!;
    if (e.kind === 'alert' && e.reason === 'deadlinePassed') out.splice(i, 1);
  }
}
