/**
 * The one document that holds a case: state, its recent audit events and outbox (DESIGN.md §5), and the archive
 * documents its older events move to. The store keeps them as they are.
 */
import type { Case, Effect } from '../domain/case';
import type { ConversationKey } from './conversationKey';

/** One append-only audit event as stored. `hash` chains to the previous event's hash. */
export interface StoredEvent {
  seq: number;
  type: string;
  at: string; // UTC ISO ending in Z
  by: string; // person id, or 'system'
  data: Record<string, unknown>;
  source?: string; // card/verb or 'scheduler'
  prevHash: string;
  hash: string;
}

export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'retrying' | 'gaveUp';

/** Where an outbox item comes from: the `index`th effect of the events from `eventVersion` on, or the alert that it was given up. */
export interface OutboxOrigin {
  eventVersion: number;
  index: number;
  /** The business office's alert that the item of this origin was given up on. */
  gaveUp?: true;
}

/** A message the events imply, waiting to be delivered by the dispatcher. */
export interface OutboxItem extends OutboxOrigin {
  /** Unique and stable within the case: a key only, built by `outboxItemId` and never read back. */
  id: string;
  createdAt: string;
  status: OutboxStatus;
  attempts: number;
  notBefore: string; // UTC ISO: do not try before this instant
  lastError?: string;
  /** While 'sending': the instance that is sending it, and until when its lease holds. */
  lease?: Claim;
  sentAt?: string;
  effect: Effect; // who to tell what; rendered at send time
}

/** An outbox item's lease: the instance sending it, and until when. */
export interface Claim {
  by: string; // instance id
  until: string; // UTC ISO; an expired lease means the sender died mid-send
}

/** A case card the bot posted, so it can be updated in place after an action. */
export interface CardRef {
  conversationKey: ConversationKey;
  activityId: string;
  personId: string | null; // whose view it shows (null: a shared chat view)
  shown?: number; // the case version it was drawn from: a card update at or before it would only erase its headline
}

export interface CaseDocument<State = unknown> {
  id: string; // = caseId
  caseId: string; // partition key
  partnershipId: string;
  reference: string; // the agency's own case reference, never a child's name
  status: string; // 'open' | 'resolved' | 'decided' | 'withdrawn' ...
  openedAt: string;
  closedAt: string | null;
  participants: string[]; // person ids involved in any stage, for "my cases" (ARRAY_CONTAINS)
  nextDueAt: string | null; // earliest reminder/deadline still to fire; indexed, swept with <= @now
  hasPendingOutbox: boolean; // true while any outbox item is pending (see isPending)
  version: number; // = number of events, archived ones included
  state: State;
  /** The newest events; older ones are in archive documents (see caseArchive.ts), so the first may not be event 1. */
  events: StoredEvent[];
  /** The last event that changed what a card asks of people (STAGE_CHANGING); absent on documents saved before it. */
  stageChangedAt?: number;
  outbox: OutboxItem[];
  processedKeys: string[]; // idempotency keys of commands already applied (bounded, newest last)
  cards?: CardRef[]; // case cards posted, so they can be updated in place
  sizeAlerted?: number; // the largest size threshold (bytes) the business office was alerted about

  _etag?: string;
}

/** Marks an archive document, so that nothing that reads cases mistakes one for a case. */
export const ARCHIVE_TYPE = 'caseArchive';

/**
 * Older events of a case, moved out of its document in the case's partition: events `firstSeq` to `lastSeq`
 * exactly as they were recorded (each still chained by hash to the one before). Written once, never changed.
 */
export interface ArchiveDocument {
  id: string; // archiveId(caseId, firstSeq, lastSeq)
  caseId: string; // partition key: the case's own
  type: typeof ARCHIVE_TYPE;
  firstSeq: number;
  lastSeq: number;
  events: StoredEvent[];
}

/** The one name of the archive of events `firstSeq`..`lastSeq`: the same chunk always gets the same id. */
export const archiveId = (caseId: string, firstSeq: number, lastSeq: number): string =>
  `${caseId}:archive:${firstSeq}-${lastSeq}`;

/** Events after which a card rendered earlier no longer shows the decision the user is making. */
export const STAGE_CHANGING: ReadonlySet<string> = new Set([
  'StageEntered',
  'OutcomeProposed',
  'OutcomeApproved',
  'OutcomeRejected',
  'CaseClosed',
]);

/** A case document as the application reads and writes it. */
export type CaseDoc = CaseDocument<Case>;

/** The item's stable key within its case (the same for the same origin, so a retried write never doubles it). */
export const outboxItemId = (caseId: string, o: OutboxOrigin): string =>
  `${caseId}:${o.eventVersion}:${o.index}${o.gaveUp ? ':gaveUp' : ''}`;

/** A new item, ready to go at `nowIso`. */
export function newOutboxItem(
  caseId: string,
  origin: OutboxOrigin,
  effect: Effect,
  nowIso: string,
): OutboxItem {
  return {
    id: outboxItemId(caseId, origin),
    ...origin,
    createdAt: nowIso,
    status: 'pending',
    attempts: 0,
    notBefore: nowIso,
    effect,
  };
}

/** Waiting for a sender to take it (new, or to be tried again). */
export const isWaiting = (o: OutboxItem): boolean => o.status === 'pending' || o.status === 'retrying';

/** Not yet settled: waiting, or being sent. A case with any such item is found by the dispatcher's query. */
export const isPending = (o: OutboxItem): boolean => isWaiting(o) || o.status === 'sending';

export const hasPending = (outbox: readonly OutboxItem[]): boolean => outbox.some(isPending);
