/** What an outcome does to an outbox item and its case, in the one write that records it (pure). */
import { isWaiting, newOutboxItem, type CardRef, type CaseDoc, type OutboxItem } from '../app/caseDocument';
import type { Effect } from '../domain/case';
import type { SendOutcome } from './contract';

/** A card update not yet sent: card updates of a case are gathered and only the newest goes. */
export const isWaitingRefresh = (o: OutboxItem): boolean => isWaiting(o) && o.effect.kind === 'refreshCards';

export interface Settlement {
  status: OutboxItem['status'];
  /** The item as recorded. */
  item: (current: OutboxItem) => OutboxItem;
  /** Changes to the rest of the document, in the same write. */
  doc: (doc: CaseDoc) => void;
}

export interface SettleContext {
  nowIso: string;
  maxAttempts: number;
  /** When a retry may go, given the attempts so far and the server's Retry-After. */
  retryAt: (attempts: number, retryAfterMs?: number) => string;
  /** The case version the sent message showed (a card update supersedes the waiting ones up to it). */
  shownVersion: number;
  /** The posted cards as recorded in the copy a card update was drawn from. */
  drawnCards?: readonly CardRef[];
}

/** Settle `item` (its `attempts` already counting this one) after `outcome`. */
export function settlement(item: OutboxItem, outcome: SendOutcome, ctx: SettleContext): Settlement {
  const effect = item.effect;
  const retryable =
    outcome.kind === 'retry' || (outcome.kind === 'uncertain' && effect.kind === 'refreshCards');
  const status: OutboxItem['status'] =
    outcome.kind === 'sent' ? 'sent' : retryable && item.attempts < ctx.maxAttempts ? 'retrying' : 'gaveUp';
  const error = outcome.kind === 'sent' ? undefined : outcome.error;
  const notBefore =
    status === 'retrying'
      ? ctx.retryAt(item.attempts, outcome.kind === 'retry' ? outcome.retryAfterMs : undefined)
      : item.notBefore;
  return {
    status,
    item: (i) => ({
      ...i,
      attempts: item.attempts,
      status,
      notBefore,
      lastError: error,
      lease: undefined,
      sentAt: status === 'sent' ? ctx.nowIso : i.sentAt,
    }),
    doc: (doc) => {
      if (status === 'sent' && effect.kind === 'refreshCards') {
        supersede(doc, item.id, ctx.shownVersion);
        overtaken(doc, ctx.drawnCards ?? [], ctx.shownVersion);
      }
      if (outcome.kind === 'sent' && outcome.card) {
        const card = outcome.card;
        doc.cards = [...(doc.cards ?? []).filter((c) => c.conversationKey !== card.conversationKey), card];
      }
      if (status === 'gaveUp') tellBusinessOffice(doc, item, ctx.nowIso, outcome.kind === 'uncertain');
    },
  };
}

/** Drop the card update just sent and those still waiting that it made unnecessary (it showed version `shown`). */
function supersede(doc: CaseDoc, sentId: string, shown: number): void {
  // card updates leave no record once done: they carry nothing, and sending one again is harmless
  doc.outbox = doc.outbox.filter((o) => o.id !== sentId && !(isWaitingRefresh(o) && o.eventVersion <= shown));
}

/**
 * A card this update redrew at version `shown` whose person acted on it meanwhile (their save recorded that it
 * shows a newer version): which of the two Teams applied last is unknown, so the card is taken to show `shown`
 * and the next card update, waiting for that newer version, draws it again instead of passing over it.
 */
function overtaken(doc: CaseDoc, drawn: readonly CardRef[], shown: number): void {
  const redrawn = (ref: CardRef) =>
    drawn.some(
      (d) =>
        d.conversationKey === ref.conversationKey &&
        d.activityId === ref.activityId &&
        (d.shown ?? -1) < shown,
    );
  if (!doc.cards?.some((ref) => (ref.shown ?? -1) > shown && redrawn(ref))) return;
  doc.cards = doc.cards.map((ref) => ((ref.shown ?? -1) > shown && redrawn(ref) ? { ...ref, shown } : ref));
}

/** A message given up on is reported to the business office, in the same write (never a report about a report). */
function tellBusinessOffice(doc: CaseDoc, item: OutboxItem, nowIso: string, uncertain: boolean): void {
  const effect = item.effect;
  if (
    effect.kind === 'alert' &&
    (effect.reason === 'deliveryFailed' || effect.reason === 'deliveryUnconfirmed')
  )
    return;
  const origin = { eventVersion: item.eventVersion, index: item.index, gaveUp: true as const };
  if (doc.outbox.some((o) => o.gaveUp && o.eventVersion === origin.eventVersion && o.index === origin.index))
    return;
  const alert: Effect = {
    kind: 'alert',
    reason: uncertain ? 'deliveryUnconfirmed' : 'deliveryFailed',
    caseId: doc.caseId,
    reference: doc.reference,
    stageLabel: 'stageLabel' in effect ? effect.stageLabel : (doc.state?.stage?.stageId ?? ''),
    dueAt: null,
    seq: doc.version,
  };
  doc.outbox = [...doc.outbox, newOutboxItem(doc.caseId, origin, alert, nowIso)];
}
