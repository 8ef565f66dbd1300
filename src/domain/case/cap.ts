/**
 * The overall cap: when it passes the business office is alerted, and where the procedure says so the case moves
 * on to a named stage or to the Chair. A pending proposal is never dropped: the move waits until none is pending.
 */
import { fail } from '../errors';
import { capTarget, isAfter } from '../procedure/order';
import { stageById } from '../procedure/validate';
import { type Emitter, enterStage } from './flow';

/** Where the passed cap still has to move the case (null: nowhere, or already there or beyond). */
function moveDue(em: Emitter): string | null {
  const p = em.ctx.procedure;
  const target = capTarget(p);
  return target && isAfter(p, target, em.case.stage.stageId) ? target : null;
}

export function capPassed(em: Emitter): void {
  const c = em.case;
  if (!c.capDueAt || c.capPassedAt || c.capDueAt > em.ctx.now.toISOString())
    fail('NOT_DUE', 'The overall time limit has not passed.');
  const goTo = moveDue(em);
  const held = !goTo ? null : c.stage.pending ? 'approval' : c.stage.resolution ? 'resolution' : null;
  em.emit({ type: 'CapPassed', ...(goTo ? { goTo } : {}), ...(held ? { held } : {}) });
}

/** After any command: a passed cap that moves the case does so once no proposal waits for agreement or approval. */
export function followCap(em: Emitter): void {
  if (em.state.status !== 'open' || !em.case.capPassedAt) return;
  const goTo = moveDue(em);
  const s = em.case.stage;
  if (!goTo || s.pending || s.resolution) return;
  const p = em.ctx.procedure;
  const to = stageById(p, goTo);
  const chair = p.rules.cap?.then === 'referToChair';
  em.emit({
    type: 'EscalatedAutomatically',
    evidence: `The procedure’s overall time limit (${p.rules.cap!.workingDays} working days) passed.`,
    missed: [],
  });
  enterStage(
    em,
    to.id,
    1,
    `overall time limit passed: ${chair ? 'referred to the Chair' : 'moved on'} at ${to.label}`,
  );
}
