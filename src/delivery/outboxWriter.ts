/** ETag-guarded writes of outbox items, starting from the newest copy of the case this dispatcher holds. */
import { hasPending, type CaseDoc, type OutboxItem } from '../app/caseDocument';
import { ConcurrencyError } from '../app/errors';
import type { CaseStore } from '../app/ports';

/** The reads and writes of one case's outbox. */
export type OutboxCases = Pick<CaseStore, 'get' | 'replace'>;

export type ItemChange = (i: OutboxItem) => OutboxItem | null;

export class OutboxWriter {
  /** The newest copy of each case read or written in the current pass: writes start from it. */
  private known = new Map<string, CaseDoc>();
  /** Writes to one case from side-by-side queues go one at a time (they would only clash). */
  private readonly writing = new Map<string, Promise<unknown>>();

  constructor(
    private readonly cases: OutboxCases,
    /** Told of every write, so a command starting from its copy of the case is not one write behind. */
    private readonly onSaved: (doc: CaseDoc) => void = () => undefined,
  ) {}

  /** A new pass starts from what its query returned. */
  startPass(docs: CaseDoc[]): void {
    this.known = new Map(docs.map((d) => [d.caseId, d]));
  }

  /** The newest copy held (read if none). */
  async latest(caseId: string): Promise<CaseDoc | null> {
    return this.known.get(caseId) ?? (await this.cases.get(caseId));
  }

  /**
   * The case as the store has it now (and held from here on). In turn with this case's writes: read beside
   * one, it could come back older than the copy that write leaves, and replace it.
   */
  reread(caseId: string): Promise<CaseDoc | null> {
    return this.inTurn(caseId, () => this.readFresh(caseId));
  }

  private async readFresh(caseId: string): Promise<CaseDoc | null> {
    const doc = await this.cases.get(caseId);
    if (doc) this.known.set(caseId, doc);
    return doc;
  }

  /**
   * Read-modify-write one outbox item; `change` returns null to leave it, `also` may change the rest of the
   * document. One request when nobody else wrote since the copy held; on 412 it reads again and retries.
   */
  update(
    caseId: string,
    itemId: string,
    change: ItemChange,
    also?: (doc: CaseDoc) => void,
  ): Promise<{ doc: CaseDoc; item: OutboxItem } | null> {
    return this.inTurn(caseId, () => this.write(caseId, itemId, change, also));
  }

  /** Run `work` after the work already queued for this case. */
  private inTurn<T>(caseId: string, work: () => Promise<T>): Promise<T> {
    const previous = this.writing.get(caseId) ?? Promise.resolve();
    const run = previous.then(work);
    const settled = run.catch(() => undefined);
    this.writing.set(caseId, settled);
    void settled.then(() => {
      if (this.writing.get(caseId) === settled) this.writing.delete(caseId);
    });
    return run;
  }

  private async write(
    caseId: string,
    itemId: string,
    change: ItemChange,
    also?: (doc: CaseDoc) => void,
  ): Promise<{ doc: CaseDoc; item: OutboxItem } | null> {
    let doc = await this.latest(caseId);
    let fresh = false; // doc was read just now (or written), not held from earlier
    for (let attempt = 0; attempt < 10; attempt++) {
      const current = doc?.outbox.find((i) => i.id === itemId);
      const next = current ? change(current) : null;
      if (!next) {
        // "leave it" is only trusted from a fresh copy: a held one may not show a write made since
        if (fresh) return null;
        doc = await this.readFresh(caseId);
        fresh = true;
        continue;
      }
      if (!doc) return null;
      const copy: CaseDoc = { ...doc, outbox: doc.outbox.map((i) => (i.id === itemId ? next : i)) };
      also?.(copy);
      copy.hasPendingOutbox = hasPending(copy.outbox);
      try {
        const saved = await this.cases.replace(copy);
        this.known.set(caseId, saved);
        this.onSaved(saved);
        return { doc: saved, item: next };
      } catch (e) {
        if (!(e instanceof ConcurrencyError)) throw e;
        doc = await this.readFresh(caseId);
        fresh = true;
      }
    }
    throw new ConcurrencyError('outbox item could not be updated after 10 attempts');
  }
}
