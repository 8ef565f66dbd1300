/** Which outbox items go in this pass, queued per conversation in order (a later message never overtakes a waiting one). */
import { isWaiting, type CaseDoc, type OutboxItem } from '../app/caseDocument';
import type { Sender } from './contract';
import { isWaitingRefresh } from './settlement';

export interface QueuedItem {
  caseId: string;
  itemId: string;
  /** Safe to send twice (an in-place card update). */
  idempotent: boolean;
}

export interface PlanOptions {
  target: Sender['target'];
  now: () => Date;
  /** A card update waits this long after the first change it shows, gathering later ones. */
  cardUpdateDelayMs: number;
  /** Items already settled in this pass (by lease recovery): left alone. */
  settled: ReadonlySet<string>;
}

/** Per conversation key, the items to send now, in order. */
export async function whatGoesNow(docs: CaseDoc[], opts: PlanOptions): Promise<Map<string, QueuedItem[]>> {
  const queues = new Map<string, QueuedItem[]>();
  for (const doc of docs) {
    const blocked = new Set<string>();
    const refreshes = doc.outbox.filter(isWaitingRefresh);
    const newestRefresh = refreshDue(refreshes, opts) ? refreshes[refreshes.length - 1]!.id : null;
    for (const item of doc.outbox) {
      if (item.status === 'sending') {
        // leased (here or by another instance), or just settled or given back by lease recovery: a later
        // message to the same conversation waits for the next pass, so it never overtakes this one
        blocked.add(await opts.target(doc, item.effect));
        continue;
      }
      if (!isWaiting(item) || opts.settled.has(item.id)) continue;
      if (isWaitingRefresh(item) && item.id !== newestRefresh) continue; // superseded when the newest is sent
      const key = await opts.target(doc, item.effect);
      if (blocked.has(key)) continue; // keep order: a later message never overtakes a waiting one
      if (item.notBefore > opts.now().toISOString()) {
        blocked.add(key);
        continue;
      }
      const idempotent = item.effect.kind === 'refreshCards';
      queues.set(key, [...(queues.get(key) ?? []), { caseId: doc.caseId, itemId: item.id, idempotent }]);
    }
  }
  return queues;
}

/** Card updates of a case go out once the oldest waiting has waited its delay (or its retry time). */
function refreshDue(waiting: OutboxItem[], opts: PlanOptions): boolean {
  const oldest = waiting[0];
  if (!oldest) return false;
  return Date.parse(oldest.createdAt) + opts.cardUpdateDelayMs <= opts.now().getTime();
}
