/** evolve(state, event) → state: the only way a case's state changes. */
import { caseTextBytes, textBytesOf } from './limits';
import { actionEvent, proposalEvent } from './evolveProposals';
import type { Case, CaseEvent, CaseState, Decided, StageInstance } from './types';

function newStage(e: Extract<Decided['event'], { type: 'StageEntered' }>, at: string): StageInstance {
  return {
    stageId: e.stageId,
    level: e.level,
    enteredAt: at,
    enteredBecause: e.because,
    participants: e.participants,
    ...(e.waitingFor?.length ? { waitingFor: e.waitingFor } : {}),
    ...(e.notified?.length ? { notified: e.notified } : {}),
    clocks: e.clocks,
    acknowledgedBy: [],
    discussions: [],
    plan: null,
    actions: [],
    pending: null,
    resolution: null,
    rejections: [],
    evidence: null,
    learningPoints: [],
    mediation: null,
    decision: null,
    leadsNotified: null,
    endedAt: null,
    endedBecause: null,
  };
}

function withStage(c: Case, change: (s: StageInstance) => StageInstance): Case {
  return { ...c, stage: change(c.stage) };
}

function withClock(c: Case, clockId: string, change: Partial<Case['stage']['clocks'][number]>): Case {
  return withStage(c, (s) => ({
    ...s,
    clocks: s.clocks.map((k) => (k.clockId === clockId ? { ...k, ...change } : k)),
  }));
}

function raised(d: Decided): Case {
  const e = d.event;
  if (e.type !== 'CaseRaised') throw new Error('a case starts with CaseRaised');
  const placeholder: StageInstance = newStage(
    { type: 'StageEntered', stageId: '', level: 0, because: '', participants: [], holders: {}, clocks: [] },
    d.at,
  );
  return {
    status: 'open',
    caseId: e.caseId,
    partnershipId: e.partnershipId,
    reference: e.reference,
    procedureId: e.procedureId,
    procedureVersion: e.procedureVersion,
    theme: e.theme,
    summary: e.summary,
    raisedBy: d.by,
    raisedAt: d.at,
    imminentRisk: e.imminentRisk,
    conflictWithOwnManager: e.conflictWithOwnManager,
    supporterId: e.supporterId,
    agencies: e.agencies,
    professionals: e.professionals,
    holders: { ...e.professionals },
    stage: placeholder,
    history: [],
    flags: [],
    capDueAt: e.capDueAt,
    capPassedAt: null,
    closedAt: null,
    closure: null,
    version: 0,
    textBytes: textBytesOf(e),
  };
}

export function evolve(state: CaseState, d: Decided): Case {
  if (state.status === 'none') return { ...raised(d), version: 1 };
  const c = applyEvent(state, d);
  return { ...c, version: state.version + 1, textBytes: caseTextBytes(state) + textBytesOf(d.event) };
}

type EventOf<T extends CaseEvent['type']> = Extract<CaseEvent, { type: T }>;
type StageWork = EventOf<
  | 'Acknowledged'
  | 'DiscussionRecorded'
  | 'PlanAgreed'
  | 'LearningPointsRecorded'
  | 'MediationOffered'
  | 'MediationOutcomeRecorded'
  | 'BindingDecisionRecorded'
  | 'LeadsNotified'
>;
type ClockEvent = EventOf<'ClockMet' | 'ClockScheduled' | 'ReminderSent' | 'ClockPassed'>;
type CaseLevel = EventOf<
  | 'SupporterAdded'
  | 'StageEntered'
  | 'ManagerMissing'
  | 'ParticipantAssigned'
  | 'CapPassed'
  | 'ImminentRiskSet'
  | 'ImminentRiskCleared'
  | 'CaseLimitSet'
  | 'RaiseChecked'
  | 'CaseClosed'
>;

function applyEvent(c: Case, d: Decided): Case {
  const e = d.event;
  switch (e.type) {
    case 'CaseRaised':
      throw new Error('CaseRaised on an existing case');
    case 'Acknowledged':
    case 'DiscussionRecorded':
    case 'PlanAgreed':
    case 'LearningPointsRecorded':
    case 'MediationOffered':
    case 'MediationOutcomeRecorded':
    case 'BindingDecisionRecorded':
    case 'LeadsNotified':
      return withStage(c, (s) => stageWork(s, e, d));
    case 'ActionAdded':
    case 'ActionCompleted':
    case 'ActionReminderSent':
    case 'ActionOverdue':
    case 'ActionsClosed':
      return actionEvent(c, e, d);
    case 'ClockMet':
    case 'ClockScheduled':
    case 'ReminderSent':
    case 'ClockPassed':
      return clockEvent(c, e, d.at);
    case 'OutcomeProposed':
    case 'OutcomeApproved':
    case 'OutcomeRejected':
    case 'ResolutionProposed':
    case 'ResolutionAgreed':
    case 'ResolutionDeclined':
    case 'ApproverNamed':
    case 'EscalatedAutomatically':
      return proposalEvent(c, e, d);
    case 'SupporterAdded':
    case 'StageEntered':
    case 'ManagerMissing':
    case 'ParticipantAssigned':
    case 'CapPassed':
    case 'ImminentRiskSet':
    case 'ImminentRiskCleared':
    case 'CaseLimitSet':
    case 'RaiseChecked':
    case 'CaseClosed':
      return caseLevel(c, e, d.at);
    default: {
      const unhandled: never = e;
      throw new Error(`unhandled event ${JSON.stringify(unhandled)}`);
    }
  }
}

