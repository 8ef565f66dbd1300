/**
 * Issue #18: "A raise can be checked against a window from an outside date: lateness is recorded and shown, never a
 * false alarm." Once the raise and the outside date are both known, the case records whether the raise was late and
 * by how many working days; nothing is alerted and no clock waits for it.
 */
import { addWorkingDays } from '../calendar';
import type { Emitter } from './flow';

/** Check the raise against rules.raiseWithin when `field` is its outside date (again only if the date changes). */
export function checkRaiseWindow(em: Emitter, field: string, date: string): void {
  const rule = em.ctx.procedure.rules.raiseWithin;
  if (!rule || rule.of !== field || em.case.raiseWindow?.date === date) return;
  const { nation } = em.ctx.procedure;
  const due = addWorkingDays(new Date(date), rule.workingDays, nation);
  const raised = new Date(em.case.raisedAt);
  // how many more working days the window would have needed (a working day later at a time, like the window)
  let workingDaysLate = 0;
  for (let t = due; t < raised && workingDaysLate < 5000; workingDaysLate++) t = addWorkingDays(t, 1, nation);
  em.emit({
    type: 'RaiseChecked',
    field,
    date,
    dueAt: due.toISOString(),
    late: raised > due,
    workingDaysLate,
  });
}
