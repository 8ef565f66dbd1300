/** The case document after a command: state evolved, events chained, implied messages in the outbox. */
import { createHash } from 'node:crypto';
import {
  alertOf,
  chain,
  effectsOf,
  evolve,
  nextDueAt,
  openActions,
  SIZE_ALERT_BYTES,
  storedBytes,
  type Case,
  type Decided,
  type Effect,
} from '../domain/case';
import {
  hasPending,
  newOutboxItem,
  STAGE_CHANGING,
  type CardRef,
  type CaseDoc,
  type OutboxItem,
  type StoredEvent,
} from './caseDocument';
import { personKey } from './conversationKey';

const KEEP_KEYS = 200;
/** Delivered messages kept (what was sent when): a record only, read by nothing that sends, and not the audit trail. */
const KEEP_SENT = 10;

/**
 * What the document keeps of an idempotency key: a 96-bit digest. The same window of commands (KEEP_KEYS) is
 * recognised as with the key itself, in a sixth of the bytes; a digest never equals a key (keys hold ':').
 */
export const keyDigest = (key: string): string =>
  createHash('sha256').update(key).digest('base64url').slice(0, 16);

/** Whether the command with this key was already applied (documents saved before digests hold the key itself). */
export const isProcessed = (doc: Pick<CaseDoc, 'processedKeys'>, key: string): boolean =>
  doc.processedKeys.includes(keyDigest(key)) || doc.processedKeys.includes(key);

export function nextDocument(
  existing: CaseDoc | null,
  decided: Decided[],
  req: {
    source?: string;
    idempotencyKey?: string;
    by?: string;
    answeredOn?: Pick<CardRef, 'conversationKey' | 'activityId'>;
  },
  procedure: Parameters<typeof effectsOf>[0]['procedure'],
  now: Date,
) {
  const states: Case[] = [];
  let state = existing ? existing.state : ({ status: 'none' } as const);
  for (const d of decided) states.push((state = evolve(state, d)));
  const last = existing?.events[existing.events.length - 1] ?? null;
  const events = chain(last, decided, req.source);
  const effects = effectsOf({
    before: existing?.state ?? null,
    decided,
    states,
    procedure,
    firstSeq: events[0]!.seq,
  });
  const c = states[states.length - 1]!;
  const nowIso = now.toISOString();
  const toOutbox = (effect: Effect, index: number): OutboxItem =>
    newOutboxItem(c.caseId, { eventVersion: events[0]!.seq, index }, effect, nowIso);
  const outbox = effects.map(toOutbox);
  const kept = (existing?.outbox ?? []).filter((o) => o.status !== 'sent');
  // delivered messages are kept for a while (what was sent when); delivered card updates are not
  const sent = (existing?.outbox ?? [])
    .filter((o) => o.status === 'sent' && o.effect.kind !== 'refreshCards')
    .slice(-KEEP_SENT);
  const allOutbox = [...sent, ...kept, ...outbox];
  const participants = new Set([
    ...(existing?.participants ?? []),
    c.raisedBy,
    ...c.stage.participants.map((p) => p.personId),
    // "my cases" finds a case for whoever is asked to approve it or owns one of its actions, too
    ...(c.stage.pending?.approverIds ?? []),
    ...openActions(c).map((a) => a.ownerId),
  ]);
  if (c.supporterId) participants.add(c.supporterId);
  const doc: CaseDoc = {
    ...(existing ?? {}),
    id: c.caseId,
    caseId: c.caseId,
    partnershipId: c.partnershipId,
    reference: c.reference,
    status: c.status,
    openedAt: c.raisedAt,
    closedAt: c.closedAt,
    participants: [...participants],
    nextDueAt: nextDueAt(c),
    hasPendingOutbox: hasPending(allOutbox),
    version: c.version,
    state: c,
    events: [...(existing?.events ?? []), ...events],
    stageChangedAt: lastChange(events) ?? (existing ? lastStageChange(existing) : 0),
    outbox: allOutbox,
    processedKeys: req.idempotencyKey
      ? [...(existing?.processedKeys ?? []), keyDigest(req.idempotencyKey)].slice(-KEEP_KEYS)
      : (existing?.processedKeys ?? []),
  };
  const card = answered(existing, req, c.version);
  if (card.cards) doc.cards = card.cards;
  const size = sizeAlert(doc, c, procedure, events[events.length - 1]!.seq);
  if (size) {
    doc.outbox = [...doc.outbox, toOutbox(size.alert, effects.length)];
    doc.hasPendingOutbox = true;
    doc.sizeAlerted = size.threshold;
    effects.push(size.alert);
  }
  return { doc, events, effects, answeredCard: card.recorded };
}

/**
 * The card a person's command came from, in their own 1:1 chat, now shows the version saved (the answer to the
 * click replaced it). It becomes their card of the case that later changes update in place: the one they are
 * looking at, not an older message further up the chat. No update need repeat what it shows, and a form that
 * was open on it is gone.
 */
function answered(
  existing: CaseDoc | null,
  req: { by?: string; answeredOn?: Pick<CardRef, 'conversationKey' | 'activityId'> },
  version: number,
): { cards?: CardRef[]; recorded: AnsweredCard } {
  const { by, answeredOn: on } = req;
  if (!on || !by || on.conversationKey !== personKey(by)) return { recorded: null };
  const cards = existing?.cards ?? [];
  const mine: CardRef = { ...on, personId: by, shown: version };
  const known = cards.some((r) => r.conversationKey === on.conversationKey && r.activityId === on.activityId);
  return {
    cards: [...cards.filter((ref) => ref.conversationKey !== on.conversationKey), mine],
    recorded: known ? 'known' : 'taken',
  };
}

/**
 * What the save recorded of the card a command came from: already this case's card for the person ('known'),
 * a message the case took on as its card ('taken', e.g. one another case posted), or nothing (null).
 */
export type AnsweredCard = 'known' | 'taken' | null;

const lastChange = (events: readonly StoredEvent[]): number | undefined =>
  [...events].reverse().find((e) => STAGE_CHANGING.has(e.type))?.seq;

/**
 * The last event after which a card drawn earlier is stale. Kept in the document because older events move to
 * archives; a document saved before it was kept still holds every event.
 */
export const lastStageChange = (doc: Pick<CaseDoc, 'events' | 'stageChangedAt'>): number =>
  doc.stageChangedAt ?? lastChange(doc.events) ?? 0;

/** An alert for the business office when the document first passes a size threshold on the way to the store's limit. */
function sizeAlert(
  doc: CaseDoc,
  c: Case,
  procedure: Parameters<typeof effectsOf>[0]['procedure'],
  seq: number,
) {
  const bytes = storedBytes(doc);
  const passed = SIZE_ALERT_BYTES.filter((t) => bytes >= t && t > (doc.sizeAlerted ?? 0));
  if (!passed.length) return null;
  return { threshold: Math.max(...passed), alert: alertOf('caseNearlyFull', c, procedure, seq) };
}
