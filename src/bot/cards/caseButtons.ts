/** The case card's buttons: the ones this viewer's role allows now, by the access rules and what the stage records. */
import { actionsOutstanding, agreeingAgencies, isAllowed, type Capacity, type Case } from '../../domain/case';
import { caseLimitFields } from '../../domain/procedure/limitWords';
import { datesToEnter } from './forms/clockDate';
import { isAfter, targetsOf } from '../../domain/procedure/order';
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

/** The agency `viewerId` stands for at the stage (the raising agency for the raiser), if it has not yet agreed. */
function stillToAgree(c: Case, viewerId: string | null): boolean {
  const r = c.stage.resolution;
  if (!r || !viewerId) return false;
  const at = c.stage.participants.find((p) => p.personId === viewerId && p.as !== 'supporter');
  const agency = at?.agencyId ?? (c.raisedBy === viewerId ? c.agencies[0] : undefined);
  return !!agency && agreeingAgencies(c).includes(agency) && !r.agreed[agency];
}

/** A proposed resolution: agree or decline; propose one when none waits. */
function resolutionOffers({ c, stage, viewerId, can }: ButtonContext): Offer[] {
  const r = c.stage.resolution;
  const mayAnswer = !!r && !c.stage.pending && stillToAgree(c, viewerId);
  const partnershipOnly = stage.records.bindingDecision || stage.records.mediation;
  return [
    [can('agreeResolution') && mayAnswer, 'Agree to this resolution', 'agreeResolution', 'positive'],
    [can('declineResolution') && mayAnswer, 'Decline', 'openDecline', 'destructive'],
    [
      can('proposeResolution') && !c.stage.pending && !r && !partnershipOnly,
      'Propose a resolution',
      'openResolve',
      'positive',
    ],
  ];
}

/** Deciding and moving the case on: approve, acknowledge, discuss, plan, escalate, resolve, mediate, decide. */
function primaryOffers(x: ButtonContext): Offer[] {
  const { c, stage, viewerId, can } = x;
  const r = stage.records;
  const pending = c.stage.pending;
  const waiting = !!pending || !!c.stage.resolution;
  const ackClock = c.stage.clocks.some((k) => k.requirement === 'acknowledgement' && !k.metAt);
  const mayAcknowledge =
    can('acknowledge') &&
    ackClock &&
    !!viewerId &&
    receivingParticipant(c, viewerId) &&
    !c.stage.acknowledgedBy.includes(viewerId);
  return [
    [
      can('approveOutcome') && !!pending && !pending.awaitingApprover,
      pending?.outcome === 'resolved' ? 'Approve the resolution' : 'Approve the escalation',
      'approveOutcome',
      'positive',
    ],
    [can('rejectOutcome') && !!pending && !pending.awaitingApprover, 'Reject', 'openReject', 'destructive'],
    [can('nameApprover') && !!pending?.awaitingApprover, 'Name an approver', 'openNameApprover', 'positive'],
    ...resolutionOffers(x),
    [mayAcknowledge, 'Acknowledge', 'acknowledge', 'positive'],
    [can('recordDiscussion') && r.discussion, 'Record a discussion', 'openDiscussion'],
    [can('agreePlan') && r.plan, 'Agree a plan', 'openPlan'],
    [
      can('requestEscalation') && !waiting && (stage.next !== null || !!stage.climb),
      'Escalate',
      'openEscalate',
    ],
    [
      can('recordLeadsNotified') && r.mediation && !c.stage.leadsNotified && !c.stage.mediation,
      'Strategic Leads notified',
      'recordLeadsNotified',
    ],
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
      'Record the Chair’s decision',
      'openDecision',
      'positive',
    ],
  ];
}

/** Less frequent: actions, learning, referral, people, withdrawal, and the case's past. */
function secondaryOffers({ c, stage, procedure, caps, can }: ButtonContext): Offer[] {
  const r = stage.records;
  const riskRule = procedure.rules.imminentRisk !== null;
  return [
    [can('setImminentRisk') && riskRule && !c.imminentRisk, 'Mark imminent risk', 'openSetRisk'],
    [can('clearImminentRisk') && c.imminentRisk, 'Clear imminent risk', 'openClearRisk'],
    [
      can('setCaseLimit') && caseLimitFields(procedure).length > 0,
      'Set a timescale for this case',
      'openCaseLimit',
    ],
    [can('setClockDate') && datesToEnter(c, procedure).length > 0, 'Enter a date', 'openClockDate'],
    [
      isAllowed('closeActions', caps) && actionsOutstanding(c),
      'Close outstanding actions',
      'openCloseActions',
    ],
    [can('addAction') && r.actions, 'Add an action', 'openAction'],
    [can('recordLearningPoints') && r.learningPoints, 'Learning points', 'openLearning'],
    [
      can('referToStage') &&
        procedure.rules.bypass.some((b) =>
          targetsOf(b).some((to) => isAfter(procedure, to, c.stage.stageId)),
        ),
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

/** Teams shows at most five buttons in a row. */
function rows(buttons: Button[]): { buttons: Button[] }[] {
  const out: { buttons: Button[] }[] = [];
  for (let i = 0; i < buttons.length; i += 5) out.push({ buttons: buttons.slice(i, i + 5) });
  return out;
}

/** The buttons this viewer may use now, by the access rules and what the stage records. */
export function buttonsFor(
  c: Case,
  stage: Stage,
  procedure: Procedure,
  caps: Set<Capacity>,
  viewerId: string | null,
): { primaryRows: { buttons: Button[] }[]; secondaryRows: { buttons: Button[] }[] } {
  const can = (a: Parameters<typeof isAllowed>[0]) => c.status === 'open' && isAllowed(a, caps);
  const x: ButtonContext = { c, stage, procedure, caps, viewerId, can };
  return { primaryRows: rows(offered(primaryOffers(x))), secondaryRows: rows(offered(secondaryOffers(x))) };
}
