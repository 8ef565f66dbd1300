/** When a waiting clock starts: another clock met (as recorded, or as it happened) or passed. */
import type { Clock } from '../procedure/schema';
import type { Case, ClockInstance } from './types';

/**
 * When the act that met clock `k` happened: for a discussion, the earliest date given for a discussion that meets
 * it (never before the stage started, nor after it was recorded); for anything else, when it was recorded.
 */
export function happenedAt(c: Case, k: ClockInstance): string | null {
  if (!k.metAt) return null;
  if (k.requirement !== 'discussion') return k.metAt;
  const held = c.stage.discussions
    .filter((d) => d.counts && (!k.discussionKind || d.kind === k.discussionKind))
    .map((d) => d.heldAt)
    .sort()[0];
  if (!held || held > k.metAt) return k.metAt;
  return held < c.stage.enteredAt ? c.stage.enteredAt : held;
}

/**
 * Where clock `def` starts counting now that clock `clockId` was met or passed, or null when it does not wait for
 * that. A passed clock starts it from its deadline; a met clock from now (recorded, the default) or from when the
 * act happened.
 */
export function dependentStart(
  c: Case,
  def: Clock,
  clockId: string,
  how: 'met' | 'passed',
  now: Date,
): { at: Date; countsFrom?: string } | null {
  const a = def.anchor;
  if (a.kind !== (how === 'met' ? 'clockMet' : 'clockPassed') || !('clock' in a) || a.clock !== clockId)
    return null;
  const waiting = c.stage.clocks.find((x) => x.clockId === def.id);
  const k = c.stage.clocks.find((x) => x.clockId === clockId);
  if (!waiting || !k || waiting.dueAt || waiting.metAt || waiting.passedAt) return null;
  if (a.kind === 'clockPassed') return k.dueAt ? { at: new Date(k.dueAt), countsFrom: k.dueAt } : null;
  if (a.kind !== 'clockMet' || a.at !== 'happened') return { at: now };
  const t = happenedAt(c, k) ?? now.toISOString();
  return { at: new Date(t), countsFrom: t };
}
