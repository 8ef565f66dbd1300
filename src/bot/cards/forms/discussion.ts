/** Forms that record the work of a stage: a discussion, a plan and its actions, mediation. */
import { MAX } from '../../../domain/case';
import { actionFields, dueField, formDate, londonTime, type CaseForm } from './fields';

export const discussion: CaseForm = ({ ctx, c, procedure, stage, owners }) => {
  const methods = stage.records.methods.map((m) => ({ title: m.replaceAll('-', ' '), value: m }));
  const recordOnly = stage.records.recordOnly.map((r) => ({
    title: `${r.method === 'email' ? 'e-mail exchange' : r.method} (recorded, does not count)`,
    value: r.method,
  }));
  // the kinds the procedure names (a clock may wait for one, e.g. a meeting); none: no field, as before
  const kinds = (procedure.discussionKinds ?? []).map((k) => ({ title: k.label, value: k.id }));
  return {
    title: 'Record a discussion',
    submit: 'Record the discussion',
    intro: `How and when the discussion for ${stage.label} took place, who took part, and what came of it.`,
    quote: stage.records.recordOnly.map((r) => r.reason).join(' '),
    fields: [
      { id: 'heldAtDate', label: 'Date held', kind: 'date', required: true, value: formDate(ctx.now) },
      { id: 'heldAtTime', label: 'Time (London)', kind: 'time', required: true, value: londonTime(ctx.now) },
      {
        id: 'method',
        label: 'How it was held',
        kind: 'radio',
        required: true,
        choices: [...methods, ...recordOnly],
      },
      ...(kinds.length
        ? [{ id: 'kind', label: 'What kind of discussion', kind: 'radio' as const, choices: kinds }]
        : []),
      {
        id: 'attendeeIds',
        label: 'Who took part',
        kind: 'multichoice',
        required: true,
        choices: owners,
        // the stage's people, ticked: change it if someone did not take part
        value: c.stage.participants
          .filter((p) => p.as !== 'supporter' && owners.some((o) => o.value === p.personId))
          .map((p) => p.personId)
          .join(','),
      },
      { id: 'summary', label: 'Summary', kind: 'multiline', required: true, maxLength: MAX.text },
      {
        id: 'outcome',
        label: 'Outcome',
        kind: 'radio',
        required: true,
        choices: [
          { title: 'Resolved', value: 'resolved' },
          { title: 'Plan agreed', value: 'planAgreed' },
          { title: 'Unresolved', value: 'unresolved' },
        ],
      },
    ],
  };
};

export const plan: CaseForm = ({ stage, owners, due }) => ({
  title: 'Agree a plan of action',
  submit: 'Record the plan',
  intro: 'The mutually agreed plan, with timescales. Add up to three actions now; more can be added later.',
  quote: stage.clocks.find((k) => k.requirement === 'plan')?.wording ?? '',
  fields: [
    { id: 'plan', label: 'Plan of action', kind: 'multiline', required: true, maxLength: MAX.text },
    ...actionFields(owners, due),
  ],
});

export const action: CaseForm = ({ owners, due }) => ({
  title: 'Add an agreed action',
  submit: 'Add the action',
  intro: '',
  quote: '',
  fields: [
    { id: 'actionText', label: 'Action', kind: 'text', required: true, maxLength: MAX.reason },
    { id: 'actionOwner', label: 'Who will do it', kind: 'choice', required: true, choices: owners },
    dueField('actionDue', 'Due date', due, true),
  ],
});

export const mediation: CaseForm = ({ stage }) => ({
  title: 'Offer mediation',
  submit: 'Offer mediation',
  intro: 'Optionally give the date and time of the mediation meeting.',
  quote: stage.clocks.find((k) => k.requirement === 'mediationOffered')?.wording ?? '',
  fields: [
    { id: 'meetingDate', label: 'Meeting date', kind: 'date' },
    { id: 'meetingTime', label: 'Meeting time (London)', kind: 'time' },
  ],
});

export const mediationOutcome: CaseForm = () => ({
  title: 'Mediation outcome',
  intro: '',
  quote: '',
  fields: [
    {
      id: 'outcome',
      label: 'Outcome',
      kind: 'radio',
      required: true,
      choices: [
        { title: 'Resolved', value: 'resolved' },
        { title: 'Not resolved', value: 'unresolved' },
      ],
    },
    { id: 'summary', label: 'Summary', kind: 'multiline', required: true, maxLength: MAX.text },
    {
      id: 'learningPoints',
      label: 'Learning points (required when not resolved)',
      kind: 'multiline',
      maxLength: MAX.text,
      hint: 'A case that stays unresolved after mediation closes only with its learning points recorded.',
    },
  ],
  submit: 'Record the outcome',
});
