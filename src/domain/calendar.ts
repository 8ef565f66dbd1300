/**
 * UK working-day calendar, Europe/London, DST-correct whatever the process time zone.
 *
 * Rules (also in the README):
 * - Working days are Monday–Friday minus the nation's public bank holidays (date-holidays; substitute days included).
 * - "N working days from t" is the same London wall-clock time on the Nth following working day.
 * - An event on a non-working day counts from the start (00:00 London) of the next working day, so the
 *   result is 00:00 London on the Nth working day after that start day.
 * - A wall-clock time that does not exist on the due day (spring-forward gap) resolves as TZDate does: forward
 *   by the gap. An ambiguous time (autumn overlap) resolves to its first occurrence.
 * - Hours are elapsed hours: they skip no days.
 * - "By the end of the same / the Nth working day" is the partnership's end of day (default 17:00 London) on the
 *   working day the start belongs to, or N working days later (see explainEndOfWorkingDay).
 */
import { TZDate } from '@date-fns/tz';
import Holidays from 'date-holidays';
import { endOfWorkingDayWords } from './procedure/limitWords';

export type Nation = 'england-and-wales' | 'scotland' | 'northern-ireland';
export const NATIONS: readonly Nation[] = ['england-and-wales', 'scotland', 'northern-ireland'];

export interface SkippedDay {
  date: string; // YYYY-MM-DD, London
  reason: string; // 'Saturday' | 'Sunday' | a bank holiday's name
}

export interface DueExplanation {
  from: Date;
  due: Date;
  rule: string;
  startedOnNonWorkingDay: boolean;
  skipped: SkippedDay[];
}

const LONDON = 'Europe/London';
const REGION: Record<Nation, string> = {
  'england-and-wales': 'ENG',
  scotland: 'SCT',
  'northern-ireland': 'NIR',
};
const cache = new Map<string, Map<string, string>>();

function holidayMap(year: number, nation: Nation): Map<string, string> {
  const key = `${nation}:${year}`;
  let map = cache.get(key);
  if (!map) {
    map = new Map();
    const hd = new Holidays('GB', REGION[nation]);
    for (const h of hd.getHolidays(year)) {
      if (h.type !== 'public') continue;
      const day = h.date.slice(0, 10);
      if (!map.has(day)) map.set(day, h.name);
    }
    cache.set(key, map);
  }
  return map;
}

/** The published list: the library also lists the weekend dates that substitute days replace, which are left out. */
export function bankHolidays(year: number, nation: Nation): { date: string; name: string }[] {
  const weekday = (date: string) => new Date(`${date}T12:00:00Z`).getUTCDay();
  return [...holidayMap(year, nation)]
    .filter(([date]) => weekday(date) !== 0 && weekday(date) !== 6)
    .map(([date, name]) => ({ date, name }))
    .sort((a, b) => a.date.localeCompare(b.date));
}

/** A London calendar day as y/m/d, with the day key and weekday. */
interface Day {
  y: number;
  m: number; // 0-based
  d: number;
}

function dayOf(instant: Date): Day {
  const t = new TZDate(instant.getTime(), LONDON);
  return { y: t.getFullYear(), m: t.getMonth(), d: t.getDate() };
}

function keyOf(day: Day): string {
  return `${day.y}-${String(day.m + 1).padStart(2, '0')}-${String(day.d).padStart(2, '0')}`;
}

function nextDay(day: Day, delta = 1): Day {
  const t = new Date(Date.UTC(day.y, day.m, day.d + delta));
  return { y: t.getUTCFullYear(), m: t.getUTCMonth(), d: t.getUTCDate() };
}

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** Why a London day is not a working day, or null when it is one. */
function nonWorkingReason(day: Day, nation: Nation): string | null {
  const weekday = new Date(Date.UTC(day.y, day.m, day.d)).getUTCDay();
  if (weekday === 0 || weekday === 6) return WEEKDAYS[weekday]!;
  return holidayMap(day.y, nation).get(keyOf(day)) ?? null;
}

export function isWorkingDay(instant: Date, nation: Nation): boolean {
  return nonWorkingReason(dayOf(instant), nation) === null;
}

function atLondon(day: Day, h: number, min: number, s: number, ms: number): Date {
  return new Date(new TZDate(day.y, day.m, day.d, h, min, s, ms, LONDON).getTime());
}

