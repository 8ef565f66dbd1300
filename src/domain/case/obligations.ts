/**
 * Obligations after resolution: the procedure's tasks with clocks ("confirm the outcome in writing within 2 working
 * days") become agreed actions when the case is resolved, so the case reads "resolved — obligations outstanding"
 * until they are done, and their owners are reminded and followed up as agreed actions are.
 */
import { computeDue, limitContext, openActions } from './clocks';
import { emitActions } from './actions';
import type { Emitter } from './flow';
import type { Case } from './types';

/** After a command: a case resolved by it gets the procedure's obligations, once. */
export function addObligations(em: Emitter): void {
  const { procedure: p, now } = em.ctx;
  const resolvedNow = em.out.some((d) => d.event.type === 'CaseClosed' && d.event.status === 'resolved');
  if (!resolvedNow || !p.rules.afterResolution.length || em.state.status === 'none') return;
  const c = em.case;
  const sides = [...new Set(c.agencies.map((a) => c.holders[a] ?? c.professionals[a]!))];
  emitActions(
    em,
    p.rules.afterResolution.flatMap((o) => {
      const dueAt = computeDue(o.within, now, p.nation, limitContext(p, c)).due.toISOString();
      const owners = o.owner === 'raiser' ? [c.raisedBy] : sides;
      return owners.map((ownerId) => ({ text: o.text, ownerId, dueAt, obligation: o.id }));
    }),
  );
}

/** A resolved case with an obligation after resolution not yet done. */
export function obligationsOutstanding(c: Case): boolean {
  return c.status === 'resolved' && openActions(c).some((a) => a.obligation !== undefined);
}
