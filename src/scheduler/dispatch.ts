/** Outbox dispatcher: delivers what events imply, in order per conversation, within Teams' limits, never twice. */
import type { CaseDoc } from '../app/caseService';
import type { Effect } from '../domain/case';
import type { Logger } from '../log';
import type { OutboxItem } from '../store/caseDocument';
import { OutboxWriter } from './outboxWriter';
import { SlidingWindowLimiter, TEAMS_CONVERSATION_LIMITS, TEAMS_TENANT_LIMITS } from './rateLimiter';
import {
  effectOf,
  isWaitingRefresh,
  settlement,
  type OutboxStore,
  type SendOutcome,
  type Sender,
} from './settle';

export type { OutboxStore, SendOutcome, Sender } from './settle';

export interface DispatcherDeps {
  cases: OutboxStore;
  sender: Sender;
  now: () => Date;
  sleep: (ms: number) => Promise<void>;
  instanceId: string;
  log: Logger;
  maxAttempts?: number;
  leaseMs?: number;
  random?: () => number;
  /** A card update waits this long after the first change it shows, gathering later ones (default 2 s). */
  cardUpdateDelayMs?: number;
  /** Told of every write the dispatcher makes (see RecentCases). */
  onSaved?: (doc: CaseDoc) => void;
  /** Conversations drained side by side (default 4). */
  concurrency?: number;
}

export interface DrainResult {
  sent: number;
  retrying: number;
  gaveUp: number;
  /** Items left for the next pass because the store failed while taking or recording them. */
  deferred: number;
}

const TENANT = 'tenant';

interface QueuedItem {
  caseId: string;
  itemId: string;
  /** Safe to send twice (an in-place card update). */
  idempotent: boolean;
}

/** The item is still leased to `instanceId` (the attempt being settled is that instance's). */
const leasedBy =
  (instanceId: string) =>
  (i: OutboxItem): boolean =>
    i.status === 'sending' && i.lease?.by === instanceId;
/** A card update is sent without a lease: it is still to settle while waiting. */
const waiting = (i: OutboxItem): boolean => i.status === 'pending' || i.status === 'retrying';

export class Dispatcher {
  private readonly perConversation = new SlidingWindowLimiter(TEAMS_CONVERSATION_LIMITS);
  private readonly perTenant = new SlidingWindowLimiter(TEAMS_TENANT_LIMITS);
  private readonly writer: OutboxWriter;
  /** Items this instance holds a lease on and is sending now. */
  private readonly inFlight = new Set<string>();
  /** Outcomes this instance knows but could not record (the store failed): recorded at the next pass. */
  private readonly unrecorded = new Map<string, { item: OutboxItem; outcome: SendOutcome; shown: number }>();

  constructor(private readonly deps: DispatcherDeps) {
    this.writer = new OutboxWriter(deps.cases, deps.onSaved);
  }

  /** One pass over every case with undelivered messages. Conversations are drained side by side. */
  async drainOnce(limit = 200): Promise<DrainResult> {
    const result: DrainResult = { sent: 0, retrying: 0, gaveUp: 0, deferred: 0 };
    const docs = await this.deps.cases.findPendingOutbox(limit);
    this.writer.startPass(docs);
    const settled = new Set<string>();
    for (const doc of docs) for (const id of await this.recoverLeases(doc)) settled.add(id);
    const queues = new Map<string, QueuedItem[]>();
    for (const doc of docs) {
      const blocked = new Set<string>();
      const refreshes = doc.outbox.filter(isWaitingRefresh);
      const newestRefresh = this.refreshDue(refreshes) ? refreshes[refreshes.length - 1]!.id : null;
      for (const item of doc.outbox) {
        if (item.status === 'sending') {
          // leased (here or by another instance), or just settled or given back by recoverLeases: a later
          // message to the same conversation waits for the next pass, so it never overtakes this one
          blocked.add(await this.deps.sender.target(doc, effectOf(item)));
          continue;
        }
        if ((item.status !== 'pending' && item.status !== 'retrying') || settled.has(item.id)) continue;
        if (isWaitingRefresh(item) && item.id !== newestRefresh) continue; // superseded when the newest is sent
        const effect = effectOf(item);
        const key = await this.deps.sender.target(doc, effect);
        if (blocked.has(key)) continue; // keep order: a later message never overtakes a waiting one
        if (item.notBefore > this.deps.now().toISOString()) {
          blocked.add(key);
          continue;
        }
        const idempotent = effect.kind === 'refreshCards';
        queues.set(key, [...(queues.get(key) ?? []), { caseId: doc.caseId, itemId: item.id, idempotent }]);
      }
    }
    // a few conversations at a time: a pass with hundreds to send would otherwise take the CPU from clicks
    const waiting = [...queues.entries()];
    const worker = async () => {
      for (let next = waiting.shift(); next; next = waiting.shift())
        await this.drainQueue(next[0], next[1], result);
    };
    await Promise.all(Array.from({ length: this.deps.concurrency ?? 4 }, worker));
    return result;
  }

