/** Outbox dispatcher: delivers what events imply, in order per conversation, within Teams' limits, never twice. */
import type { CaseDoc } from '../app/caseService';
import type { Effect } from '../domain/case';
import type { Logger } from '../log';
import type { CardRef, OutboxItem } from '../store/caseDocument';
import { OutboxWriter } from './outboxWriter';
import { SlidingWindowLimiter, TEAMS_CONVERSATION_LIMITS, TEAMS_TENANT_LIMITS } from './rateLimiter';

export type SendOutcome =
  | { kind: 'sent'; card?: CardRef }
  | { kind: 'retry'; status: number; retryAfterMs?: number; error: string }
  | { kind: 'unreachable'; error: string }
  | { kind: 'failed'; error: string }
  /** No answer to a new message: it may have been delivered, so it is not sent again. */
  | { kind: 'uncertain'; error: string };

export interface Sender {
  /** The conversation a message goes to (the rate-limit and ordering key). */
  target(doc: CaseDoc, effect: Effect): Promise<string>;
  send(doc: CaseDoc, effect: Effect): Promise<SendOutcome>;
  /** A person the bot cannot reach: @mention them in the business office channel. */
  fallback(doc: CaseDoc, effect: Effect): Promise<SendOutcome>;
}

export interface OutboxStore {
  findPendingOutbox(limit: number): Promise<CaseDoc[]>;
  get(caseId: string): Promise<CaseDoc | null>;
  replace(doc: CaseDoc): Promise<CaseDoc>;
}

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
}

export interface DrainResult {
  sent: number;
  retrying: number;
  gaveUp: number;
}

const TENANT = 'tenant';

interface QueuedItem {
  caseId: string;
  itemId: string;
  /** Safe to send twice (an in-place card update). */
  idempotent: boolean;
}

const isWaitingRefresh = (o: OutboxItem): boolean =>
  (o.status === 'pending' || o.status === 'retrying') &&
  (o.effect as unknown as Effect).kind === 'refreshCards';

/** Card updates still waiting that the one just sent (showing case version `shown`) made unnecessary. */
function supersede(doc: CaseDoc, sentId: string, shown: number, nowIso: string): void {
  doc.outbox = doc.outbox.map((o) => {
    const seq = Number(o.id.split(':')[1]);
    return o.id !== sentId && isWaitingRefresh(o) && seq <= shown
      ? { ...o, status: 'sent', sentAt: nowIso, lastError: `superseded by ${sentId}` }
      : o;
  });
}

export class Dispatcher {
  private readonly perConversation = new SlidingWindowLimiter(TEAMS_CONVERSATION_LIMITS);
  private readonly perTenant = new SlidingWindowLimiter(TEAMS_TENANT_LIMITS);
  private readonly writer: OutboxWriter;

  constructor(private readonly deps: DispatcherDeps) {
    this.writer = new OutboxWriter(deps.cases);
  }

