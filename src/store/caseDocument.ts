/** Shape of the one Cosmos document that holds a case: state, audit events and outbox (DESIGN.md §5). */

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

/** A message the events imply, waiting to be delivered by the dispatcher. */
export interface OutboxItem {
  id: string; // unique, stable: `${caseId}:${eventSeq}:${n}`
  createdAt: string;
  status: OutboxStatus;
  attempts: number;
  notBefore: string; // UTC ISO: do not try before this instant
  lastError?: string;
  /** While 'sending': the instance that is sending it, and until when its lease holds. */
  lease?: Claim;
  sentAt?: string;
  effect: Record<string, unknown>; // the domain effect (who to tell what); rendered at send time
}

/** An outbox item's lease: the instance sending it, and until when. */
export interface Claim {
  by: string; // instance id
  until: string; // UTC ISO; an expired lease means the sender died mid-send
}

/** A case card the bot posted, so it can be updated in place after an action. */
export interface CardRef {
  conversationKey: string; // 'user:<aadObjectId>' or 'conv:<conversation id>'
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
  hasPendingOutbox: boolean; // true while any outbox item is pending/retrying
  version: number; // = number of events
  state: State;
  events: StoredEvent[];
  outbox: OutboxItem[];
  processedKeys: string[]; // idempotency keys of commands already applied (bounded, newest last)
  cards?: CardRef[]; // case cards posted, so they can be updated in place
  sizeAlerted?: number; // the largest size threshold (bytes) the business office was alerted about

  _etag?: string;
}