function caseLevel(c: Case, e: CaseLevel, at: string): Case {
  switch (e.type) {
    case 'SupporterAdded':
      return { ...c, supporterId: e.supporterId };
    case 'StageEntered': {
      const left = c.stage.stageId ? [{ ...c.stage, endedAt: at, endedBecause: e.because }] : [];
      return { ...c, history: [...c.history, ...left], stage: newStage(e, at), holders: e.holders };
    }
    case 'ManagerMissing':
      return {
        ...c,
        flags: [
          ...c.flags,
          {
            kind: 'managerMissing',
            agencyId: e.agencyId,
            wanted: e.wanted,
            ...(e.purpose ? { purpose: e.purpose } : {}),
            at,
            resolvedAt: null,
          },
        ],
      };
    case 'ParticipantAssigned':
      return {
        ...withStage(c, ({ waitingFor, ...s }) => {
          const still = (waitingFor ?? []).filter((w) => w.agencyId !== e.agencyId);
          return {
            ...s,
            participants: [
              ...s.participants.filter((p) => p.agencyId !== e.agencyId || p.as === 'supporter'),
              {
                personId: e.personId,
                agencyId: e.agencyId,
                as: e.as ?? 'nextManagerUp',
                ...(e.role ? { role: e.role } : {}),
              },
            ],
            ...(still.length ? { waitingFor: still } : {}),
          };
        }),
        holders: { ...c.holders, [e.agencyId]: e.personId },
        flags: c.flags.map((f) =>
          f.agencyId === e.agencyId && !f.resolvedAt && !f.purpose ? { ...f, resolvedAt: at } : f,
        ),
      };
    case 'CapPassed':
      return { ...c, capPassedAt: at };
    case 'ImminentRiskSet':
      return { ...c, imminentRisk: true, imminentRiskReason: e.reason };
    case 'ImminentRiskCleared':
      return { ...c, imminentRisk: false, imminentRiskReason: e.reason };
    case 'CaseLimitSet':
      return { ...c, caseLimits: { ...c.caseLimits, [e.field]: e.value } };
    case 'RaiseChecked': {
      const { type: _type, ...raiseWindow } = e;
      return { ...c, raiseWindow };
    }
    case 'CaseClosed':
      return {
        ...withStage(c, (s) => ({ ...s, endedAt: at, endedBecause: e.because })),
        status: e.status,
        closedAt: at,
        closure: e.because,
      };
    default: {
      const unhandled: never = e;
      throw new Error(`unhandled event ${JSON.stringify(unhandled)}`);
    }
  }
}

function stageWork(s: StageInstance, e: StageWork, d: Decided): StageInstance {
  const { by, at } = d;
  switch (e.type) {
    case 'Acknowledged':
      return { ...s, acknowledgedBy: [...s.acknowledgedBy, by] };
    case 'DiscussionRecorded':
      return { ...s, discussions: [...s.discussions, { ...e.discussion, by, at }] };
    case 'PlanAgreed':
      return { ...s, plan: { text: e.text, by, at } };
    case 'LearningPointsRecorded':
      return { ...s, learningPoints: [...s.learningPoints, { text: e.text, by, at }] };
    case 'MediationOffered':
      return { ...s, mediation: { offeredBy: by, offeredAt: at, meetingAt: e.meetingAt, outcome: null } };
    case 'MediationOutcomeRecorded':
      return { ...s, mediation: s.mediation ? { ...s.mediation, outcome: e.outcome } : null };
    case 'BindingDecisionRecorded':
      return { ...s, decision: { text: e.decision, by, at, kind: e.kind ?? 'final' } };
    case 'LeadsNotified':
      return { ...s, leadsNotified: { by, at } };
    default: {
      const unhandled: never = e;
      throw new Error(`unhandled event ${JSON.stringify(unhandled)}`);
    }
  }
}

function clockEvent(c: Case, e: ClockEvent, at: string): Case {
  switch (e.type) {
    case 'ClockMet':
      return withClock(c, e.clockId, { metAt: at });
    case 'ClockScheduled':
      return withClock(c, e.clockId, {
        dueAt: e.dueAt,
        remindAt: e.remindAt,
        remindedAt: null,
        heldAt: null,
        rule: e.rule,
        skipped: e.skipped,
        waitingFor: null,
        urgent: e.urgent ?? false,
        ...(e.wording !== undefined ? { wording: e.wording } : {}),
        ...(e.isDefault !== undefined ? { isDefault: e.isDefault } : {}),
        ...(e.countsFrom !== undefined ? { countsFrom: e.countsFrom } : {}),
      });
    case 'ReminderSent':
      return withClock(c, e.clockId, { remindedAt: at });
    case 'ClockPassed':
      return withClock(c, e.clockId, e.held ? { heldAt: at } : { passedAt: at });
    default: {
      const unhandled: never = e;
      throw new Error(`unhandled event ${JSON.stringify(unhandled)}`);
    }
  }
}

/** Rebuild a case from its events. */
export function replay(events: readonly Decided[]): CaseState {
  return events.reduce<CaseState>((s, d) => evolve(s, d), { status: 'none' });
}
