/** Clocks: when each stage deadline and reminder falls, and which are due now. */
import {
  addHours,
  addWorkingDays,
  describeSkipped,
  explainHours,
  explainWorkingDays,
  subtractWorkingDays,
  type Nation,
} from '../calendar';
import type { Clock, Limit, Stage } from '../procedure/schema';
import type { Case, ClockInstance } from './types';

export interface DueResult {
  due: Date;
  rule: string;
  skipped: string;
}

/** The due instant of a limit counted from `from`, with the rule in words. */
export function computeDue(limit: Limit, from: Date, nation: Nation): DueResult {
  if (limit.workingDays !== undefined) {
    const x = explainWorkingDays(from, limit.workingDays, nation);
    const n = limit.workingDays;
    return { due: x.due, rule: `${n} working day${n === 1 ? '' : 's'}`, skipped: describeSkipped(x.skipped) };
  }
  if (limit.hours !== undefined) {
    const x = explainHours(from, limit.hours, nation);
    return { due: x.due, rule: `${limit.hours} hours`, skipped: describeSkipped(x.skipped) };
  }
  const [a, b] = (limit.lesserOf ?? []).map((l) => computeDue(l, from, nation));
  if (!a || !b) throw new Error('lesserOf needs two limits');
  const first = a.due <= b.due ? a : b;
  return { ...first, rule: `the lesser of ${a.rule} and ${b.rule}` };
}

export function reminderFor(clock: Clock, due: Date, start: Date, nation: Nation): Date | null {
  const r = clock.remindBefore;
  if (!r) return null;
  let at = due;
  if (r.workingDays) at = subtractWorkingDays(at, r.workingDays, nation);
  if (r.hours) at = addHours(at, -r.hours);
  return at > start ? at : null;
}

function iso(d: Date): string {
  return d.toISOString();
}

/** Clock instances for a stage entered at `at`. Clocks anchored on other clocks or dates wait. */
export function startClocks(stage: Stage, at: Date, nation: Nation): ClockInstance[] {
  return stage.clocks.map((clock) => {
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
    };
    if (clock.anchor.kind === 'stageStart' || clock.anchor.kind === 'previousStageEnd') {
      const d = computeDue(clock.limit, at, nation);
      const remind = reminderFor(clock, d.due, at, nation);
      return {
        ...base,
        dueAt: iso(d.due),
        remindAt: remind && iso(remind),
        rule: d.rule,
        skipped: d.skipped,
        waitingFor: null,
      };
    }
    const waitingFor =
      clock.anchor.kind === 'clockMet'
        ? `"${clock.anchor.clock}" to be met`
        : `the date of ${clock.anchor.label}`;
    return { ...base, dueAt: null, remindAt: null, rule: '', skipped: '', waitingFor };
  });
}

export function isOpenClock(k: ClockInstance): boolean {
  return k.metAt === null && k.passedAt === null;
}

export type DueItem =
  { kind: 'reminder' | 'deadline'; clockId: string; at: string } | { kind: 'cap'; at: string };

/** Everything that should fire at or before `now`, earliest first. A passed deadline skips its reminder. */
export function dueItems(c: Case, now: Date): DueItem[] {
  if (c.status !== 'open') return [];
  const t = iso(now);
  const items: DueItem[] = [];
  for (const k of c.stage.clocks.filter(isOpenClock)) {
    if (k.dueAt && k.dueAt <= t) items.push({ kind: 'deadline', clockId: k.clockId, at: k.dueAt });
    else if (k.remindAt && !k.remindedAt && k.remindAt <= t)
      items.push({ kind: 'reminder', clockId: k.clockId, at: k.remindAt });
  }
  if (c.capDueAt && !c.capPassedAt && c.capDueAt <= t) items.push({ kind: 'cap', at: c.capDueAt });
  return items.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}

/** The earliest instant at which something on this case will fire (the swept, indexed field). */
export function nextDueAt(c: Case): string | null {
  if (c.status !== 'open') return null;
  const times: string[] = [];
  for (const k of c.stage.clocks.filter(isOpenClock)) {
    if (k.remindAt && !k.remindedAt) times.push(k.remindAt);
    if (k.dueAt) times.push(k.dueAt);
  }
  if (c.capDueAt && !c.capPassedAt) times.push(c.capDueAt);
  return times.length ? times.sort()[0]! : null;
}

export { addWorkingDays };
