/** evolve for proposals (outcomes, resolutions, approvers) and agreed actions. */
import type { AgreedAction, Case, CaseEvent, Decided, StageInstance } from './types';

type EventOf<T extends CaseEvent['type']> = Extract<CaseEvent, { type: T }>;
export type ActionEvent = EventOf<
  'ActionAdded' | 'ActionCompleted' | 'ActionReminderSent' | 'ActionOverdue' | 'ActionsClosed'
>;
export type ProposalEvent = EventOf<
  | 'OutcomeProposed'
  | 'OutcomeApproved'
  | 'OutcomeRejected'
  | 'ResolutionProposed'
  | 'ResolutionAgreed'
  | 'ResolutionDeclined'
  | 'ApproverNamed'
  | 'EscalatedAutomatically'
>;

function withStage(c: Case, change: (s: StageInstance) => StageInstance): Case {
  return { ...c, stage: change(c.stage) };
}

/** Actions are found in the current stage first, then in earlier stages: they survive escalation. */
function withAction(c: Case, id: string, change: (a: AgreedAction) => AgreedAction): Case {
  const map = (s: StageInstance) => ({ ...s, actions: s.actions.map((a) => (a.id === id ? change(a) : a)) });
  if (c.stage.actions.some((a) => a.id === id)) return { ...c, stage: map(c.stage) };
  let i = c.history.length - 1;
  while (i >= 0 && !c.history[i]!.actions.some((a) => a.id === id)) i--;
  return i < 0 ? c : { ...c, history: c.history.map((s, j) => (j === i ? map(s) : s)) };
}

export function actionEvent(c: Case, e: ActionEvent, d: Decided): Case {
  const { at } = d;
  switch (e.type) {
    case 'ActionAdded':
      return withStage(c, (s) => ({
        ...s,
        actions: [...s.actions, { ...e.action, by: d.by, completedAt: null }],
      }));
    case 'ActionCompleted':
      return withAction(c, e.actionId, (a) => ({ ...a, completedAt: at }));
    case 'ActionReminderSent':
      return withAction(c, e.actionId, (a) => ({ ...a, remindedAt: at }));
    case 'ActionOverdue':
      return withAction(c, e.actionId, (a) => ({ ...a, overdueAt: at }));
    case 'ActionsClosed':
      return e.actionIds.reduce(
        (x, id) => withAction(x, id, (a) => ({ ...a, completedAt: at, closedReason: e.reason })),
        c,
      );
    default: {
      const unhandled: never = e;
      throw new Error(`unhandled event ${JSON.stringify(unhandled)}`);
    }
  }
}

export function proposalEvent(c: Case, e: ProposalEvent, d: Decided): Case {
  const { by, at } = d;
  switch (e.type) {
    case 'OutcomeProposed':
      return withStage(c, (s) => ({
        ...s,
        pending: {
          outcome: e.outcome,
          by,
          at,
          evidence: e.evidence,
          approverIds: e.approverIds,
          ...(e.awaitingApprover ? { awaitingApprover: true } : {}),
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
        resolution: null,
        rejections: [...s.rejections, { by, at, reason: e.reason }],
      }));
    case 'ResolutionProposed':
      return withStage(c, (s) => ({
        ...s,
        resolution: {
          summary: e.summary,
          actions: e.actions,
          by,
          at,
          agencyId: e.agencyId,
          agreed: { [e.agencyId]: by },
        },
      }));
    case 'ResolutionAgreed':
      return withStage(c, (s) =>
        s.resolution
          ? { ...s, resolution: { ...s.resolution, agreed: { ...s.resolution.agreed, [e.agencyId]: by } } }
          : s,
      );
    case 'ResolutionDeclined':
      return withStage(c, (s) => ({
        ...s,
        resolution: null,
        rejections: [...s.rejections, { by, at, reason: e.reason }],
      }));
    case 'ApproverNamed':
      return {
        ...withStage(c, (s) =>
          s.pending
            ? { ...s, pending: { ...s.pending, approverIds: [e.personId], awaitingApprover: false } }
            : s,
        ),
        flags: c.flags.map((f) => (f.purpose === 'approver' && !f.resolvedAt ? { ...f, resolvedAt: at } : f)),
      };
    case 'EscalatedAutomatically':
      return withStage(c, (s) => ({ ...s, evidence: e.evidence }));
    default: {
      const unhandled: never = e;
      throw new Error(`unhandled event ${JSON.stringify(unhandled)}`);
    }
  }
}