  /**
   * Take an item for sending. A new message is leased first (a written 'sending'), so no other instance sends
   * it too; an in-place card update is idempotent, so it is sent from the newest copy held, without a lease.
   */
  private async take(q: QueuedItem): Promise<{ doc: CaseDoc; item: OutboxItem } | null> {
    if (q.idempotent) {
      // drawn from the case as it is now, not as the pass found it: an older copy would put back buttons
      // that an action since has taken away (one point read per case, card updates being coalesced)
      const doc = await this.writer.reread(q.caseId);
      const item = doc?.outbox.find((i) => i.id === q.itemId);
      if (!doc || !item || (item.status !== 'pending' && item.status !== 'retrying')) return null;
      return { doc, item: { ...item, attempts: item.attempts + 1 } };
    }
    return this.writer.update(q.caseId, q.itemId, (i) =>
      i.status === 'pending' || i.status === 'retrying'
        ? {
            ...i,
            status: 'sending',
            attempts: i.attempts + 1,
            lease: { by: this.deps.instanceId, until: this.at(this.deps.leaseMs ?? 120_000) },
          }
        : null,
    );
  }

  private async drainQueue(key: string, items: QueuedItem[], result: DrainResult): Promise<void> {
    for (const q of items) {
      await this.waitForSlot(key);
      let taken: { doc: CaseDoc; item: OutboxItem } | null;
      try {
        taken = await this.take(q);
      } catch (e) {
        // not sent; if the lease was written after all, recoverLeases gives it back at the next pass
        this.storeFailed('take', q, e, result);
        return; // keep order within this conversation
      }
      if (!taken) continue; // another instance has it, or it was settled meanwhile
      const status = await this.deliver(key, taken.doc, taken.item, result);
      if (status === 'retrying' || status === 'deferred') return; // keep order within this conversation
    }
  }

  private async deliver(
    key: string,
    doc: CaseDoc,
    item: OutboxItem,
    result: DrainResult,
  ): Promise<OutboxItem['status'] | 'deferred'> {
    const effect = effectOf(item);
    const now = this.deps.now().getTime();
    this.perConversation.record(key, now);
    this.perTenant.record(TENANT, now);
    this.inFlight.add(item.id);
    try {
      let outcome = await this.safeSend(doc, effect);
      if (outcome.kind === 'unreachable')
        outcome = await this.deps.sender
          .fallback(doc, effect)
          .catch((e: Error) => ({ kind: 'failed' as const, error: e.name }));
      if (outcome.kind === 'retry' && outcome.retryAfterMs)
        this.perConversation.holdUntil(key, now + outcome.retryAfterMs);
      try {
        const status = await this.settle(
          doc,
          item,
          outcome,
          effect.kind === 'refreshCards' ? waiting : leasedBy(this.deps.instanceId),
        );
        this.deps.log.debug(
          {
            event: 'delivery',
            caseId: doc.caseId,
            itemId: item.id,
            kind: effect.kind,
            outcome: outcome.kind,
            status,
          },
          'delivery attempted',
        );
        result[status === 'sent' ? 'sent' : status === 'retrying' ? 'retrying' : 'gaveUp']++;
        return status;
      } catch (e) {
        this.unrecorded.set(item.id, { item, outcome, shown: doc.version });
        this.storeFailed('record', { caseId: doc.caseId, itemId: item.id }, e, result);
        return 'deferred';
      }
    } finally {
      this.inFlight.delete(item.id);
    }
  }

  private storeFailed(
    what: string,
    q: { caseId: string; itemId: string },
    e: unknown,
    result: DrainResult,
  ): void {
    result.deferred++;
    this.deps.log.warn(
      { event: 'outboxStoreFailed', what, caseId: q.caseId, itemId: q.itemId, err: (e as Error).name },
      'outbox item left for the next pass',
    );
  }

  private async safeSend(doc: CaseDoc, effect: Effect): Promise<SendOutcome> {
    try {
      return await this.deps.sender.send(doc, effect);
    } catch (e) {
      return { kind: 'uncertain', error: (e as Error).name };
    }
  }

