/** The case card's buttons: the ones this viewer's role allows now, by the access rules and what the stage records. */
import { isAllowed, type Capacity, type Case } from '../../domain/case';
import type { Procedure, Stage } from '../../domain/procedure/schema';
import type { Verb } from '../verbs';

export interface Button {
  title: string;
  verb: Verb;
  style: 'default' | 'positive' | 'destructive';
}

/** What every button rule reads. */
interface ButtonContext {
  c: Case;
  stage: Stage;
  procedure: Procedure;
  caps: Set<Capacity>;
  viewerId: string | null;
  can: (a: Parameters<typeof isAllowed>[0]) => boolean;
}

/** A rule: the button, when `ok`. */
type Offer = [ok: boolean, title: string, verb: Verb, style?: Button['style']];

function receivingParticipant(c: Case, viewerId: string): boolean {
  return c.stage.participants.some(
    (p) => p.personId === viewerId && p.agencyId !== c.agencies[0] && p.as !== 'supporter',
  );
}

/** Deciding and moving the case on: approve, acknowledge, discuss, plan, escalate, resolve, mediate, decide. */
function primaryOffers({ c, stage, viewerId, can }: ButtonContext): Offer[] {
  const r = stage.records;
  const pending = c.stage.pending;
  const ackClock = c.stage.clocks.some((k) => k.requirement === 'acknowledgement' && !k.metAt);
  const mayAcknowledge =
    can('acknowledge') &&
    ackClock &&
    !!viewerId &&
    receivingParticipant(c, viewerId) &&
    !c.stage.acknowledgedBy.includes(viewerId);
  return [
    [
      can('approveOutcome') && !!pending,
      pending?.outcome === 'resolved' ? 'Approve: resolved' : 'Approve escalation',
      'approveOutcome',
      'positive',
    ],
    [can('rejectOutcome') && !!pending, 'Reject', 'openReject', 'destructive'],
    [mayAcknowledge, 'Acknowledge', 'acknowledge', 'positive'],
    [can('recordDiscussion') && r.discussion, 'Record a discussion', 'openDiscussion'],
    [can('agreePlan') && r.plan, 'Agree a plan', 'openPlan'],
    [
      can('requestEscalation') && !pending && (stage.next !== null || !!stage.climb),
      'Escalate',
      'openEscalate',
    ],
    [can('proposeResolution') && !pending, 'Mark resolved', 'resolve', 'positive'],
    [
      can('offerMediation') && r.mediation && !c.stage.mediation,
      'Offer mediation',
      'openMediation',
      'positive',
    ],
    [
      can('recordMediationOutcome') && r.mediation && !!c.stage.mediation,
      'Mediation outcome',
      'openMediationOutcome',
    ],
    [
      can('recordBindingDecision') && r.bindingDecision,
      'Record binding decision',
      'openDecision',
      'positive',
    ],
  ];
}

/** Less frequent: actions, learning, referral, people, withdrawal, and the case's past. */
function secondaryOffers({ c, stage, procedure, caps, can }: ButtonContext): Offer[] {
  const r = stage.records;
  return [
    [can('addAction') && r.actions, 'Add an action', 'openAction'],
    [can('recordLearningPoints') && r.learningPoints, 'Learning points', 'openLearning'],
    [
      can('referToStage') && procedure.rules.bypass.some((b) => b.to !== c.stage.stageId),
      'Refer',
      'openRefer',
    ],
    [can('assignParticipant') && c.flags.some((f) => !f.resolvedAt), 'Assign a manager', 'openAssign'],
    [
      can('addSupporter') && procedure.rules.supporterAllowed && !c.supporterId,
      'Add a supporter',
      'openSupporter',
    ],
    [can('withdraw'), 'Withdraw', 'openWithdraw', 'destructive'],
    // an open case's past; a closed case's whole story is in its timeline
    [c.status === 'open' && caps.size > 0 && c.history.length > 0, 'Earlier stages', 'openHistory'],
    [caps.size > 0, 'Timeline', 'openTimeline'],
  ];
}

const offered = (offers: Offer[]): Button[] =>
  offers.filter(([ok]) => ok).map(([, title, verb, style = 'default']) => ({ title, verb, style }));

/** The buttons this viewer may use now, by the access rules and what the stage records. */
export function buttonsFor(
  c: Case,
  stage: Stage,
  procedure: Procedure,
  caps: Set<Capacity>,
  viewerId: string | null,
): { primary: Button[]; secondary: Button[] } {
  const can = (a: Parameters<typeof isAllowed>[0]) => c.status === 'open' && isAllowed(a, caps);
  const x: ButtonContext = { c, stage, procedure, caps, viewerId, can };
  return { primary: offered(primaryOffers(x)), secondary: offered(secondaryOffers(x)) };
}
