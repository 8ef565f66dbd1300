/** Case state, commands and events of the escalation state machine (pure data). */
import type { DiscussionMethod, Participant } from '../procedure/schema';
import type {
  AgreedAction,
  CaseStatus,
  ClockInstance,
  Discussion,
  NewAction,
  Notified,
  Outcome,
  RaiseWindow,
  StageParticipant,
  Waiting,
} from './state';

export * from './state';

/** Commands: what a person (or the scheduler, as 'system') asks for. */
export type Command =
  | {
      type: 'raise';
      caseId: string;
      partnershipId: string;
      procedureId: string;
      reference: string;
      theme: string;
      summary: string;
      otherProfessionalId: string;
      imminentRisk: boolean;
      conflictWithOwnManager: boolean;
      supporterId: string | null;
      /** Dates people enter, by field, given at raise (the outside date of rules.raiseWithin). */
      dates?: Record<string, string>;
    }
  | { type: 'addSupporter'; supporterId: string }
  | { type: 'acknowledge' }
  | {
      type: 'recordDiscussion';
      heldAt: string;
      method: DiscussionMethod;
      attendeeIds: string[];
      summary: string;
      outcome: Discussion['outcome'];
      /** One of the procedure's discussionKinds, where it names any. */
      kind?: string;
    }
  | { type: 'agreePlan'; text: string; actions: NewAction[] }
  | { type: 'addAction'; text: string; ownerId: string; dueAt: string }
  | { type: 'completeAction'; actionId: string }
  | { type: 'proposeResolution'; summary: string; actions: NewAction[] }
  | { type: 'agreeResolution' }
  | { type: 'declineResolution'; reason: string }
  | { type: 'nameApprover'; personId: string }
  | { type: 'setImminentRisk'; reason: string }
  | { type: 'clearImminentRisk'; reason: string }
  | { type: 'actionReminderDue'; actionId: string }
  | { type: 'actionOverdue'; actionId: string }
  | { type: 'closeActions'; reason: string }
  | { type: 'recordLeadsNotified' }
  | { type: 'requestEscalation'; evidence: string }
  | { type: 'approveOutcome' }
  | { type: 'rejectOutcome'; reason: string }
  | { type: 'setClockDate'; clockId: string; date: string }
  /** A limit the procedure lets a participant set for the case (a `setForCase` field), in the field's unit. */
  | { type: 'setCaseLimit'; field: string; value: number }
  | { type: 'reminderDue'; clockId: string }
  | { type: 'clockPassed'; clockId: string }
  | { type: 'capPassed' }
  | { type: 'recordLearningPoints'; text: string }
  | { type: 'offerMediation'; meetingAt: string | null }
  | {
      type: 'recordMediationOutcome';
      outcome: 'resolved' | 'unresolved';
      summary: string;
      /** Required (here or recorded before) when the case stays unresolved after mediation. */
      learningPoints?: string;
    }
  | { type: 'recordBindingDecision'; kind: 'final' | 'courseOfAction'; text: string; actions?: NewAction[] }
  | { type: 'referToStage'; stageId: string; reason: string }
  | { type: 'assignParticipant'; agencyId: string; personId: string }
  | { type: 'withdraw'; reason: string };

export type CommandType = Command['type'];

