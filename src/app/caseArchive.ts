/**
 * Bounded case documents (DESIGN.md §5): a case's document keeps its newest events, and older ones move, a chunk
 * at a time, to archive documents in the case's own partition, so a write's size does not grow with the case's
 * history. The events stay chained by hash across the move (each event carries the hash of the one before it, the
 * first of a document the last of the archive before), so `audit verify` checks archives and document as one log.
 *
 * Why a move can neither lose nor double an event, whatever fails or races:
 * - Only events the case document already held when it was read are moved, never those of the command being
 *   saved. A document is only ever read from the store or kept from a save that succeeded, so those events are
 *   committed, and a committed event never changes (every write is an ETag-guarded append). Chunks are cut from
 *   the document's first event in fixed sizes, so a chunk's id names its events (`caseId:archive:first-last`) and
 *   has exactly one possible content: writing it again, by a retry or by another writer, is an idempotent upsert
 *   of identical content.
 * - The archive is written BEFORE the ETag-guarded replace that drops its events from the document. A crash or a
 *   failed write in between leaves the events in both places: the reader takes archived events only below the
 *   document's first event (copies of the document's own are compared with them, not added), and the next save
 *   moves the same chunk again under the same id.
 * - If the replace fails with 412, someone else wrote first. Their document either moved the same chunk (and
 *   wrote the same archive, identical) or still holds those events (our archive is then a harmless copy, moved
 *   identically when they are moved). Either way the log read back is the same.
 * - If the archive write fails, the command is not saved (its document was never written) and is tried again as
 *   any unsaved command is.
 */
import { canonical } from '../domain/case';
import {
  ARCHIVE_TYPE,
  archiveId,
  type ArchiveDocument,
  type CaseDoc,
  type StoredEvent,
} from './caseDocument';
import type { CaseStore } from './ports';

export interface ArchivePolicy {
  /** Events always kept in the document (the newest). */
  keep: number;
  /** Events per archive document. */
  chunk: number;
}

/** The document holds between `keep` and `keep + chunk` events (a command's own events may add a few). */
export const ARCHIVE_POLICY: ArchivePolicy = { keep: 10, chunk: 20 };

/**
 * `doc` (the document after a command, saved over `existing`) with its oldest whole chunks moved out: each chunk
 * was already in `existing`, and at least `keep` events stay.
 */
export function splitArchive(
  existing: CaseDoc | null,
  doc: CaseDoc,
  policy: ArchivePolicy = ARCHIVE_POLICY,
): { doc: CaseDoc; archives: ArchiveDocument[] } {
  const committed = existing?.events[existing.events.length - 1]?.seq ?? 0;
  const last = doc.events[doc.events.length - 1]?.seq ?? 0;
  const archives: ArchiveDocument[] = [];
  let from = 0;
  for (;;) {
    const events = doc.events.slice(from, from + policy.chunk);
    const first = events[0]?.seq ?? 0;
    const end = events[events.length - 1]?.seq ?? 0;
    if (events.length < policy.chunk || end - first !== events.length - 1) break;
    if (end > committed || last - end < policy.keep) break;
    archives.push({
      id: archiveId(doc.caseId, first, end),
      caseId: doc.caseId,
      type: ARCHIVE_TYPE,
      firstSeq: first,
      lastSeq: end,
      events,
    });
    from += policy.chunk;
  }
  return archives.length ? { doc: { ...doc, events: doc.events.slice(from) }, archives } : { doc, archives };
}

/** A case's whole log, and the first thing about its archives that does not check out. */
export interface JoinedLog {
  events: StoredEvent[];
  problem?: { seq: number; problem: string };
}

/**
 * The whole log: archived events below the document's first event (archives in order, each as stored), then the
 * document's own. An archive must be named for what it holds, and an archived copy of an event the document still
 * holds must be that event. Gaps, reordering and changed content are left for `verifyChain` to find.
 */
export function joinLog(
  doc: Pick<CaseDoc, 'caseId' | 'events'>,
  archives: readonly ArchiveDocument[],
): JoinedLog {
  const own = doc.events ?? [];
  const first = own[0]?.seq ?? Infinity;
  const ownBySeq = new Map(own.map((e) => [e.seq, e]));
  const out: StoredEvent[] = [];
  const taken = new Map<number, string>(); // seq → hash of the archived event taken for it
  let problem: JoinedLog['problem'];
  const note = (seq: number, text: string) => void (problem ??= { seq, problem: text });
  const sorted = [...archives].sort((a, b) => a.firstSeq - b.firstSeq || a.lastSeq - b.lastSeq);
  for (const a of sorted) {
    if (a.id !== archiveId(doc.caseId, a.firstSeq, a.lastSeq))
      note(a.firstSeq, `archive document ${a.id} does not hold what its name says`);
    for (const e of a.events ?? []) {
      if (e.seq >= first) {
        const mine = ownBySeq.get(e.seq);
        if (!mine || canonical(mine) !== canonical(e))
          note(e.seq, `archive document ${a.id} differs from the case's own copy of this event`);
      } else if (taken.get(e.seq) !== e.hash) {
        out.push(e);
        taken.set(e.seq, e.hash);
      }
    }
  }
  return { events: [...out, ...own], ...(problem ? { problem } : {}) };
}

/** Whether events before the document's first were moved to archives. */
export const hasArchives = (doc: Pick<CaseDoc, 'events'>): boolean => (doc.events?.[0]?.seq ?? 1) > 1;

/** A case's whole log, archives read only when it has some (one query in the case's partition). */
export async function readLog(
  cases: Pick<CaseStore, 'archives'>,
  doc: Pick<CaseDoc, 'caseId' | 'events'>,
): Promise<JoinedLog> {
  if (!hasArchives(doc)) return { events: doc.events ?? [] };
  return joinLog(doc, await cases.archives(doc.caseId));
}
