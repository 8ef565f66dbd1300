/** Outbox dispatcher: delivers what events imply, in order per conversation, within Teams' limits, never twice. */
import { isWaiting, type CaseDoc, type OutboxItem } from '../app/caseDocument';
import type { OutboxStore } from '../app/ports';
import type { Effect } from '../domain/case';
import type { Logger } from '../log';
import type { Telemetry } from '../telemetry/telemetry';
import type { SendOutcome, Sender } from './contract';
import { Leases, leasedBy } from './leases';
import { OutboxWriter } from './outboxWriter';
import { SlidingWindowLimiter, TEAMS_CONVERSATION_LIMITS, TEAMS_TENANT_LIMITS } from './rateLimiter';
import { whatGoesNow, type QueuedItem } from './whatGoesNow';

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
  telemetry?: Telemetry;
}

export interface DrainResult {
  sent: number;
  retrying: number;
  gaveUp: number;
  /** Items left for the next pass because the store failed while taking or recording them. */
  deferred: number;
}

const TENANT = 'tenant';

export class Dispatcher {
  private readonly perConversation = new SlidingWindowLimiter(TEAMS_CONVERSATION_LIMITS);
  private readonly perTenant = new SlidingWindowLimiter(TEAMS_TENANT_LIMITS);
  private readonly writer: OutboxWriter;
  private readonly leases: Leases;

  constructor(private readonly deps: DispatcherDeps) {
    this.writer = new OutboxWriter(deps.cases, deps.onSaved);
    this.leases = new Leases({ ...deps, writer: this.writer });
  }

  /** One pass over every case with undelivered messages. Conversations are drained side by side. */
  async drainOnce(limit = 200): Promise<DrainResult> {
    const result: DrainResult = { sent: 0, retrying: 0, gaveUp: 0, deferred: 0 };
    const docs = await this.deps.cases.findPendingOutbox(limit);
    this.deps.telemetry?.outbox(docs, this.deps.now());
    this.writer.startPass(docs);
    const settled = new Set<string>();
    for (const doc of docs) for (const id of await this.leases.recover(doc)) settled.add(id);
    const queues = await whatGoesNow(docs, {
      target: (doc, effect) => this.deps.sender.target(doc, effect),
      now: this.deps.now,
      cardUpdateDelayMs: this.deps.cardUpdateDelayMs ?? 2_000,
      settled,
    });
    // a few conversations at a time: a pass with hundreds to send would otherwise take the CPU from clicks
    const waiting = [...queues.entries()];
    const worker = async () => {
      for (let next = waiting.shift(); next; next = waiting.shift())
        await this.drainQueue(next[0], next[1], result);
    };
    await Promise.all(Array.from({ length: this.deps.concurrency ?? 4 }, worker));
    return result;
  }

  private async drainQueue(key: string, items: QueuedItem[], result: DrainResult): Promise<void> {
    for (const q of items) {
      await this.waitForSlot(key);
      let taken: { doc: CaseDoc; item: OutboxItem } | null;
      try {
        taken = await this.leases.take(q);
      } catch (e) {
        // not sent; if the lease was written after all, lease recovery gives it back at the next pass
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
    const effect = item.effect;
    const now = this.deps.now().getTime();
    this.perConversation.record(key, now);
    this.perTenant.record(TENANT, now);
    this.leases.inFlight.add(item.id);
    try {
      const outcome = await this.send(doc, effect);
      if (outcome.kind === 'retry' && outcome.retryAfterMs)
        this.perConversation.holdUntil(key, now + outcome.retryAfterMs);
      try {
        const expected = effect.kind === 'refreshCards' ? isWaiting : leasedBy(this.deps.instanceId);
        const status = await this.leases.settle(doc, item, outcome, expected);
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
        this.leases.keepUnrecorded(item, outcome, doc.version);
        this.storeFailed('record', { caseId: doc.caseId, itemId: item.id }, e, result);
        return 'deferred';
      }
    } finally {
      this.leases.inFlight.delete(item.id);
    }
  }

  /** Send, and @mention in the business office channel a person the bot cannot reach. */
  private async send(doc: CaseDoc, effect: Effect): Promise<SendOutcome> {
    let outcome: SendOutcome;
    try {
      outcome = await this.deps.sender.send(doc, effect);
    } catch (e) {
      outcome = { kind: 'uncertain', error: (e as Error).name };
    }
    this.deps.telemetry?.delivery(outcome, { effect: effect.kind });
    if (outcome.kind !== 'unreachable') return outcome;
    const fallback = await this.deps.sender
      .fallback(doc, effect)
      .catch((e: Error) => ({ kind: 'failed' as const, error: e.name }));
    this.deps.telemetry?.delivery(fallback, { effect: effect.kind, fallback: true });
    return fallback;
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

  private async waitForSlot(key: string): Promise<void> {
    for (;;) {
      const now = this.deps.now().getTime();
      const wait = Math.max(this.perConversation.delay(key, now), this.perTenant.delay(TENANT, now));
      if (wait <= 0) return;
      await this.deps.sleep(wait);
    }
  }
}