  /** Card updates of a case go out once the oldest waiting has waited its delay (or its retry time). */
  private refreshDue(waiting: OutboxItem[]): boolean {
    const oldest = waiting[0];
    if (!oldest) return false;
    const since = Date.parse(oldest.createdAt) + (this.deps.cardUpdateDelayMs ?? 2_000);
    return since <= this.deps.now().getTime();
  }

  private async waitForSlot(key: string): Promise<void> {
    for (;;) {
      const now = this.deps.now().getTime();
      const wait = Math.max(this.perConversation.delay(key, now), this.perTenant.delay(TENANT, now));
      if (wait <= 0) return;
      await this.deps.sleep(wait);
    }
  }

  private retryAt(attempts: number, retryAfterMs?: number): string {
    const base = Math.min(1_000 * 2 ** (attempts - 1), 300_000);
    const jittered = base * (0.5 + (this.deps.random ?? Math.random)());
    return this.at(Math.max(jittered, retryAfterMs ?? 0));
  }

  /**
   * Record what happened to `item`, sent from `from`, in one write (a give-up alert included), if the item
   * is still as `expected` (this attempt's): a lease that ran out while its send was slow may have been
   * settled by another instance meanwhile, and neither outcome is written over the other.
   */
  private async settle(
    from: CaseDoc,
    item: OutboxItem,
    outcome: SendOutcome,
    expected: (current: OutboxItem) => boolean,
  ): Promise<OutboxItem['status']> {
    const s = settlement(item, outcome, {
      nowIso: this.at(0),
      maxAttempts: this.deps.maxAttempts ?? 8,
      retryAt: (n, after) => this.retryAt(n, after),
      shownVersion: from.version,
    });
    if (s.status === 'gaveUp')
      this.deps.log.warn(
        { event: 'deliveryGaveUp', caseId: from.caseId, itemId: item.id, error: s.item(item).lastError },
        'message could not be delivered',
      );
    const written = await this.writer.update(
      from.caseId,
      item.id,
      (current) => (expected(current) ? s.item(current) : null),
      s.doc,
    );
    this.unrecorded.delete(item.id);
    if (!written)
      this.deps.log.warn(
        { event: 'outcomeAlreadyRecorded', caseId: from.caseId, itemId: item.id, outcome: outcome.kind },
        'another attempt settled this message first; its record is kept',
      );
    return s.status;
  }

  /**
   * Items left 'sending'. This instance's own: it knows what happened (recorded now) or that it never sent
   * (the lease's answer was lost: given back). Another instance's, once the lease has expired: that instance
   * died mid-send, so the outcome is unknown and the message is not sent again. Returns the items settled.
   */
  private async recoverLeases(doc: CaseDoc): Promise<string[]> {
    const now = this.at(0);
    const settled: string[] = [];
    for (const item of doc.outbox) {
      if (item.status !== 'sending' || !item.lease || this.inFlight.has(item.id)) continue;
      try {
        if (item.lease.by === this.deps.instanceId) {
          const known = this.unrecorded.get(item.id);
          if (known) {
            await this.settle(
              { ...doc, version: known.shown },
              known.item,
              known.outcome,
              leasedBy(this.deps.instanceId),
            );
            settled.push(item.id);
          } else await this.giveBack(doc.caseId, item.id);
          continue;
        }
        if (item.lease.until > now) continue;
        const lease = item.lease;
        await this.settle(
          doc,
          item,
          { kind: 'uncertain', error: 'sender stopped before recording the outcome' },
          (i) => i.status === 'sending' && i.lease?.by === lease.by && i.lease.until === lease.until,
        );
        settled.push(item.id);
      } catch (e) {
        this.deps.log.warn(
          {
            event: 'outboxStoreFailed',
            what: 'recover',
            caseId: doc.caseId,
            itemId: item.id,
            err: (e as Error).name,
          },
          'outbox item left for the next pass',
        );
        settled.push(item.id);
      }
    }
    return settled;
  }

  /** A lease this instance wrote but never acted on goes back to waiting (its attempt not counted). */
  private async giveBack(caseId: string, itemId: string): Promise<void> {
    await this.writer.update(caseId, itemId, (i) =>
      i.status === 'sending' && i.lease?.by === this.deps.instanceId
        ? { ...i, status: 'retrying', attempts: Math.max(0, i.attempts - 1), lease: undefined }
        : null,
    );
  }

  private at(offsetMs: number): string {
    return new Date(this.deps.now().getTime() + offsetMs).toISOString();
  }
}
