/**
 * Every Action.Execute verb, in one table. The route tables in actions.ts are typed `Record<…Verb, Handler>`, so a
 * verb added here does not compile until it has a handler; a test checks each verb used in cards/ has one and vice versa.
 */

/** Verbs that only show a card (navigation); they never write. Automatic refreshes may use only these. */
export const VIEW_VERBS = [
  'refresh', // the case (stage) card for this viewer
  'openCase', // from "my cases"
  'openRaise',
  'openDiscussion',
  'openPlan',
  'openAction',
  'openEscalate',
  'openReject',
  'openLearning',
  'openMediation',
  'openMediationOutcome',
  'openDecision',
  'openWithdraw',
  'openRefer',
  'openAssign',
  'openSupporter',
  'openTimeline',
  'openHistory', // the case's earlier stages: who took part, discussions, why each was left
  'myCases',
  'help',
  'report', // the business office report for a period
  'openAway', // the out-of-office form
  'openResolve', // propose a resolution: what has been agreed, and the agreed actions
  'openDecline', // decline a proposed resolution, with a reason
  'openSetRisk',
  'openClearRisk',
  'openCloseActions', // business office: close agreed actions that will not be done
  'openNameApprover', // business office: name the manager who approves when none was found
  'openCaseLimit', // set a timescale for this case (a procedure's setForCase limit)
  'openClockDate', // enter a date a timescale counts from (a procedure's userDate anchor)
] as const;

/** Verbs that run a command on a case. */
export const COMMAND_VERBS = [
  'raise',
  'acknowledge',
  'recordDiscussion',
  'agreePlan',
  'addAction',
  'completeAction',
  'resolve', // proposes a resolution (proposeResolution); the other side agrees before it closes
  'agreeResolution',
  'declineResolution',
  'requestEscalation',
  'approveOutcome',
  'rejectOutcome',
  'nameApprover',
  'setImminentRisk',
  'clearImminentRisk',
  'closeActions',
  'recordLeadsNotified',
  'recordLearningPoints',
  'offerMediation',
  'recordMediationOutcome',
  'recordBindingDecision',
  'referToStage',
  'withdraw',
  'assignParticipant',
  'addSupporter',
  'setCaseLimit',
  'setClockDate',
  'setAway', // out of office: not a case command, but it writes
  'clearAway',
] as const;

export type ViewVerb = (typeof VIEW_VERBS)[number];
export type CommandVerb = (typeof COMMAND_VERBS)[number];
export type Verb = ViewVerb | CommandVerb;

export const ALL_VERBS: readonly Verb[] = [...VIEW_VERBS, ...COMMAND_VERBS];

export function isVerb(v: unknown): v is Verb {
  return typeof v === 'string' && (ALL_VERBS as readonly string[]).includes(v);
}

export function isViewVerb(v: Verb): v is ViewVerb {
  return (VIEW_VERBS as readonly string[]).includes(v);
}
