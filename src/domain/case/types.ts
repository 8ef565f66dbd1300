/** Case state, commands and events of the escalation state machine (pure data). */
import type { DiscussionMethod, Participant, Requirement } from '../procedure/schema';

export type CaseStatus = 'open' | 'resolved' | 'unresolved' | 'decided' | 'withdrawn';
export type Outcome = 'resolved' | 'escalate';

/** Someone involved at a stage, and in which capacity. */
export interface StageParticipant {
  personId: string;
  agencyId: string;
  as: Participant | 'supporter';
  /** Set when this person stands in for someone who is away (out of office); their id. */
  actingFor?: string;
}

export interface ClockInstance {
  clockId: string;
  label: string;
  requirement: Requirement;
  onPass: 'escalate' | 'alert' | 'remind';
  wording: string;
  isDefault: boolean;
  /** Null while the clock waits for its anchor (another clock, or a date a user enters). */
  dueAt: string | null;
  remindAt: string | null;
  rule: string; // '2 working days', '48 hours', 'the lesser of …'
  skipped: string; // 'Christmas Day and Boxing Day bank holidays skipped'
  waitingFor: string | null; // what the clock waits for while dueAt is null
  metAt: string | null;
  remindedAt: string | null;
  passedAt: string | null;
}

export interface Discussion {
  id: string;
  heldAt: string;
  method: DiscussionMethod;
  attendeeIds: string[];
  summary: string;
  outcome: 'resolved' | 'planAgreed' | 'unresolved';
  counts: boolean; // false for record-only methods such as e-mail
  by: string;
  at: string;
}

export interface AgreedAction {
  id: string;
  text: string;
  ownerId: string;
  dueAt: string;
  completedAt: string | null;
  by: string;
}

export interface Proposal {
  outcome: Outcome;
  by: string;
  at: string;
  evidence: string | null;
  approverIds: string[];
  /** Approvers standing in for someone away: delegate id → the id of the person they act for. */
  actingFor?: Record<string, string>;
}

export interface StageInstance {
  stageId: string;
  level: number; // climbing stages: 1, 2, … ; others 1
  enteredAt: string;
  enteredBecause: string;
  participants: StageParticipant[];
  clocks: ClockInstance[];
  acknowledgedBy: string[];
  discussions: Discussion[];
  plan: { text: string; by: string; at: string } | null;
  actions: AgreedAction[];
  pending: Proposal | null;
  rejections: { by: string; at: string; reason: string }[];
  evidence: string | null;
  learningPoints: { text: string; by: string; at: string }[];
  mediation: {
    offeredBy: string;
    offeredAt: string;
    meetingAt: string | null;
    outcome: string | null;
  } | null;
  decision: { text: string; by: string; at: string } | null;
  endedAt: string | null;
  endedBecause: string | null;
}

export interface Flag {
  kind: 'managerMissing';
  agencyId: string;
  wanted: string; // e.g. 'line manager of Sam Patel' — names come from the directory, not the case
  at: string;
  resolvedAt: string | null;
}

export interface Case {
  status: CaseStatus;
  caseId: string;
  partnershipId: string;
  reference: string;
  procedureId: string;
  procedureVersion: number;
  theme: string;
  summary: string;
  raisedBy: string;
  raisedAt: string;
  imminentRisk: boolean;
  conflictWithOwnManager: boolean;
  supporterId: string | null;
  agencies: string[]; // raising agency first
  professionals: Record<string, string>; // agencyId → professional
  holders: Record<string, string>; // agencyId → who holds the case for that agency now
  stage: StageInstance;
  history: StageInstance[]; // stages already left, oldest first
  flags: Flag[];
  capDueAt: string | null;
  capPassedAt: string | null;
  closedAt: string | null;
  closure: string | null;
  version: number; // number of events applied
  /** People's free text stored so far, in bytes (see limits.ts); absent on cases saved before it was kept. */
  textBytes?: number;
}

export type CaseState = { status: 'none' } | Case;

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
    }
  | { type: 'agreePlan'; text: string; actions: { text: string; ownerId: string; dueAt: string }[] }
  | { type: 'addAction'; text: string; ownerId: string; dueAt: string }
  | { type: 'completeAction'; actionId: string }
  | { type: 'resolve'; note: string }
  | { type: 'requestEscalation'; evidence: string }
  | { type: 'approveOutcome' }
  | { type: 'rejectOutcome'; reason: string }
  | { type: 'setClockDate'; clockId: string; date: string }
  | { type: 'reminderDue'; clockId: string }
  | { type: 'clockPassed'; clockId: string }
  | { type: 'capPassed' }
  | { type: 'recordLearningPoints'; text: string }
  | { type: 'offerMediation'; meetingAt: string | null }
  | { type: 'recordMediationOutcome'; outcome: 'resolved' | 'unresolved'; summary: string }
  | { type: 'recordBindingDecision'; decision: string }
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
    }
  | { type: 'ManagerMissing'; agencyId: string; wanted: string }
  | { type: 'ParticipantAssigned'; agencyId: string; personId: string }
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
    }
  | {
      type: 'OutcomeProposed';
      outcome: Outcome;
      evidence: string | null;
      approverIds: string[];
      actingFor?: Record<string, string>;
    }
  | { type: 'OutcomeApproved'; outcome: Outcome }
  | { type: 'OutcomeRejected'; reason: string }
  | { type: 'ReminderSent'; clockId: string }
  | { type: 'ClockPassed'; clockId: string; onPass: ClockInstance['onPass'] }
  | { type: 'CapPassed' }
  | { type: 'LearningPointsRecorded'; text: string }
  | { type: 'MediationOffered'; meetingAt: string | null }
  | { type: 'MediationOutcomeRecorded'; outcome: 'resolved' | 'unresolved'; summary: string }
  | { type: 'BindingDecisionRecorded'; decision: string }
  | { type: 'CaseClosed'; status: Exclude<CaseStatus, 'open'>; because: string };

export type EventType = CaseEvent['type'];

/** An event as decided: the domain event plus who caused it and when. */
export interface Decided {
  event: CaseEvent;
  by: string;
  at: string;
}

export const SYSTEM = 'system';
