/** The case card's line on a raise checked against the procedure's window from an outside date (rules.raiseWithin). */
import { formatDeadline, formatLondonDate } from '../../domain/calendar';
import type { Case } from '../../domain/case';
import { dateFields, dateWords, plural } from '../../domain/procedure/limitWords';
import type { Procedure } from '../../domain/procedure/schema';

/** Shown, never alerted: a late raise is recorded for the record and holds nothing up. '' when not checked. */
export function raiseWindowText(c: Case, procedure: Procedure): string {
  const w = c.raiseWindow;
  const rule = procedure.rules.raiseWithin;
  if (!w || !rule) return '';
  const of = dateWords(dateFields(procedure).get(w.field) ?? w.field);
  const window = `within ${plural(rule.workingDays, 'working day')} of ${of} (${formatLondonDate(new Date(w.date))}), by ${formatDeadline(new Date(w.dueAt), procedure.nation)}`;
  return w.late
    ? `Raised late: ${plural(w.workingDaysLate, 'working day')} after the procedure’s window (${window}). This is recorded; it does not hold the case up.`
    : `Raised in time: ${window}.`;
}
