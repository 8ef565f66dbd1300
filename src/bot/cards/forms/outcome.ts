/** Forms that move a case on or end it: escalate, reject an outcome, learning points, decision, withdraw. */
import { MAX, MIN_EVIDENCE } from '../../../domain/case';
import type { CaseForm } from './fields';

export const escalate: CaseForm = ({ procedure, stage }) => {
  const needed = procedure.rules.evidenceBeforeEscalating && stage.records.evidenceToEscalate;
  return {
    title: 'Escalate to the next stage',
    intro: stage.approval.escalate
      ? 'Your line manager will be asked to approve.'
      : 'The case moves up straight away.',
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
  intro: 'Say why, so the professionals know what to do next.',
  quote: '',
  fields: [{ id: 'reason', label: 'Reason', kind: 'multiline', required: true, maxLength: MAX.reason }],
});

export const learning: CaseForm = ({ stage }) => ({
  title: 'Record learning points',
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

export const decision: CaseForm = ({ stage }) => ({
  title: 'Final binding decision',
  intro: 'The Independent Chair’s decision, or the agreed course of action to reach it.',
  quote: stage.expected,
  fields: [{ id: 'decision', label: 'Decision', kind: 'multiline', required: true, maxLength: MAX.text }],
});

export const withdraw: CaseForm = () => ({
  title: 'Withdraw this case',
  intro: 'Everyone involved will be told.',
  quote: '',
  fields: [{ id: 'reason', label: 'Reason', kind: 'multiline', required: true, maxLength: MAX.reason }],
});
