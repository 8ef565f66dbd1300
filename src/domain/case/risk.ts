/** Imminent risk is urgent: urgent timescales replace the normal ones, set or cleared with a reason. */
import { fail } from '../errors';
import type { Clock } from '../procedure/schema';
import { computeDue, effectiveClock, limitContext, reminderFor, urgentFor } from './clocks';
import { type Emitter, enterStage } from './flow';
import { FieldErrors, MAX } from './inputs';
import type { ClockInstance, StageInstance } from './types';

function reasonOf(reason: string): string {
  const f = new FieldErrors();
  const text = f.text('reason', reason, MAX.reason);
  f.done();
  return text;
}

/** Stage ids in the order the procedure runs them. */
function order(em: Emitter): string[] {
  const p = em.ctx.procedure;
  const out: string[] = [];
  let at: string | null = p.firstStage;
  while (at && !out.includes(at)) {
    out.push(at);
    const here: string = at;
    at = p.stages.find((s) => s.id === here)?.next ?? null;
  }
  return out;
}

/**
 * Rule (seed 002): "if there is concern that a child is at imminent risk of harm and the other agency disagrees,
 * stage 1 of the Escalation Procedure should be initiated immediately": a case before that stage moves to it;
 * otherwise the open clocks of the current stage take the urgent timescales.
 */
export function setImminentRisk(em: Emitter, reason: string): void {
  const text = reasonOf(reason);
  if (em.case.imminentRisk) fail('INVALID_INPUT', 'Imminent risk of harm is already recorded on this case.');
  em.emit({ type: 'ImminentRiskSet', reason: text });
  const rule = em.ctx.procedure.rules.imminentRisk;
  const stages = order(em);
  if (rule && stages.indexOf(em.case.stage.stageId) < stages.indexOf(rule.startAt))
    return enterStage(em, rule.startAt, 1, 'imminent risk of harm: started immediately at this stage');
  retime(em, 'set');
}

export function clearImminentRisk(em: Emitter, reason: string): void {
  const text = reasonOf(reason);
  if (!em.case.imminentRisk) fail('INVALID_INPUT', 'This case has no imminent risk recorded.');
  em.emit({ type: 'ImminentRiskCleared', reason: text });
  retime(em, 'clear');
}

function anchorTime(def: Clock, k: ClockInstance, s: StageInstance): string | null {
  if (def.anchor.kind === 'stageStart' || def.anchor.kind === 'previousStageEnd') return s.enteredAt;
  // the raise, a clock passed, a met clock's act as it happened (anchors.ts)
  if (def.anchor.kind !== 'userDate' && k.countsFrom) return k.countsFrom;
  if (def.anchor.kind === 'clockMet') {
    const clock = def.anchor.clock;
    return s.clocks.find((k) => k.clockId === clock)?.metAt ?? null;
  }
  return null;
}

/**
 * Re-time the open clocks of the current stage. Setting the risk never makes a deadline later (urgent from
 * now); clearing it never makes one earlier (the normal timescale from the clock's own start).
 */
function retime(em: Emitter, mode: 'set' | 'clear'): void {
  const { procedure, now } = em.ctx;
  const s = em.case.stage;
  const urgent = urgentFor(procedure, s.stageId, mode === 'set');
  for (const k of s.clocks) {
    const def = em.stageDef.clocks.find((d) => d.id === k.clockId);
    if (!def || !k.dueAt || k.metAt || k.passedAt || k.heldAt) continue;
    const eff = effectiveClock(def, urgent, procedure.rules.imminentRisk?.urgentWording);
    if (mode === 'set' ? !eff.urgent : !k.urgent) continue;
    const from = mode === 'set' ? now : new Date(anchorTime(def, k, s) ?? k.dueAt);
    const d = computeDue(eff.limit, from, procedure.nation, limitContext(procedure, em.case));
    const keep = mode === 'set' ? d.due.toISOString() > k.dueAt : d.due.toISOString() < k.dueAt;
    const due = keep ? new Date(k.dueAt) : d.due;
    schedule(em, k, eff, due, keep ? k : d);
  }
}

function schedule(
  em: Emitter,
  k: ClockInstance,
  eff: Clock & { urgent: boolean },
  due: Date,
  words: { rule: string; skipped: string },
): void {
  const { now, procedure } = em.ctx;
  const remind = reminderFor(eff, due, now, procedure.nation);
  em.emit({
    type: 'ClockScheduled',
    clockId: k.clockId,
    dueAt: due.toISOString(),
    remindAt: remind ? remind.toISOString() : null,
    rule: words.rule,
    skipped: words.skipped,
    urgent: eff.urgent,
    wording: eff.wording,
    isDefault: eff.isDefault,
  });
}
