/** Case state: what a case holds, derived from its events (pure data). */
import type { AgencyRole } from '../directory';
import type { DiscussionMethod, Participant, Requirement } from '../procedure/schema';

export type CaseStatus = 'open' | 'resolved' | 'unresolved' | 'decided' | 'withdrawn';
export type Outcome = 'resolved' | 'escalate';

/** Someone involved at a stage, and in which capacity. */
export interface StageParticipant {
  personId: string;
  agencyId: string;
  as: Participant | 'supporter';
  /** The role they are involved by, where the stage names one (procedure/involvement.ts); for the card. */
  role?: string;
  /** Set when this person stands in for someone who is away (out of office); their id. */
  actingFor?: string;
}

/** Someone a stage only tells (reference, stage, deadline), by the role the procedure names, and when. */
export interface Notified {
  personId: string;
  role: string;
  on: ('entry' | 'deadline' | 'closure')[];
  /** Set when this person is told instead of someone away when the stage began (their delegate); that one's id. */
  actingFor?: string;
}

/** An agency at a stage whose person the business office is asked to name (a gap in its management line). */
export interface Waiting {
  agencyId: string;
  wanted: string; // e.g. 'named escalation manager of Community Health' (from the directory, not the case)
  as: Participant; // the capacity the named person takes
  atLeast: AgencyRole; // the least senior role the named person may hold
  /** The role the named person stands in, where the stage asks for one by role (involvement). */
  role?: string;
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
  /** Set when the deadline passed while a proposal waited: the proposal was kept and the clock held. */
  heldAt?: string | null;
  /** True while an urgent (imminent risk) timescale applies to this clock. */
  urgent?: boolean;
  /** The instant the clock counts from, where no other field holds it (a date entered, the raise, a clock passed). */
  countsFrom?: string;
  /** A discussion clock met only by a discussion of this kind (the procedure's discussionKinds). */
  discussionKind?: string;
}

export interface Discussion {
  id: string;
  heldAt: string;
  method: DiscussionMethod;
  attendeeIds: string[];
  summary: string;
  outcome: 'resolved' | 'planAgreed' | 'unresolved';
  counts: boolean; // false for record-only methods such as e-mail
  /** The kind of discussion, where the procedure names kinds ("meeting"). */
  kind?: string;
  by: string;
  at: string;
}

export interface NewAction {
  text: string;
  ownerId: string;
  dueAt: string;
}

export interface AgreedAction extends NewAction {
  id: string;
  completedAt: string | null;
  by: string;
  /** When the owner is reminded (null: no reminder), and when they were. */
  remindAt?: string | null;
  remindedAt?: string | null;
  /** When it was found overdue and followed up as the procedure says. */
  overdueAt?: string | null;
  /** Set when the business office closed it without it being done. */
  closedReason?: string;
  /** The procedure's obligation after resolution this action stands for (its id). */
  obligation?: string;
}

/** A resolution proposed at a stage, waiting for every agency at the stage to agree. */
export interface PendingResolution {
  summary: string;
  actions: NewAction[];
  by: string;
  at: string;
  agencyId: string;
  /** agencyId → who agreed for it (the proposer's agency counts as agreeing). */
  agreed: Record<string, string>;
}

export interface Proposal {
  outcome: Outcome;
  by: string;
  at: string;
  evidence: string | null;
  approverIds: string[];
  /** No approver could be found: the business office is asked to name one. */
  awaitingApprover?: boolean;
  /** Approvers standing in for someone away: delegate id → the id of the person they act for. */
  actingFor?: Record<string, string>;
}

export interface StageInstance {
  stageId: string;
  level: number; // climbing stages: 1, 2, … ; others 1
  enteredAt: string;
  enteredBecause: string;
  participants: StageParticipant[];
  /** Agencies waiting for a named manager (absent when none); the holder keeps the case for them meanwhile. */
  waitingFor?: Waiting[];
  /** People the stage only tells (absent when none): not participants. */
  notified?: Notified[];
  clocks: ClockInstance[];
  acknowledgedBy: string[];
  discussions: Discussion[];
  plan: { text: string; by: string; at: string } | null;
  actions: AgreedAction[];
  pending: Proposal | null;
  /** A resolution waiting for agreement (absent on stages saved before resolutions were agreed). */
  resolution?: PendingResolution | null;
  rejections: { by: string; at: string; reason: string }[];
  evidence: string | null;
  learningPoints: { text: string; by: string; at: string }[];
  mediation: {
    offeredBy: string;
    offeredAt: string;
    meetingAt: string | null;
    outcome: string | null;
  } | null;
  decision: { text: string; by: string; at: string; kind?: 'final' | 'courseOfAction' } | null;
  /** When the business office recorded that it notified the Strategic Leads. */
  leadsNotified?: { by: string; at: string } | null;
  endedAt: string | null;
  endedBecause: string | null;
}

export interface Flag {
  kind: 'managerMissing';
  agencyId: string;
  wanted: string; // e.g. 'line manager of Sam Patel' — names come from the directory, not the case
  /** 'approver': nobody to approve an outcome; the business office names one (nameApprover). */
  purpose?: 'approver';
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
  /** Why imminent risk was set or cleared after raising, latest first-hand. */
  imminentRiskReason?: string;
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
  /** Limits a participant set for this case (procedure field → value in the field's unit); absent when none. */
  caseLimits?: Record<string, number>;
  /** The raise checked against the procedure's window from an outside date (rules.raiseWithin); shown, never alerted. */
  raiseWindow?: RaiseWindow;
}

export interface RaiseWindow {
  field: string;
  date: string; // the outside date, as entered
  dueAt: string; // the raise was due by then
  late: boolean;
  workingDaysLate: number; // 0 when on time
}

export type CaseState = { status: 'none' } | Case;