function checkCount(n: number): void {
  if (!Number.isInteger(n) || n < 0)
    throw new RangeError(`working days must be a non-negative integer, got ${n}`);
}

/** Walk n working days from `from` (forwards or backwards), collecting the days skipped. */
function walk(from: Date, n: number, nation: Nation, step: 1 | -1): DueExplanation {
  checkCount(n);
  let day = dayOf(from);
  const local = new TZDate(from.getTime(), LONDON);
  let time = [local.getHours(), local.getMinutes(), local.getSeconds(), local.getMilliseconds()] as const;
  const skipped: SkippedDay[] = [];
  const startedOnNonWorkingDay = nonWorkingReason(day, nation) !== null;
  if (startedOnNonWorkingDay && step === 1) {
    while (nonWorkingReason(day, nation) !== null) {
      skipped.push({ date: keyOf(day), reason: nonWorkingReason(day, nation)! });
      day = nextDay(day);
    }
    time = [0, 0, 0, 0];
  }
  for (let left = n; left > 0;) {
    day = nextDay(day, step);
    const reason = nonWorkingReason(day, nation);
    if (reason) skipped.push({ date: keyOf(day), reason });
    else left--;
  }
  const due = n === 0 && !startedOnNonWorkingDay ? from : atLondon(day, ...time);
  return { from, due, rule: `${n} working day${n === 1 ? '' : 's'}`, startedOnNonWorkingDay, skipped };
}

export function explainWorkingDays(from: Date, n: number, nation: Nation): DueExplanation {
  return walk(from, n, nation, 1);
}

export function addWorkingDays(from: Date, n: number, nation: Nation): Date {
  return walk(from, n, nation, 1).due;
}

/** The same London local time on the Nth previous working day (for reminders "1 working day before"). */
export function subtractWorkingDays(due: Date, n: number, nation: Nation): Date {
  return walk(due, n, nation, -1).due;
}

export function addHours(from: Date, n: number): Date {
  return new Date(from.getTime() + n * 3_600_000);
}

/** Elapsed hours: weekends and bank holidays count like any other hours, so nothing is skipped. */
export function explainHours(from: Date, n: number, nation: Nation): DueExplanation {
  return {
    from,
    due: addHours(from, n),
    rule: `${n} hour${n === 1 ? '' : 's'}`,
    startedOnNonWorkingDay: !isWorkingDay(from, nation),
    skipped: [],
  };
}

/** 'HH:MM' as hours and minutes. */
function timeOfDay(hhmm: string): [number, number] {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(hhmm);
  if (!m) throw new RangeError(`not a time of day (HH:MM): ${hhmm}`);
  return [Number(m[1]), Number(m[2])];
}

/**
 * "By the end of the same working day" (n = 0) or "by the end of the Nth working day" (n ≥ 1): `ends` (HH:MM,
 * London) on the working day `from` belongs to, or n working days after it. A start on a working day before its
 * end belongs to that day (before the office opens too). A start at or after the day's end, or on a weekend or bank
 * holiday, belongs to the next working day: "the same working day" is then that day, so nobody is given a deadline
 * that has already passed or falls while the office is shut.
 */
export function explainEndOfWorkingDay(from: Date, n: number, nation: Nation, ends: string): DueExplanation {
  checkCount(n);
  const [h, min] = timeOfDay(ends);
  const local = new TZDate(from.getTime(), LONDON);
  let day = dayOf(from);
  const startedOnNonWorkingDay = nonWorkingReason(day, nation) !== null;
  const skipped: SkippedDay[] = [];
  if (!startedOnNonWorkingDay && local.getHours() * 60 + local.getMinutes() >= h * 60 + min)
    day = nextDay(day);
  for (let reason = nonWorkingReason(day, nation); reason; reason = nonWorkingReason(day, nation)) {
    skipped.push({ date: keyOf(day), reason });
    day = nextDay(day);
  }
  for (let left = n; left > 0;) {
    day = nextDay(day);
    const reason = nonWorkingReason(day, nation);
    if (reason) skipped.push({ date: keyOf(day), reason });
    else left--;
  }
  const rule = endOfWorkingDayWords(n, ends);
  return { from, due: atLondon(day, h, min, 0, 0), rule, startedOnNonWorkingDay, skipped };
}

