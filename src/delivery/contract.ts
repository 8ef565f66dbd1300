/** The delivery contract: what a sender does with an outbox item's effect, and the outcomes it may answer. */
import type { CardRef, CaseDoc } from '../app/caseDocument';
import type { Effect } from '../domain/case';

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
