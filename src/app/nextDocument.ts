/** The case document after a command: state evolved, events chained, implied messages in the outbox. */
import { chain, effectsOf, evolve, nextDueAt, type Case, type Decided } from '../domain/case';
import type { OutboxItem } from '../store/caseDocument';
import type { CaseDoc, RunRequest } from './caseService';

const KEEP_KEYS = 200;
const KEEP_SENT = 50;

export function nextDocument(
  existing: CaseDoc | null,
  decided: Decided[],
  req: RunRequest,
  procedure: Parameters<typeof effectsOf>[3],
  now: Date,
) {
  const states: Case[] = [];
  let state = existing ? existing.state : ({ status: 'none' } as const);
  for (const d of decided) states.push((state = evolve(state, d)));
  const last = existing?.events[existing.events.length - 1] ?? null;
  const events = chain(last, decided, req.source);
  const effects = effectsOf(existing?.state ?? null, decided, states, procedure, events[0]!.seq);
  const c = states[states.length - 1]!;
  const nowIso = now.toISOString();
  const outbox: OutboxItem[] = effects.map((effect, n) => ({
    id: `${c.caseId}:${events[0]!.seq}:${n}`,
    createdAt: nowIso,
    status: 'pending',
    attempts: 0,
    notBefore: nowIso,
    effect: effect,
  }));
  const kept = (existing?.outbox ?? []).filter((o) => o.status !== 'sent');
  // delivered messages are kept for a while (what was sent when); delivered card updates are not
  const sent = (existing?.outbox ?? [])
    .filter((o) => o.status === 'sent' && (o.effect as { kind?: string }).kind !== 'refreshCards')
    .slice(-KEEP_SENT);
  const allOutbox = [...sent, ...kept, ...outbox];
  const participants = new Set([
    ...(existing?.participants ?? []),
    c.raisedBy,
    ...c.stage.participants.map((p) => p.personId),
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
    hasPendingOutbox: allOutbox.some(
      (o) => o.status === 'pending' || o.status === 'retrying' || o.status === 'sending',
    ),
    version: c.version,
    state: c,
    events: [...(existing?.events ?? []), ...events],
    outbox: allOutbox,
    processedKeys: req.idempotencyKey
      ? [...(existing?.processedKeys ?? []), req.idempotencyKey].slice(-KEEP_KEYS)
      : (existing?.processedKeys ?? []),
  };
  return { doc, events, effects };
}
