/** The outbox backlog from what a dispatcher pass read: the messages not yet settled, and how long the oldest has waited. */
import { isPending, type CaseDoc } from '../app/caseDocument';

export interface Backlog {
  depth: number;
  oldestAgeMs: number;
}

/** Counted over the cases the pass read (it reads at most its limit, so a very deep outbox reads as at least that). */
export function backlogOf(pending: readonly CaseDoc[], now: Date): Backlog {
  let depth = 0;
  let oldest = Infinity;
  for (const doc of pending)
    for (const item of doc.outbox) {
      if (!isPending(item)) continue;
      depth++;
      oldest = Math.min(oldest, Date.parse(item.createdAt));
    }
  return { depth, oldestAgeMs: depth && Number.isFinite(oldest) ? Math.max(0, now.getTime() - oldest) : 0 };
}
