/** Clocks: when each stage deadline and reminder falls, and which are due now. */
import {
  addHours,
  addWorkingDays,
  describeSkipped,
  explainEndOfWorkingDay,
  explainWorkingDays,
  inWorkingHours,
  subtractWorkingDays,
  type Nation,
} from '../calendar';
import { DEFAULT_WORKING_DAY_ENDS, dateWords, immediatelyWords, plural } from '../procedure/limitWords';
import type { Clock, Limit, Procedure, Stage, UrgentLimit } from '../procedure/schema';
import type { AgreedAction, Case, ClockInstance } from './types';

export interface DueResult {
  due: Date;
  rule: string;
  skipped: string;
}

/** What a limit needs besides its start: when the partnership's working day ends, and the values set for the case. */
export interface LimitContext {
  workingDayEnds?: string;
  caseLimits?: Readonly<Record<string, number>>;
}

export function limitContext(procedure: Procedure, c?: Pick<Case, 'caseLimits'>): LimitContext {
  return {
    ...(procedure.workingDayEnds ? { workingDayEnds: procedure.workingDayEnds } : {}),
    ...(c?.caseLimits ? { caseLimits: c.caseLimits } : {}),
  };
}

/** Null for a limit set for the case that nobody has set yet. */
function dueOrUnset(limit: Limit, from: Date, nation: Nation, ctx: LimitContext): DueResult | null {
  if (limit.workingDays !== undefined) {
    const x = explainWorkingDays(from, limit.workingDays, nation);
    return { due: x.due, rule: x.rule, skipped: describeSkipped(x.skipped) };
  }
  // hours are elapsed hours: they never skip a day, so they never claim to
  if (limit.hours !== undefined)
    return { due: addHours(from, limit.hours), rule: plural(limit.hours, 'hour'), skipped: '' };
  if (limit.immediately !== undefined) {
    const { hours } = limit.immediately;
    return { due: addHours(from, hours), rule: immediatelyWords(hours), skipped: '' };
  }
  if (limit.endOfWorkingDay !== undefined) {
    const ends = ctx.workingDayEnds ?? DEFAULT_WORKING_DAY_ENDS;
    const x = explainEndOfWorkingDay(from, limit.endOfWorkingDay, nation, ends);
    return { due: x.due, rule: x.rule, skipped: describeSkipped(x.skipped) };
  }
  if (limit.setForCase !== undefined) {
    const { field, unit } = limit.setForCase;
    const n = ctx.caseLimits?.[field];
    if (n === undefined) return null;
    const d = dueOrUnset(unit === 'hours' ? { hours: n } : { workingDays: n }, from, nation, ctx)!;
    return { ...d, rule: `${d.rule} set for the case` };
  }
  const [a, b] = (limit.lesserOf ?? []).map((l) => dueOrUnset(l, from, nation, ctx));
  if (a === undefined || b === undefined) throw new Error('lesserOf needs two limits');
  if (!a || !b) {
    const only = a ?? b;
    return only && { ...only, rule: `${only.rule}, or less if a timescale is set for the case` };
  }
  const first = a.due <= b.due ? a : b;
  return { ...first, rule: `the lesser of ${a.rule} and ${b.rule}` };
}

/**
 * The due instant of a limit counted from `from`, with the rule in words. In a `lesserOf`, a limit set for the
 * case that is not set yet leaves the other to apply alone (seed 002: "a timescale that protects the child from
 * harm"); the validator allows it nowhere else.
 */
export function computeDue(limit: Limit, from: Date, nation: Nation, ctx: LimitContext = {}): DueResult {
  const d = dueOrUnset(limit, from, nation, ctx);
  if (!d) throw new Error(`the limit "${limit.setForCase?.field}" is not set for this case`);
  return d;
}

export function reminderFor(
  clock: Pick<Clock, 'remindBefore'>,
  due: Date,
  start: Date,
  nation: Nation,
): Date | null {
  return reminderAt(clock.remindBefore, due, start, nation);
}

/**
 * `r` before `due`, moved into working hours (a reminder at 06:00 or on a Sunday reaches nobody), or null when
 * there is no reminder or it would fall before `start`.
 */
export function reminderAt(r: Clock['remindBefore'], due: Date, start: Date, nation: Nation): Date | null {
  if (!r) return null;
  let at = due;
  if (r.workingDays) at = subtractWorkingDays(at, r.workingDays, nation);
  if (r.hours) at = addHours(at, -r.hours);
  at = inWorkingHours(at, due, nation);
  return at > start && at < due ? at : null;
}

function iso(d: Date): string {
  return d.toISOString();
}

/** Urgent timescales by clock id for `stage`, when the case is at imminent risk and the procedure has them. */
export function urgentFor(
  procedure: Procedure,
  stageId: string,
  imminentRisk: boolean,
): Record<string, UrgentLimit> {
  return (imminentRisk && procedure.rules.imminentRisk?.urgent[stageId]) || {};
}

/** The clock as it applies now: an urgent timescale replaces the normal one while a child is at imminent risk. */
export function effectiveClock(
  clock: Clock,
  urgent: Record<string, UrgentLimit>,
  wording = '',
): Clock & { urgent: boolean } {
  const u = urgent[clock.id];
  if (!u) return { ...clock, urgent: false };
  // the procedure's own words for urgency say it already; a built-in sentence only where it gives none
  const why = wording.trim()
    ? ''
    : `Urgent: a child is at imminent risk of harm${u.isDefault ? ' (the partnership’s default timescale: the procedure gives no number)' : ''}.`;
  return {
    ...clock,
    limit: u.limit,
    remindBefore: u.remindBefore,
    isDefault: u.isDefault,
    wording: `${why} ${wording} ${clock.wording}`.replace(/\s+/g, ' ').trim(),
    urgent: true,
  };
}

