/**
 * Case lifecycle events for telemetry: one per domain event a command saved, named by its type, with the case's
 * ids and the event's codes. Fields that hold what people typed (reference, summary, reasons, evidence, plans,
 * decisions, `because`) are never read here; person ids are reduced to "person" or "system".
 */
import type { CaseDoc } from '../app/caseDocument';
import { SYSTEM, toDecided, type CaseEvent, type ChainedEvent } from '../domain/case';
import type { Props, Telemetry } from './telemetry';

/** What a command saved (the application's RunResult, structurally). */
export interface Committed {
  doc: CaseDoc;
  events: readonly ChainedEvent[];
}

/** Tell telemetry of every event in `result`; telemetry never fails a command. */
export function reportCaseEvents(telemetry: Telemetry, result: Committed): void {
  if (!telemetry.enabled || result.events.length === 0) return;
  try {
    const { doc } = result;
    let stage = stageBefore(result);
    for (const stored of result.events) {
      const event = toDecided(stored).event;
      if (event.type === 'StageEntered') stage = { stageId: event.stageId, level: event.level };
      telemetry.event(event.type, {
        caseId: doc.caseId,
        partnershipId: doc.partnershipId,
        procedureId: doc.state.procedureId,
        ...stage,
        seq: stored.seq,
        ...(stored.source ? { source: stored.source } : {}), // 'scheduler' or 'card:<verb>'
        actor: stored.by === SYSTEM ? 'system' : 'person',
        ...codesOf(event),
      });
    }
  } catch {
    // deliberately tolerated: a case change is never undone or refused because telemetry failed
  }
}

/** The stage the first event happened at: the case's stage, unless these events moved it. */
function stageBefore(result: Committed): { stageId: string; level: number } | object {
  const { doc, events } = result;
  if (!events.some((e) => e.type === 'StageEntered'))
    return { stageId: doc.state.stage.stageId, level: doc.state.stage.level };
  const firstSeq = events[0]!.seq;
  for (let i = doc.events.length - 1; i >= 0; i--) {
    const e = doc.events[i]!;
    if (e.seq < firstSeq && e.type === 'StageEntered')
      return { stageId: String(e.data.stageId), level: Number(e.data.level) };
  }
  return {}; // a new case, or the stage entry was archived
}

/** The codes and counts an event carries (never its text). */
function codesOf(e: CaseEvent): Props {
  switch (e.type) {
    case 'CaseRaised':
      return { imminentRisk: e.imminentRisk, agencies: e.agencies.length };
    case 'OutcomeProposed':
      return { outcome: e.outcome, awaitingApprover: e.awaitingApprover === true };
    case 'OutcomeApproved':
      return { outcome: e.outcome };
    case 'ClockPassed':
      return { clockId: e.clockId, onPass: e.onPass, ...(e.held ? { held: e.held } : {}) };
    case 'ClockMet':
    case 'ReminderSent':
      return { clockId: e.clockId };
    case 'ClockScheduled':
      return { clockId: e.clockId, ...(e.urgent ? { kind: 'urgent' } : {}) };
    case 'EscalatedAutomatically':
      return { missed: e.missed.length };
    case 'ActionOverdue':
      return { onPass: e.onOverdue };
    case 'ManagerMissing':
    case 'ParticipantAssigned':
    case 'ResolutionAgreed':
      return { agencyId: e.agencyId };
    case 'MediationOutcomeRecorded':
      return { outcome: e.outcome };
    case 'BindingDecisionRecorded':
      return { kind: e.kind ?? 'final' };
    case 'CaseClosed':
      return { status: e.status };
    default:
      return {};
  }
}
