/** Runs every command the same way: load → decide (authorises) → save with ETag → implied messages to the outbox. */
import { decide, storedBytes, SYSTEM, type ChainedEvent, type Command, type Effect } from '../domain/case';
import type { Directory } from '../domain/directory';
import { DomainError, fail } from '../domain/errors';
import { readLog, splitArchive } from './caseArchive';
import type { CardRef, CaseDoc } from './caseDocument';
import { ConcurrencyError, SaveFailedError, StoreUnavailableError } from './errors';
import { isProcessed, lastStageChange, nextDocument, type AnsweredCard } from './nextDocument';
import type { CommandStore, HeadSink, Now } from './ports';
import type { ProcedureCatalog } from './procedures';
import type { RecentCases } from './recentCases';

export interface RunRequest {
  caseId: string;
  partnershipId: string;
  by: string;
  command: Command;
  /** The case version the card was rendered from; absent for text commands and the scheduler. */
  cardVersion?: number;
  /** Same key twice → the second is a no-op returning the same answer. */
  idempotencyKey?: string;
  source?: string;
  /** The case as the caller just read it (e.g. the sweep's query), used instead of a first read. */
  loaded?: CaseDoc;
  /** The posted card the command came from, which the caller's answer replaces with the saved version. */
  answeredOn?: Pick<CardRef, 'conversationKey' | 'activityId'>;
}

export interface RunResult {
  doc: CaseDoc;
  events: ChainedEvent[];
  effects: Effect[];
  replayed: boolean;
  /** What the save recorded of the card the command came from (`answeredOn`). */
  answeredCard?: AnsweredCard;
}

export interface CaseServiceDeps {
  cases: CommandStore;
  procedures: ProcedureCatalog;
  directory: (partnershipId: string) => Promise<Directory>;
  now: Now;
  maxAttempts?: number;
  /** Case documents this instance wrote moments ago: a command may start from one instead of a read. */
  recent?: RecentCases<CaseDoc>;
  /** Where each case's latest chain head is copied, so `escalate audit verify` can detect a truncated log. */
  heads?: HeadSink;
  /** Told of every saved change (telemetry's case events); must not throw. */
  onCommitted?: (result: RunResult) => void;
}

export class CaseService {
  constructor(private readonly deps: CaseServiceDeps) {}