/** Clock instances for a stage entered at `at`. Clocks anchored on other clocks or dates wait. */
export function startClocks(
  stage: Stage,
  at: Date,
  nation: Nation,
  urgent: Record<string, UrgentLimit> = {},
  urgentWording = '',
  limits: LimitContext = {},
  raisedAt?: Date,
): ClockInstance[] {
  return stage.clocks.map((def) => {
    const clock = effectiveClock(def, urgent, urgentWording);
    const base = {
      clockId: clock.id,
      label: clock.label,
      requirement: clock.requirement,
      onPass: clock.onPass,
      wording: clock.wording,
      isDefault: clock.isDefault,
      metAt: null,
      remindedAt: null,
      passedAt: null,
      heldAt: null,
      urgent: clock.urgent,
      ...(clock.discussionKind ? { discussionKind: clock.discussionKind } : {}),
    };
    const { anchor } = clock;
    const raise = anchor.kind === 'raise' ? (raisedAt ?? at) : null;
    if (raise || anchor.kind === 'stageStart' || anchor.kind === 'previousStageEnd') {
      const d = computeDue(clock.limit, raise ?? at, nation, limits);
      const remind = reminderFor(clock, d.due, at, nation);
      return {
        ...base,
        dueAt: iso(d.due),
        remindAt: remind && iso(remind),
        rule: d.rule,
        skipped: d.skipped,
        waitingFor: null,
        ...(raise ? { countsFrom: iso(raise) } : {}),
      };
    }
    // read after "starts when" on the card: '"Acknowledgement" is met', 'the date of the conference is entered'
    const labelOf = (id: string) => `"${stage.clocks.find((k) => k.id === id)?.label ?? id}"`;
    const waitingFor =
      anchor.kind === 'clockMet'
        ? `${labelOf(anchor.clock)} is met`
        : anchor.kind === 'clockPassed'
          ? `${labelOf(anchor.clock)} passes without being met`
          : `${dateWords(anchor.kind === 'userDate' ? anchor.label : 'its anchor')} is entered`;
    return { ...base, dueAt: null, remindAt: null, rule: '', skipped: '', waitingFor };
  });
}

export function isOpenClock(k: ClockInstance): boolean {
  return k.metAt === null && k.passedAt === null;
}

/** An open clock that can still fire: not held by a proposal that was waiting when it passed. */
function live(k: ClockInstance): boolean {
  return isOpenClock(k) && !k.heldAt;
}

export type DueItem =
  | { kind: 'reminder' | 'deadline'; clockId: string; at: string }
  | { kind: 'cap'; at: string }
  | { kind: 'actionReminder'; actionId: string; at: string }
  | { kind: 'actionOverdue'; actionId: string; at: string };

/** Agreed actions not yet done, from every stage (they survive escalation and resolution), oldest first. */
export function openActions(c: Case): AgreedAction[] {
  return [...c.history, c.stage].flatMap((s) => s.actions).filter((a) => a.completedAt === null);
}

/** A closed case whose agreed actions are not all done: "resolved — actions outstanding". */
export function actionsOutstanding(c: Case): boolean {
  return c.status !== 'open' && openActions(c).length > 0;
}

function actionItems(c: Case, t: string): DueItem[] {
  const items: DueItem[] = [];
  for (const a of openActions(c)) {
    if (!a.overdueAt && a.dueAt <= t) items.push({ kind: 'actionOverdue', actionId: a.id, at: a.dueAt });
    else if (!a.overdueAt && a.remindAt && !a.remindedAt && a.remindAt <= t)
      items.push({ kind: 'actionReminder', actionId: a.id, at: a.remindAt });
  }
  return items;
}

/** Everything that should fire at or before `now`, earliest first. A passed deadline skips its reminder. */
export function dueItems(c: Case, now: Date): DueItem[] {
  const t = iso(now);
  const items: DueItem[] = actionItems(c, t);
  if (c.status === 'open') {
    for (const k of c.stage.clocks.filter(live)) {
      if (k.dueAt && k.dueAt <= t) items.push({ kind: 'deadline', clockId: k.clockId, at: k.dueAt });
      else if (k.remindAt && !k.remindedAt && k.remindAt <= t)
        items.push({ kind: 'reminder', clockId: k.clockId, at: k.remindAt });
    }
    if (c.capDueAt && !c.capPassedAt && c.capDueAt <= t) items.push({ kind: 'cap', at: c.capDueAt });
  }
  return items.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}

/**
 * The earliest instant at which something on this case will fire (the swept, indexed field): open clocks,
 * the overall limit, and agreed actions still open, so a stage whose clocks are met still has a next date.
 */
export function nextDueAt(c: Case): string | null {
  const times: string[] = [];
  for (const a of openActions(c)) {
    if (a.overdueAt) continue;
    if (a.remindAt && !a.remindedAt) times.push(a.remindAt);
    times.push(a.dueAt);
  }
  if (c.status === 'open') {
    for (const k of c.stage.clocks.filter(live)) {
      if (k.remindAt && !k.remindedAt) times.push(k.remindAt);
      if (k.dueAt) times.push(k.dueAt);
    }
    if (c.capDueAt && !c.capPassedAt) times.push(c.capDueAt);
  }
  return times.length ? times.sort()[0]! : null;
}

export { addWorkingDays };
