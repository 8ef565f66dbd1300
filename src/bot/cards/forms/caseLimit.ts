/**
 * "Set a timescale for this case" (#18): seed 002's "within a timescale that protects the child from harm" as a
 * value a participant sets for the case, where the procedure's `lesserOf` holds a `setForCase` limit. The
 * deadline is then the lesser of the procedure's fixed limit and this value.
 */
import { caseLimitFields, inUnit } from '../../../domain/procedure/limitWords';
import type { CaseForm } from './fields';

export const caseLimit: CaseForm = ({ c, procedure }) => {
  const fields = caseLimitFields(procedure);
  const set = c.caseLimits ?? {};
  const now = fields
    .filter((f) => set[f.field] !== undefined)
    .map((f) => `${f.label}: ${inUnit(set[f.field]!, f.unit)}`);
  if (fields.length === 0)
    return {
      title: 'Set a timescale for this case',
      intro: 'This case’s procedure has no timescale that is set case by case.',
      quote: '',
      fields: [],
    };
  return {
    title: 'Set a timescale for this case',
    intro:
      'The deadlines that allow it become the lesser of the procedure’s own timescale and the one you set here, counted from when each started.' +
      (now.length ? ` Set now: ${now.join('; ')}.` : ''),
    quote: '',
    fields: [
      {
        id: 'field',
        label: 'Which timescale',
        kind: 'radio',
        required: true,
        choices: fields.map((f) => ({
          title: `${f.label} (${inUnit(f.min, f.unit)} to ${inUnit(f.max, f.unit)})`,
          value: f.field,
        })),
        value: fields[0]?.field,
      },
      {
        id: 'value',
        label:
          fields.length === 1
            ? `How many ${fields[0]!.unit === 'hours' ? 'hours' : 'working days'}`
            : 'How many (in the unit shown above)',
        kind: 'text',
        required: true,
        maxLength: 3,
        placeholder: fields[0] ? String(fields[0].min) : '',
      },
    ],
    submit: 'Set the timescale',
  };
};
