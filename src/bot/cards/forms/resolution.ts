/** Forms for agreement and follow-up: propose or decline a resolution, imminent risk, close actions, name an approver. */
import { sideText } from '../sides';
import { agreeingAgencies, MAX, openActions } from '../../../domain/case';
import { findPerson } from '../../../domain/directory';
import { literal } from '../literal';
import { actionFields, personChoice, type CaseForm, type Field } from './fields';

const reason = (label = 'Reason'): Field => ({
  id: 'reason',
  label,
  kind: 'multiline',
  required: true,
  maxLength: MAX.reason,
});

/** "Propose a resolution": what has been agreed and the actions that follow; every agency at the stage agrees. */
export const resolve: CaseForm = ({ c, stage, dir, due }) => {
  const agencies = agreeingAgencies(c).map((a) => sideText(dir, a));
  const people = [...new Set(c.stage.participants.filter((p) => p.as !== 'supporter').map((p) => p.personId))]
    .map((id) => findPerson(dir, id))
    .filter((p) => p !== undefined)
    .map((p) => personChoice(dir, p));
  return {
    title: 'Propose a resolution',
    intro:
      `Say what has been agreed. The case closes only when every agency at this stage (${agencies.join(', ')}) has agreed` +
      (stage.approval.resolve ? ', and then a manager has approved.' : '.'),
    quote: '',
    fields: [
      {
        id: 'summary',
        label: 'What has been agreed',
        kind: 'multiline',
        required: true,
        maxLength: MAX.text,
      },
      ...actionFields(people, due, 'Agreed action'),
    ],
    submit: 'Propose this resolution',
  };
};

export const decline: CaseForm = ({ c, dir }) => {
  const r = c.stage.resolution;
  const by = r ? (findPerson(dir, r.by)?.name ?? 'someone no longer in the directory') : '';
  return {
    title: 'Decline the proposed resolution',
    intro: r
      ? `${literal(by)} proposed: ${literal(r.summary)}. Say why you do not agree, so they know what to do next.`
      : 'No resolution is waiting for agreement now.',
    quote: '',
    fields: [reason('Why you do not agree')],
    submit: 'Decline the resolution',
  };
};

export const setRisk: CaseForm = ({ procedure }) => ({
  title: 'Mark imminent risk of harm',
  intro:
    'Urgent timescales replace the normal ones from now, and the business office is told at once. Say what has changed.',
  quote: procedure.rules.imminentRisk?.wording ?? '',
  fields: [reason('What puts the child at imminent risk of harm now')],
  submit: 'Mark imminent risk',
});

export const clearRisk: CaseForm = () => ({
  title: 'Clear imminent risk',
  intro:
    'The normal timescales apply again (no deadline is brought forward). Say why the risk is no longer imminent.',
  quote: '',
  fields: [reason('Why the risk is no longer imminent')],
  submit: 'Clear imminent risk',
});

export const closeActions: CaseForm = ({ c, dir }) => ({
  title: 'Close outstanding actions',
  intro: `These agreed actions are not done: ${openActions(c)
    .map((a) => `${literal(a.text)} (${literal(findPerson(dir, a.ownerId)?.name ?? 'no owner')})`)
    .join('; ')}. Closing them records that they will not be done, and why.`,
  quote: '',
  fields: [reason('Why these actions will not be done')],
  submit: 'Close these actions',
});

/** Nobody could be found to approve: the business office names a manager (never approves in their place). */
export const nameApprover: CaseForm = ({ c, dir }) => {
  const wanted = c.flags
    .filter((f) => f.purpose === 'approver' && !f.resolvedAt)
    .map((f) => literal(f.wanted));
  const managers = dir.people.filter(
    (p) => p.role !== 'practitioner' && p.agencyId !== 'partnership' && p.id !== c.stage.pending?.by,
  );
  return {
    title: 'Name an approver',
    intro: `Missing: ${wanted.join('; ') || 'a manager to approve'}. The person you name is asked to approve or reject.`,
    quote: '',
    fields: [
      {
        id: 'personId',
        label: 'Manager who approves',
        kind: 'choice',
        required: true,
        choices: managers.map((p) => personChoice(dir, p)),
        placeholder: 'Choose a manager',
      },
    ],
    submit: 'Ask this manager to approve',
  };
};
