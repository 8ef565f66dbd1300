/** evolve(state, event) → state: the only way a case's state changes. */
import { caseTextBytes, textBytesOf } from './limits';
import type { Case, CaseState, Decided, StageInstance } from './types';

function newStage(e: Extract<Decided['event'], { type: 'StageEntered' }>, at: string): StageInstance {
  return {
    stageId: e.stageId,
    level: e.level,
    enteredAt: at,
    enteredBecause: e.because,
    participants: e.participants,
    clocks: e.clocks,
    acknowledgedBy: [],
    discussions: [],
    plan: null,
    actions: [],
    pending: null,
    rejections: [],
    evidence: null,
    learningPoints: [],
    mediation: null,
    decision: null,
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

function applyEvent(c: Case, d: Decided): Case {
  const e = d.event;
  const at = d.at;
  switch (e.type) {
    case 'CaseRaised':
      throw new Error('CaseRaised on an existing case');
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
          { kind: 'managerMissing', agencyId: e.agencyId, wanted: e.wanted, at, resolvedAt: null },
        ],
      };
    case 'ParticipantAssigned':
      return {
        ...withStage(c, (s) => ({
          ...s,
          participants: [
            ...s.participants.filter((p) => p.agencyId !== e.agencyId || p.as === 'supporter'),
            { personId: e.personId, agencyId: e.agencyId, as: 'nextManagerUp' },
          ],
        })),
        holders: { ...c.holders, [e.agencyId]: e.personId },
        flags: c.flags.map((f) =>
          f.agencyId === e.agencyId && !f.resolvedAt ? { ...f, resolvedAt: at } : f,
        ),
      };
    case 'Acknowledged':
      return withStage(c, (s) => ({ ...s, acknowledgedBy: [...s.acknowledgedBy, d.by] }));
    case 'DiscussionRecorded':
      return withStage(c, (s) => ({
        ...s,
        discussions: [...s.discussions, { ...e.discussion, by: d.by, at }],
      }));
    case 'PlanAgreed':
      return withStage(c, (s) => ({ ...s, plan: { text: e.text, by: d.by, at } }));
    case 'ActionAdded':
      return withStage(c, (s) => ({
        ...s,
        actions: [...s.actions, { ...e.action, by: d.by, completedAt: null }],
      }));
    case 'ActionCompleted':
      return withStage(c, (s) => ({
        ...s,
        actions: s.actions.map((a) => (a.id === e.actionId ? { ...a, completedAt: at } : a)),
      }));
    case 'ClockMet':
      return withClock(c, e.clockId, { metAt: at });
    case 'ClockScheduled':
      return withClock(c, e.clockId, {
        dueAt: e.dueAt,
        remindAt: e.remindAt,
        rule: e.rule,
        skipped: e.skipped,
        waitingFor: null,
      });
    case 'OutcomeProposed':
      return withStage(c, (s) => ({
        ...s,
        pending: {
          outcome: e.outcome,
          by: d.by,
          at,
          evidence: e.evidence,
          approverIds: e.approverIds,
          ...(e.actingFor ? { actingFor: e.actingFor } : {}),
        },
        evidence: e.evidence ?? s.evidence,
      }));
    case 'OutcomeApproved':
      return withStage(c, (s) => ({ ...s, pending: null }));
    case 'OutcomeRejected':
      return withStage(c, (s) => ({
        ...s,
        pending: null,
        rejections: [...s.rejections, { by: d.by, at, reason: e.reason }],
      }));
    case 'ReminderSent':
      return withClock(c, e.clockId, { remindedAt: at });
    case 'ClockPassed':
      return withClock(c, e.clockId, { passedAt: at });
    case 'CapPassed':
      return { ...c, capPassedAt: at };
    case 'LearningPointsRecorded':
      return withStage(c, (s) => ({
        ...s,
        learningPoints: [...s.learningPoints, { text: e.text, by: d.by, at }],
      }));
    case 'MediationOffered':
      return withStage(c, (s) => ({
        ...s,
        mediation: { offeredBy: d.by, offeredAt: at, meetingAt: e.meetingAt, outcome: null },
      }));
    case 'MediationOutcomeRecorded':
      return withStage(c, (s) => ({
        ...s,
        mediation: s.mediation ? { ...s.mediation, outcome: e.outcome } : null,
      }));
    case 'BindingDecisionRecorded':
      return withStage(c, (s) => ({ ...s, decision: { text: e.decision, by: d.by, at } }));
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

/** Rebuild a case from its events. */
export function replay(events: readonly Decided[]): CaseState {
  return events.reduce<CaseState>((s, d) => evolve(s, d), { status: 'none' });
}
