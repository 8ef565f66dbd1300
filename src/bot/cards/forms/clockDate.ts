/**
 * "Enter a date" (#18): a date the procedure counts a timescale from, which a person enters ("the date of the
 * child protection conference"): the clock waiting for it starts, and a raise window counted from it is checked.
 */
import type { Case } from '../../../domain/case';
import type { Procedure } from '../../../domain/procedure/schema';
import { stageById } from '../../../domain/procedure/validate';
import { DATE_HINT, type CaseForm } from './fields';

/** The clocks of the case's stage that count from a date a person enters and have none yet. */
export function datesToEnter(
  c: Case,
  procedure: Procedure,
): { clockId: string; label: string; clock: string }[] {
  const stage = stageById(procedure, c.stage.stageId);
  return stage.clocks.flatMap((def) => {
    const k = c.stage.clocks.find((x) => x.clockId === def.id);
    if (def.anchor.kind !== 'userDate' || !k || k.dueAt || k.metAt) return [];
    return [{ clockId: def.id, label: def.anchor.label, clock: def.label }];
  });
}

export const clockDate: CaseForm = ({ c, procedure }) => {
  const dates = datesToEnter(c, procedure);
  if (dates.length === 0)
    return {
      title: 'Enter a date',
      intro: 'No date is waiting to be entered at this stage.',
      quote: '',
      fields: [],
    };
  return {
    title: 'Enter a date',
    intro: 'A timescale of this stage counts from this date: it starts when you enter it.',
    quote: '',
    fields: [
      {
        id: 'clockId',
        label: 'Which date',
        kind: 'radio',
        required: true,
        choices: dates.map((d) => ({ title: `${capital(d.label)} (for “${d.clock}”)`, value: d.clockId })),
        value: dates[0]!.clockId,
      },
      { id: 'date', label: 'Date', kind: 'date', required: true, hint: DATE_HINT },
      { id: 'time', label: 'Time (London)', kind: 'time', required: true, value: '09:00' },
    ],
    submit: 'Enter the date',
  };
};

const capital = (t: string) => t.charAt(0).toUpperCase() + t.slice(1);
