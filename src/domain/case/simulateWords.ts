/** Timeline rows in words for the anchors of issue #18: a clock started by another passing; a raise checked late. */
import { formatDeadline, formatLondon, type Nation } from '../calendar';
import { dateFields, dateWords, plural } from '../procedure/limitWords';
import type { Procedure } from '../procedure/schema';
import type { Case, StageInstance } from './types';

/** Clocks of the same stage that were waiting before a command and run after it (not on a stage change). */
export function startedRows(before: StageInstance, after: StageInstance, nation: Nation): string[] {
  if (before.stageId !== after.stageId || before.level !== after.level) return [];
  return after.clocks.flatMap((k) => {
    const was = before.clocks.find((x) => x.clockId === k.clockId);
    if (!was || was.dueAt || !k.dueAt) return [];
    const from = k.countsFrom ? `, counted from ${formatLondon(new Date(k.countsFrom))}` : '';
    return [`started: ${k.label} (${k.rule}${from}), due by ${formatDeadline(new Date(k.dueAt), nation)}`];
  });
}

/** 'raised late: …' or 'raised in time: …' once the case has checked its raise against rules.raiseWithin. */
export function raiseWindowRow(c: Case, p: Procedure): string | null {
  const w = c.raiseWindow;
  const rule = p.rules.raiseWithin;
  if (!w || !rule) return null;
  const what = `${plural(rule.workingDays, 'working day')} of ${dateWords(dateFields(p).get(w.field) ?? w.field)} (${formatLondon(new Date(w.date))}), by ${formatDeadline(new Date(w.dueAt), p.nation)}`;
  return w.late
    ? `raised late: ${plural(w.workingDaysLate, 'working day')} after the window, raise within ${what} (recorded and shown, no alert)`
    : `raised in time: within ${what}`;
}