/** Events: what happened. Past tense; each becomes one audit entry. */
export type CaseEvent =
  | {
      type: 'CaseRaised';
      caseId: string;
      partnershipId: string;
      procedureId: string;
      procedureVersion: number;
      reference: string;
      theme: string;
      summary: string;
      agencies: string[];
      professionals: Record<string, string>;
      imminentRisk: boolean;
      conflictWithOwnManager: boolean;
      supporterId: string | null;
      capDueAt: string | null;
    }
  | {
      type: 'SupporterAdded';
      supporterId: string;
      /** The supporter's agency, and whether it differs from the supported person's (only the business office may). */
      agencyId?: string;
      otherAgency?: boolean;
    }
  | {
      type: 'StageEntered';
      stageId: string;
      level: number;
      because: string;
      participants: StageParticipant[];
      holders: Record<string, string>;
      clocks: ClockInstance[];
      /** Agencies whose person the business office is asked to name (absent when none). */
      waitingFor?: Waiting[];
      /** People the stage only tells, and when (absent when none). */
      notified?: Notified[];
    }
  | { type: 'ManagerMissing'; agencyId: string; wanted: string; purpose?: 'approver' }
  | { type: 'ParticipantAssigned'; agencyId: string; personId: string; as?: Participant; role?: string }
  | { type: 'Acknowledged' }
  | { type: 'DiscussionRecorded'; discussion: Omit<Discussion, 'by' | 'at'> }
  | { type: 'PlanAgreed'; text: string }
  | { type: 'ActionAdded'; action: Omit<AgreedAction, 'by' | 'completedAt'> }
  | { type: 'ActionCompleted'; actionId: string }
  | { type: 'ClockMet'; clockId: string }
  | {
      type: 'ClockScheduled';
      clockId: string;
      dueAt: string;
      remindAt: string | null;
      rule: string;
      skipped: string;
      urgent?: boolean;
      /** When re-timed for imminent risk: the words and default flag of the timescale now applying. */
      wording?: string;
      isDefault?: boolean;
      /** The date a person entered, when the clock counts from it. */
      countsFrom?: string;
    }
  | { type: 'CaseLimitSet'; field: string; value: number }
  /** The raise checked against rules.raiseWithin once the outside date is known: lateness recorded, no alert. */
  | ({ type: 'RaiseChecked' } & RaiseWindow)
  | {
      type: 'OutcomeProposed';
      outcome: Outcome;
      evidence: string | null;
      approverIds: string[];
      awaitingApprover?: boolean;
      actingFor?: Record<string, string>;
    }
  | { type: 'ResolutionProposed'; summary: string; actions: NewAction[]; agencyId: string }
  | { type: 'ResolutionAgreed'; agencyId: string }
  | { type: 'ResolutionDeclined'; reason: string }
  | { type: 'ApproverNamed'; personId: string }
  /** A deadline moved the case up: the missed clocks are its evidence. */
  | { type: 'EscalatedAutomatically'; evidence: string; missed: string[] }
  | { type: 'ImminentRiskSet'; reason: string }
  | { type: 'ImminentRiskCleared'; reason: string }
  | { type: 'ActionReminderSent'; actionId: string }
  | { type: 'ActionOverdue'; actionId: string; onOverdue: 'remind' | 'alert' | 'escalate' }
  | { type: 'ActionsClosed'; reason: string; actionIds: string[] }
  | { type: 'LeadsNotified' }
  | { type: 'OutcomeApproved'; outcome: Outcome }
  | { type: 'OutcomeRejected'; reason: string }
  | { type: 'ReminderSent'; clockId: string }
  | {
      type: 'ClockPassed';
      clockId: string;
      onPass: ClockInstance['onPass'];
      /** The deadline passed while a proposal waited: it is kept, the people asked reminded. */
      held?: 'resolution' | 'approval';
    }
  /** `goTo`: the stage the procedure moves the case to; `held`: the move waits for a pending proposal. */
  | { type: 'CapPassed'; goTo?: string; held?: 'resolution' | 'approval' }
  | { type: 'LearningPointsRecorded'; text: string }
  | { type: 'MediationOffered'; meetingAt: string | null }
  | { type: 'MediationOutcomeRecorded'; outcome: 'resolved' | 'unresolved'; summary: string }
  | { type: 'BindingDecisionRecorded'; decision: string; kind?: 'final' | 'courseOfAction' }
  | { type: 'CaseClosed'; status: Exclude<CaseStatus, 'open'>; because: string };

export type EventType = CaseEvent['type'];

/** An event as decided: the domain event plus who caused it and when. */
export interface Decided {
  event: CaseEvent;
  by: string;
  at: string;
}

export const SYSTEM = 'system';