const DATE_FMT = new Intl.DateTimeFormat('en-GB', {
  timeZone: LONDON,
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
});
const TIME_FMT = new Intl.DateTimeFormat('en-GB', {
  timeZone: LONDON,
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** 'Wed 30 Dec 2026' */
export function formatLondonDate(instant: Date): string {
  return DATE_FMT.format(instant).replace(',', '');
}

/** 'Wed 30 Dec 2026, 10:00' */
export function formatLondon(instant: Date): string {
  return `${formatLondonDate(instant)}, ${TIME_FMT.format(instant)}`;
}

/**
 * A deadline in the words people use (DESIGN.md §8): one at the very start of a London day ("Wed 00:00") is
 * the end of the previous working day, "the end of Tue 29 Dec 2026"; any other is "Tue 29 Dec 2026, 10:00".
 */
export function formatDeadline(due: Date, nation: Nation): string {
  const local = new TZDate(due.getTime(), LONDON);
  if (local.getHours() || local.getMinutes() || local.getSeconds() || local.getMilliseconds())
    return formatLondon(due);
  let day = nextDay(dayOf(due), -1);
  while (nonWorkingReason(day, nation) !== null) day = nextDay(day, -1);
  return `the end of ${formatLondonDate(atLondon(day, 12, 0, 0, 0))}`;
}

/** Reminders go out in working hours, London time: 09:00 to 17:00 (inclusive) on a working day. */
export const WORKING_HOURS = { start: 9, end: 17 } as const;

/**
 * `at` moved into working hours for a reminder before `due`: kept when inside them; otherwise the next
 * working morning (09:00) if that is still before the due instant, else the last working afternoon (16:00)
 * before `at`.
 */
export function inWorkingHours(at: Date, due: Date, nation: Nation): Date {
  const local = new TZDate(at.getTime(), LONDON);
  const hour = local.getHours() + local.getMinutes() / 60;
  const today = dayOf(at);
  const working = nonWorkingReason(today, nation) === null;
  if (working && hour >= WORKING_HOURS.start && hour <= WORKING_HOURS.end) return at;
  let day = working && hour < WORKING_HOURS.start ? today : nextDay(today);
  while (nonWorkingReason(day, nation) !== null) day = nextDay(day);
  const morning = atLondon(day, WORKING_HOURS.start, 0, 0, 0);
  if (morning < due) return morning;
  day = working && hour > WORKING_HOURS.end ? today : nextDay(today, -1);
  while (nonWorkingReason(day, nation) !== null) day = nextDay(day, -1);
  return atLondon(day, WORKING_HOURS.end - 1, 0, 0, 0);
}

/** 'Christmas Day and Boxing Day (substitute day) bank holidays, 1 weekend skipped' — short, for a card. */
export function describeSkipped(skipped: SkippedDay[]): string {
  const holidays = [
    ...new Set(skipped.filter((s) => s.reason !== 'Saturday' && s.reason !== 'Sunday').map((s) => s.reason)),
  ];
  const weekendDays = skipped.filter((s) => s.reason === 'Saturday' || s.reason === 'Sunday').length;
  const parts: string[] = [];
  if (holidays.length) {
    const names =
      holidays.length === 1
        ? holidays[0]!
        : `${holidays.slice(0, -1).join(', ')} and ${holidays[holidays.length - 1]}`;
    parts.push(`${names} bank holiday${holidays.length === 1 ? '' : 's'}`);
  }
  if (weekendDays) {
    const weekends = Math.ceil(weekendDays / 2);
    parts.push(`${weekends} weekend${weekends === 1 ? '' : 's'}`);
  }
  return parts.length ? `${parts.join(', ')} skipped` : '';
}

/** 00:00 Europe/London on the calendar date 'YYYY-MM-DD' (plus `addDays`), as an instant. */
export function londonDayStart(date: string, addDays = 0): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new RangeError(`not a date (YYYY-MM-DD): ${date}`);
  const start = new TZDate(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + addDays, 0, 0, 0, 0, LONDON);
  const day = new TZDate(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 12, 0, 0, 0, LONDON);
  if (Number.isNaN(start.getTime()) || day.getDate() !== Number(m[3]))
    throw new RangeError(`not a date (YYYY-MM-DD): ${date}`);
  return new Date(start.getTime());
}

/** The London calendar date of an instant, 'YYYY-MM-DD'. */
export function londonDate(instant: Date): string {
  const t = new TZDate(instant.getTime(), LONDON);
  return `${t.getFullYear()}-${String(t.getMonth() + 1).padStart(2, '0')}-${String(t.getDate()).padStart(2, '0')}`;
}