  /** One pass over every case with undelivered messages. Conversations are drained side by side. */
  async drainOnce(limit = 200): Promise<DrainResult> {
    const result: DrainResult = { sent: 0, retrying: 0, gaveUp: 0 };
    const docs = await this.deps.cases.findPendingOutbox(limit);
    this.writer.startPass(docs);
    const queues = new Map<string, QueuedItem[]>();
    for (const doc of docs) await this.recoverLeases(doc);
    for (const doc of docs) {
      const blocked = new Set<string>();
      const refreshes = doc.outbox.filter(isWaitingRefresh);
      const newestRefresh = this.refreshDue(refreshes) ? refreshes[refreshes.length - 1]!.id : null;
      for (const item of doc.outbox) {
        if (item.status !== 'pending' && item.status !== 'retrying') continue;
        if (isWaitingRefresh(item) && item.id !== newestRefresh) continue; // superseded when the newest is sent
        const effect = item.effect as unknown as Effect;
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
    await Promise.all([...queues.entries()].map(([key, items]) => this.drainQueue(key, items, result)));
    return result;
  }

  /**
   * Take an item for sending. A new message is leased first (a written 'sending'), so no other instance sends
   * it too; an in-place card update is idempotent, so it is sent from the newest copy held, without a lease.
   */
  private async take(q: QueuedItem): Promise<{ doc: CaseDoc; item: OutboxItem } | null> {
    if (q.idempotent) {
      const doc = await this.writer.latest(q.caseId);
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
      const leased = await this.take(q);
      if (!leased) continue; // another instance has it, or it was settled meanwhile
      const { doc, item } = leased;
      const effect = item.effect as unknown as Effect;
      const now = this.deps.now().getTime();
      this.perConversation.record(key, now);
      this.perTenant.record(TENANT, now);
      let outcome = await this.safeSend(doc, effect);
      if (outcome.kind === 'unreachable')
        outcome = await this.deps.sender
          .fallback(doc, effect)
          .catch((e: Error) => ({ kind: 'failed' as const, error: e.name }));
      if (outcome.kind === 'retry' && outcome.retryAfterMs)
        this.perConversation.holdUntil(key, now + outcome.retryAfterMs);
      const status = await this.settle(doc, item, outcome);
      if (status === 'retrying') {
        result.retrying++;
        break; // keep order within this conversation
      }
      if (status === 'sent') result.sent++;
      else result.gaveUp++;
    }
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

  private backoffMs(attempts: number, retryAfterMs?: number): number {
    const base = Math.min(1_000 * 2 ** (attempts - 1), 300_000);
    const jittered = base * (0.5 + (this.deps.random ?? Math.random)());
    return Math.max(jittered, retryAfterMs ?? 0);
  }

  /** Record what happened to `item`, sent from `from`; a sent card update also settles the ones it supersedes. */
  private async settle(from: CaseDoc, item: OutboxItem, outcome: SendOutcome): Promise<OutboxItem['status']> {
    const caseId = from.caseId;
    const max = this.deps.maxAttempts ?? 8;
    const retryable =
      outcome.kind === 'retry' ||
      (outcome.kind === 'uncertain' && (item.effect as unknown as Effect).kind === 'refreshCards');
    const status: OutboxItem['status'] =
      outcome.kind === 'sent' ? 'sent' : retryable && item.attempts < max ? 'retrying' : 'gaveUp';
    const error = outcome.kind === 'sent' ? undefined : outcome.error;
    const notBefore =
      status === 'retrying'
        ? this.at(this.backoffMs(item.attempts, outcome.kind === 'retry' ? outcome.retryAfterMs : undefined))
        : item.notBefore;
    const updated = await this.writer.update(
      caseId,
      item.id,
      (i) => ({
        ...i,
        attempts: item.attempts,
        status,
        notBefore,
        lastError: error,
        lease: undefined,
        sentAt: status === 'sent' ? this.at(0) : i.sentAt,
      }),
      (doc) => {
        if (status === 'sent' && (item.effect as unknown as Effect).kind === 'refreshCards')
          supersede(doc, item.id, from.version, this.at(0));
        if (outcome.kind === 'sent' && outcome.card)
          doc.cards = [
            ...(doc.cards ?? []).filter((c) => c.conversationKey !== outcome.card!.conversationKey),
            outcome.card,
          ];
        if (status === 'gaveUp')
          this.deps.log.warn(
            { event: 'deliveryGaveUp', caseId, itemId: item.id, error },
            'message could not be delivered',
          );
      },
    );
    if (status === 'gaveUp' && updated) await this.alertGaveUp(updated.doc, item);
    return status;
  }

  /** A message given up on is reported to the business office (once; never for a report about a report). */
  private async alertGaveUp(doc: CaseDoc, item: OutboxItem): Promise<void> {
    const effect = item.effect as unknown as Effect;
    if (effect.kind === 'alert' && effect.reason === 'deliveryFailed') return;
    const alert: Effect = {
      kind: 'alert',
      reason: 'deliveryFailed',
      caseId: doc.caseId,
      reference: doc.reference,
      stageLabel: effect.kind === 'alert' ? effect.stageLabel : (doc.state?.stage?.stageId ?? ''),
      dueAt: null,
      seq: doc.version,
    };
    await this.writer.update(
      doc.caseId,
      item.id,
      (i) => i,
      (d) => {
        d.outbox.push({
          id: `${item.id}:gaveUp`,
          createdAt: this.at(0),
          status: 'pending',
          attempts: 0,
          notBefore: this.at(0),
          effect: alert,
        });
      },
    );
  }

  /** A lease that expired while 'sending' means an instance died mid-send: the outcome is unknown. */
  private async recoverLeases(doc: CaseDoc): Promise<void> {
    const now = this.at(0);
    for (const item of doc.outbox) {
      if (item.status !== 'sending' || !item.lease || item.lease.until > now) continue;
      await this.settle(doc, item, {
        kind: 'uncertain',
        error: 'sender stopped before recording the outcome',
      });
    }
  }

  private at(offsetMs: number): string {
    return new Date(this.deps.now().getTime() + offsetMs).toISOString();
  }
}
