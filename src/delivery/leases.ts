/**
 * Leases and settlement: an item is leased before it is sent (a written 'sending', so no other instance sends
 * it too), and its outcome is recorded in one write, only if the item is still as this attempt left it.
 */
import { isWaiting, type CaseDoc, type OutboxItem } from '../app/caseDocument';
import type { Logger } from '../log';
import type { SendOutcome } from './contract';
import type { OutboxWriter } from './outboxWriter';
import { settlement } from './settlement';
import type { QueuedItem } from './whatGoesNow';

export interface LeaseOptions {
  writer: OutboxWriter;
  instanceId: string;
  now: () => Date;
  log: Logger;
  maxAttempts?: number;
  leaseMs?: number;
  random?: () => number;
}

/** The item is still leased to `instanceId` (the attempt being settled is that instance's). */
export const leasedBy =
  (instanceId: string) =>
  (i: OutboxItem): boolean =>
    i.status === 'sending' && i.lease?.by === instanceId;

export class Leases {
  /** Items this instance holds a lease on and is sending now. */
  readonly inFlight = new Set<string>();
  /** Outcomes this instance knows but could not record (the store failed): recorded at the next pass. */
  private readonly unrecorded = new Map<string, { item: OutboxItem; outcome: SendOutcome; shown: number }>();

  constructor(private readonly o: LeaseOptions) {}

  /**
   * Take an item for sending. A new message is leased first; an in-place card update is idempotent, so it
   * is sent from the newest copy held, without a lease.
   */
  async take(q: QueuedItem): Promise<{ doc: CaseDoc; item: OutboxItem } | null> {
    if (q.idempotent) {
      // drawn from the case as it is now, not as the pass found it: an older copy would put back buttons
      // that an action since has taken away (one point read per case, card updates being coalesced)
      const doc = await this.o.writer.reread(q.caseId);
      const item = doc?.outbox.find((i) => i.id === q.itemId);
      if (!doc || !item || !isWaiting(item)) return null;
      return { doc, item: { ...item, attempts: item.attempts + 1 } };
    }
    return this.o.writer.update(q.caseId, q.itemId, (i) =>
      isWaiting(i)
        ? {
            ...i,
            status: 'sending',
            attempts: i.attempts + 1,
            lease: { by: this.o.instanceId, until: this.at(this.o.leaseMs ?? 120_000) },
          }
        : null,
    );
  }

  /** An outcome the store failed to record: recorded at the next pass (see recover). */
  keepUnrecorded(item: OutboxItem, outcome: SendOutcome, shown: number): void {
    this.unrecorded.set(item.id, { item, outcome, shown });
  }

  /**
   * Record what happened to `item`, sent from `from`, in one write (a give-up alert included), if the item
   * is still as `expected` (this attempt's): a lease that ran out while its send was slow may have been
   * settled by another instance meanwhile, and neither outcome is written over the other.
   */
  async settle(
    from: CaseDoc,
    item: OutboxItem,
    outcome: SendOutcome,
    expected: (current: OutboxItem) => boolean,
  ): Promise<OutboxItem['status']> {
    const s = settlement(item, outcome, {
      nowIso: this.at(0),
      maxAttempts: this.o.maxAttempts ?? 8,
      retryAt: (n, after) => this.retryAt(n, after),
      shownVersion: from.version,
      drawnCards: from.cards,
    });
    if (s.status === 'gaveUp')
      this.o.log.warn(
        { event: 'deliveryGaveUp', caseId: from.caseId, itemId: item.id, error: s.item(item).lastError },
        'message could not be delivered',
      );
    const written = await this.o.writer.update(
      from.caseId,
      item.id,
      (current) => (expected(current) ? s.item(current) : null),
      s.doc,
    );
    this.unrecorded.delete(item.id);
    if (!written)
      this.o.log.warn(
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
  async recover(doc: CaseDoc): Promise<string[]> {
    const now = this.at(0);
    const settled: string[] = [];
    for (const item of doc.outbox) {
      if (item.status !== 'sending' || !item.lease || this.inFlight.has(item.id)) continue;
      try {
        if (item.lease.by === this.o.instanceId) {
          const known = this.unrecorded.get(item.id);
          if (known) {
            const from = { ...doc, version: known.shown };
            await this.settle(from, known.item, known.outcome, leasedBy(this.o.instanceId));
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
        this.o.log.warn(
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
    await this.o.writer.update(caseId, itemId, (i) =>
      i.status === 'sending' && i.lease?.by === this.o.instanceId
        ? { ...i, status: 'retrying', attempts: Math.max(0, i.attempts - 1), lease: undefined }
        : null,
    );
  }

  private retryAt(attempts: number, retryAfterMs?: number): string {
    const base = Math.min(1_000 * 2 ** (attempts - 1), 300_000);
    const jittered = base * (0.5 + (this.o.random ?? Math.random)());
    return this.at(Math.max(jittered, retryAfterMs ?? 0));
  }

  private at(offsetMs: number): string {
    return new Date(this.o.now().getTime() + offsetMs).toISOString();
  }
}