  async run(req: RunRequest): Promise<RunResult> {
    const attempts = this.deps.maxAttempts ?? 8;
    let start = req.loaded ?? this.deps.recent?.get(req.caseId);
    for (let i = 1; ; i++) {
      const from = start;
      start = undefined;
      try {
        const result = await this.attempt(req, from);
        // an answer other than a save, given from a copy, may only say the copy was old: ask the store
        if (from && result.replayed) continue;
        this.deps.recent?.put(result.doc);
        if (!result.replayed) this.deps.onCommitted?.(result);
        return result;
      } catch (e) {
        if (from && e instanceof DomainError) continue;
        if (!(e instanceof ConcurrencyError) || i >= attempts) throw e;
        // someone else wrote first (often the dispatcher marking a message sent): reload and decide
        // again; a card that is now stale is refused then. A short random pause after the first clash
        // lets a burst of outbox writes pass instead of losing every retry to it.
        if (i > 1) await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 10 * i)));
      }
    }
  }

  /**
   * The case is saved; the head copy is a second witness. If writing it fails the copy lags behind, which
   * `audit verify` reports as a lag, not a break (it still catches a log shorter than the copy).
   */
  private async copyHead(doc: CaseDoc, created: boolean): Promise<void> {
    const last = doc.events[doc.events.length - 1];
    if (!this.deps.heads || !last) return;
    try {
      await this.deps.heads.putChainHead(
        doc.partnershipId,
        { caseId: doc.caseId, seq: last.seq, hash: last.hash },
        { created },
      );
    } catch {
      // deliberately tolerated: see above
    }
  }

  private async attempt(req: RunRequest, loaded?: CaseDoc): Promise<RunResult> {
    const existing = loaded?.caseId === req.caseId ? loaded : await this.deps.cases.get(req.caseId);
    if (existing && req.idempotencyKey && isProcessed(existing, req.idempotencyKey)) {
      return { doc: existing, events: [], effects: [], replayed: true };
    }
    if (
      (existing && existing.partnershipId !== req.partnershipId) ||
      (!existing && req.command.type !== 'raise')
    ) {
      fail('CASE_NOT_FOUND', 'There is no such case.');
    }
    if (existing && req.command.type === 'raise' && existing.state.raisedBy === req.by) {
      return { doc: existing, events: [], effects: [], replayed: true }; // a raise form submitted twice
    }
    if (existing && req.cardVersion !== undefined) checkFresh(existing, req.cardVersion);
    const procedureId = existing
      ? existing.state.procedureId
      : req.command.type === 'raise'
        ? req.command.procedureId
        : '';
    const procedure = await this.deps.procedures.get(
      req.partnershipId,
      procedureId,
      existing?.state.procedureVersion,
    );
    if (!procedure)
      fail(existing ? 'CASE_NOT_FOUND' : 'INVALID_INPUT', 'Unknown procedure.', {
        procedureId: 'Unknown procedure.',
      });
    const directory = await this.deps.directory(req.partnershipId);
    const now = this.deps.now();
    const decided = decide(existing ? existing.state : { status: 'none' }, req.command, {
      now,
      by: req.by,
      procedure,
      directory,
      // people's input stops short of the store's item limit; the scheduler's commands are never measured
      ...(existing && req.by !== SYSTEM ? { storedBytes: storedBytes(existing) } : {}),
    });
    if (decided.length === 0 && existing) return { doc: existing, events: [], effects: [], replayed: true };
    const next = nextDocument(existing, decided, req, procedure, now);
    const saved = await this.save(existing, next.doc);
    await this.copyHead(saved, !existing);
    return {
      doc: saved,
      events: next.events,
      effects: next.effects,
      replayed: false,
      answeredCard: next.answeredCard,
    };
  }

  /** Save; when the store fails without saying whether the write was applied, read back to find out. */
  private async save(existing: CaseDoc | null, full: CaseDoc): Promise<CaseDoc> {
    const store = this.deps.cases;
    const { doc, archives } = store.putArchive ? splitArchive(existing, full) : { doc: full, archives: [] };
    try {
      // older events go to their archive before the replace drops them (why that is safe: caseArchive.ts)
      for (const a of archives) await store.putArchive?.(a);
    } catch (e) {
      throw new SaveFailedError(e instanceof Error ? e.message : String(e), 'no');
    }
    try {
      return existing ? await this.deps.cases.replace(doc) : await this.deps.cases.create(doc);
    } catch (e) {
      if (!(e instanceof StoreUnavailableError)) throw e;
      // a throttled request (429) is never executed; anything else (timeout, dropped connection, 5xx) may have been
      if (e.status === 429) throw new SaveFailedError(e.message, 'no');
      const found = await this.readBack(existing, doc);
      if (found === 'conflict') throw new ConcurrencyError('changed by someone else while saving');
      if (found === 'no' || found === 'unknown') throw new SaveFailedError(e.message, found);
      return found;
    }
  }

  /** Our write is there if the stored log holds our last event (its hash covers who, when, what and the chain). */
  private async readBack(
    existing: CaseDoc | null,
    doc: CaseDoc,
  ): Promise<CaseDoc | 'no' | 'unknown' | 'conflict'> {
    let current: CaseDoc | null;
    try {
      current = await this.deps.cases.get(doc.caseId);
    } catch {
      return 'unknown';
    }
    const last = doc.events[doc.events.length - 1]!;
    try {
      if (current && (await this.holds(current, last))) return current;
    } catch {
      return 'unknown';
    }
    const unchanged = existing ? current?._etag === existing._etag : current === null;
    return unchanged ? 'no' : 'conflict';
  }

  /** Whether the stored case's log holds `event` (in its archives, if later writes moved it there). */
  private async holds(current: CaseDoc, event: { seq: number; hash: string }): Promise<boolean> {
    const found = (events: readonly { seq: number; hash: string }[]) =>
      events.some((e) => e.seq === event.seq && e.hash === event.hash);
    if (found(current.events)) return true;
    if (!this.deps.cases.archives || (current.events[0]?.seq ?? 1) <= event.seq) return false;
    const cases = { archives: this.deps.cases.archives.bind(this.deps.cases) };
    return found((await readLog(cases, current)).events);
  }
}

function checkFresh(doc: CaseDoc, cardVersion: number): void {
  if (cardVersion === doc.version) return;
  if (cardVersion > doc.version || lastStageChange(doc) > cardVersion) {
    throw new DomainError(
      'STALE_CARD',
      'This case has changed since this card was shown. Here is the latest.',
    );
  }
}
