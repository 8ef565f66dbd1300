/** Forms that move a case on or end it: escalate, reject an outcome, learning points, decision, withdraw. */
import { MAX, MIN_EVIDENCE } from '../../../domain/case';
import { actionFields, type CaseForm } from './fields';

const METHOD_WORDS: Record<string, string> = {
  telephone: 'telephone',
  'face-to-face': 'face to face',
  'online-meeting': 'online meeting',
};

/** Escalating by hand needs a discussion recorded at the stage (by a method that counts): the form says so first. */
function discussionNote({ c, stage }: Parameters<CaseForm>[0]): string {
  if (!stage.records.discussion) return '';
  const how = stage.records.methods.map((m) => METHOD_WORDS[m] ?? m).join(', ');
  if (c.stage.discussions.some((d) => d.counts))
    return `The discussion held at ${stage.label} is recorded, so the case can move up.`;
  return `No discussion is recorded at ${stage.label} yet. A case moves up only after the discussion held at this stage (by ${how}) is recorded: go back to the case and use “Record a discussion” first.`;
}

export const escalate: CaseForm = (x) => {
  const { procedure, stage } = x;
  const needed = procedure.rules.evidenceBeforeEscalating && stage.records.evidenceToEscalate;
  return {
    title: 'Escalate to the next stage',
    submit: 'Escalate',
    intro: [
      discussionNote(x),
      stage.approval.escalate
        ? 'Your line manager will be asked to approve.'
        : 'The case moves up straight away.',
    ]
      .filter(Boolean)
      .join(' '),
    quote: needed
      ? 'Before progressing an escalation through the stages of this process, evidence should be provided that all efforts at the previous stage have been explored.'
      : '',
    fields: [
      {
        id: 'evidence',
        label: needed
          ? `Evidence that all efforts at this stage were explored (at least ${MIN_EVIDENCE} characters)`
          : 'Why the case needs to move up (optional)',
        kind: 'multiline',
        required: needed,
        maxLength: MAX.evidence,
      },
    ],
  };
};

export const reject: CaseForm = () => ({
  title: 'Reject the proposed outcome',
  submit: 'Reject',
  intro: 'Say why, so the professionals know what to do next.',
  quote: '',
  fields: [{ id: 'reason', label: 'Reason', kind: 'multiline', required: true, maxLength: MAX.reason }],
});

export const learning: CaseForm = ({ stage }) => ({
  title: 'Record learning points',
  submit: 'Record the learning points',
  intro: '',
  quote: stage.source.includes('learning') ? stage.expected : '',
  fields: [
    {
      id: 'learningPoints',
      label: 'Learning points',
      kind: 'multiline',
      required: true,
      maxLength: MAX.text,
    },
  ],
});

/** The Chair either decides (the case closes) or agrees a course of action to reach a decision (it stays open). */
export const decision: CaseForm = ({ stage, owners, due }) => ({
  title: 'The Chair’s decision',
  intro:
    'Record the final binding decision, or the course of action agreed to reach it. Agreed actions apply to a course of action.',
  quote: stage.expected,
  fields: [
    {
      id: 'kind',
      label: 'What you are recording',
      kind: 'radio',
      required: true,
      value: 'final',
      choices: [
        { title: 'Final binding decision (closes the case)', value: 'final' },
        {
          title: 'Agreed course of action to reach a decision (the case stays open)',
          value: 'courseOfAction',
        },
      ],
    },
    {
      id: 'decision',
      label: 'The decision, or the course of action',
      kind: 'multiline',
      required: true,
      maxLength: MAX.text,
    },
    ...actionFields(owners, due, 'Agreed action'),
  ],
  submit: 'Record the decision',
});

export const withdraw: CaseForm = () => ({
  title: 'Withdraw this case',
  submit: 'Withdraw the case',
  intro: 'Everyone involved will be told.',
  quote: '',
  fields: [{ id: 'reason', label: 'Reason', kind: 'multiline', required: true, maxLength: MAX.reason }],
});
