/**
 * Issue #18, "Anchors": "a date a user enters (e.g. 'the date of the child protection conference')". A date is
 * entered once: the date given at raise (rules.raiseWithin) or entered at an earlier stage starts every clock
 * counted from the same date as soon as its stage begins, instead of asking for it again.
 */
import type { Clock, Procedure } from '../procedure/schema';
import { computeDue, effectiveClock, limitContext, reminderFor, urgentFor } from './clocks';
import type { Case, CaseEvent } from './types';

/** The dates entered so far on a case, by field: at raise, then at each stage (the latest entry of a field wins). */
export function knownDates(c: Case, p: Procedure): Map<string, string> {
  const out = new Map<string, string>();
  if (c.raiseWindow) out.set(c.raiseWindow.field, c.raiseWindow.date);
  for (const s of [...c.history, c.stage]) {
    const defs = p.stages.find((x) => x.id === s.stageId)?.clocks ?? [];
    for (const k of s.clocks) {
      const anchor = defs.find((d) => d.id === k.clockId)?.anchor;
      if (anchor?.kind === 'userDate' && k.countsFrom) out.set(anchor.field, k.countsFrom);
    }
  }
  return out;
}

/** The current stage's clocks still waiting for a date that is already known, with that date. */
export function waitingForKnownDates(c: Case, p: Procedure): { def: Clock; date: string }[] {
  const known = knownDates(c, p);
  const defs = p.stages.find((x) => x.id === c.stage.stageId)?.clocks ?? [];
  return defs.flatMap((def) => {
    if (def.anchor.kind !== 'userDate') return [];
    const date = known.get(def.anchor.field);
    const k = c.stage.clocks.find((x) => x.clockId === def.id);
    return date && k && k.dueAt === null && !k.metAt ? [{ def, date }] : [];
  });
}

/** The event that starts clock `def` of the current stage counting from `at` (a date entered). */
export function scheduledFrom(c: Case, p: Procedure, def: Clock, at: Date, now: Date): CaseEvent {
  const eff = effectiveClock(def, urgentFor(p, c.stage.stageId, c.imminentRisk));
  const d = computeDue(eff.limit, at, p.nation, limitContext(p, c));
  const remind = reminderFor(eff, d.due, now, p.nation);
  return {
    type: 'ClockScheduled',
    clockId: def.id,
    dueAt: d.due.toISOString(),
    remindAt: remind?.toISOString() ?? null,
    rule: d.rule,
    skipped: d.skipped,
    urgent: eff.urgent,
    countsFrom: at.toISOString(),
  };
}
