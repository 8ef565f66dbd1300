/**
 * The weekly digest: last week's figures, posted to the business office channel once a week on the
 * configured weekday and time (Europe/London); on a bank holiday, the next working day. Exactly one
 * instance posts it (a claim in the settings), and a failed post is tried again at the next sweep.
 */
import { isWorkingDay, londonDate, londonDayStart, type Nation } from '../domain/calendar';
import type { Period } from './report';

export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface DigestSlot {
  week: string; // the Monday of the week, YYYY-MM-DD: one digest per week
  at: Date; // when it is due
  period: Period; // the week before (Monday to Sunday)
}

/** This week's digest slot for `now`. */
export function digestSlot(now: Date, day: Weekday, time: string, nation: Nation): DigestSlot {
  const today = londonDate(now);
  const dow = new Date(`${today}T12:00:00Z`).getUTCDay(); // 0 = Sunday
  const monday = londonDate(londonDayStart(today, -((dow + 6) % 7)));
  let offset = WEEKDAYS.indexOf(day);
  while (!isWorkingDay(new Date(londonDayStart(monday, offset).getTime() + 12 * 3_600_000), nation)) offset++;
  const [h, m] = time.split(':').map(Number) as [number, number];
  // digest days are weekdays, and UK clocks change on Sundays, so hours from midnight are wall-clock hours
  const at = new Date(londonDayStart(monday, offset).getTime() + (h * 60 + m) * 60_000);
  return { week: monday, at, period: { from: londonDayStart(monday, -7), to: londonDayStart(monday) } };
}
