/** Short cards: what went wrong (or right), business office alerts, and the "could not reach" notice. */
import { formatDeadline, type Nation } from '../../domain/calendar';
import type { AlertReason, NoticeReason } from '../../domain/case';
import { literal } from './literal';

export function messageView(input: {
  banner: string;
  title: string;
  text: string;
  style?: 'default' | 'attention' | 'good' | 'warning';
  fields?: Record<string, string>;
  caseId?: string;
}): Record<string, unknown> {
  return {
    banner: input.banner,
    title: input.title,
    text: input.text,
    style: input.style ?? 'default',
    fields: Object.values(input.fields ?? {}).map((text) => ({ text })),
    buttons: input.caseId
      ? [{ title: 'Show the latest', verb: 'refresh', caseId: input.caseId }]
      : [{ title: 'Help', verb: 'help', caseId: '' }],
  };
}

const HEADLINES: Record<AlertReason, string> = {
  stageEntered: 'A case has moved to a stage the business office is involved in',
  escalatedAutomatically: 'A deadline passed: a case was escalated automatically',
  deadlinePassed: 'A deadline passed',
  managerMissing: 'A manager is missing in the directory for a case: please assign one',
  capPassed: 'A case has passed the procedure’s overall time limit',
  caseNearlyFull: 'A case’s record is growing towards the most the system can store: please review it',
  closed: 'A case was closed',
  deliveryFailed: 'A message about a case could not be delivered',
  imminentRisk: 'A child is at imminent risk of harm: urgent timescales apply to a case',
  actionOverdue: 'An agreed action on a case is overdue',
  deliveryUnconfirmed:
    'A message about a case may not have been delivered (Teams did not confirm it): please check with the people involved',
};

const NOTICES: Record<NoticeReason, string> = {
  stageEntered: 'For your information: a case has reached a stage you are told of',
  deadlinePassed: 'For your information: a deadline passed on a case you are told of',
  closed: 'For your information: a case you were told of was closed',
};

/**
 * A notice for someone a stage only tells (they are not involved): reference, stage and deadline, as an alert has,
 * and nothing to open, since they cannot see the case.
 */
export function noticeView(input: {
  banner: string;
  reason: NoticeReason;
  reference: string;
  stageLabel: string;
  dueAt: string | null;
  nation?: Nation;
}): Record<string, unknown> {
  const deadline = input.dueAt
    ? `Next deadline: by ${formatDeadline(new Date(input.dueAt), input.nation ?? 'england-and-wales')}`
    : input.reason === 'closed'
      ? 'No deadline: the case is closed'
      : 'No deadline is running at this stage';
  return messageView({
    banner: input.banner,
    title: NOTICES[input.reason],
    text: 'The procedure asks that you are told; you are not involved in the case, so it is not shown here.',
    fields: {
      reference: `Case reference: ${literal(input.reference)}`,
      stage: `Stage: ${input.stageLabel}`,
      deadline,
    },
  });
}

/** Business office alert: reference, stage and deadline only — never anything about the child or the disagreement. */
export function alertView(input: {
  banner: string;
  reason: AlertReason;
  caseId: string;
  reference: string;
  stageLabel: string;
  dueAt: string | null;
  nation?: Nation;
  mention?: string;
}): Record<string, unknown> {
  return {
    banner: input.banner,
    headline: HEADLINES[input.reason],
    color: input.reason === 'closed' ? 'Good' : 'Attention',
    reference: literal(input.reference),
    stage: input.stageLabel,
    deadline: input.dueAt
      ? `by ${formatDeadline(new Date(input.dueAt), input.nation ?? 'england-and-wales')}`
      : input.reason === 'closed'
        ? 'None: the case is closed'
        : 'No deadline is running at this stage',
    caseId: input.caseId,
    mention: input.mention ?? '',
  };
}
