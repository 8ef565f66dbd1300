/**
 * Limits set for one case. Seed 002: "within a timescale that protects the child from harm": a procedure's
 * `lesserOf` may hold a value a participant sets for the case; until it is set, the other limit applies alone.
 */
import { fail } from '../errors';
import { caseLimitFields, inUnit, usesCaseLimit } from '../procedure/limitWords';
import type { Clock } from '../procedure/schema';
import { computeDue, effectiveClock, limitContext, reminderFor, urgentFor } from './clocks';
import type { Emitter } from './flow';
import { FieldErrors } from './inputs';
import type { ClockInstance, StageInstance } from './types';

/** When a clock started counting, or null when the case does not hold it. */
function countsFrom(def: Clock, k: ClockInstance, s: StageInstance): string | null {
  const a = def.anchor;
  if (a.kind === 'stageStart' || a.kind === 'previousStageEnd') return s.enteredAt;
  if (a.kind === 'clockMet')
    return k.countsFrom ?? s.clocks.find((x) => x.clockId === a.clock)?.metAt ?? null;
  return k.countsFrom ?? null;
}

/**
 * Set (or change) the value of a `setForCase` field, then re-time the open clocks of the current stage that use it
 * from their own start: the deadline is the lesser of the fixed limit and the value set. Clocks not started yet
 * and later stages take the value when they start.
 */
export function setCaseLimit(em: Emitter, field: string, value: number): void {
  const { procedure, now } = em.ctx;
  const def = caseLimitFields(procedure).find((f) => f.field === field);
  if (!def) fail('INVALID_INPUT', 'This procedure has no such timescale to set for a case.');
  const f = new FieldErrors();
  const between = `${inUnit(def.min, def.unit)} to ${inUnit(def.max, def.unit)}`;
  f.check(
    'value',
    Number.isInteger(value) && value >= def.min && value <= def.max,
    `Give a whole number from ${def.min} to ${def.max} (${between}).`,
  );
  f.done();
  em.emit({ type: 'CaseLimitSet', field, value });
  const s = em.case.stage;
  const urgent = urgentFor(procedure, s.stageId, em.case.imminentRisk);
  for (const k of s.clocks) {
    const d0 = em.stageDef.clocks.find((d) => d.id === k.clockId);
    if (!d0 || !k.dueAt || k.metAt || k.passedAt || k.heldAt) continue;
    const eff = effectiveClock(d0, urgent, procedure.rules.imminentRisk?.urgentWording);
    const from = countsFrom(d0, k, s);
    if (!from || !usesCaseLimit(eff.limit, field)) continue;
    const d = computeDue(eff.limit, new Date(from), procedure.nation, limitContext(procedure, em.case));
    const remind = reminderFor(eff, d.due, now, procedure.nation);
    em.emit({
      type: 'ClockScheduled',
      clockId: k.clockId,
      dueAt: d.due.toISOString(),
      remindAt: remind ? remind.toISOString() : null,
      rule: d.rule,
      skipped: d.skipped,
      urgent: eff.urgent,
      ...(k.countsFrom ? { countsFrom: k.countsFrom } : {}),
    });
  }
}
