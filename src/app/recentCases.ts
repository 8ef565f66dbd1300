/**
 * The case documents this instance itself wrote in the last few seconds, with their ETags. A command may
 * start from one instead of reading the case first: the save is conditional on that ETag, so it only
 * succeeds if the copy was still the latest, and any other answer is checked again from a fresh read.
 * It halves the requests of a burst of actions on a case. Never used to show a case: views always read.
 */
import type { CaseDocument } from './caseDocument';

export class RecentCases<D extends CaseDocument<unknown>> {
  private readonly docs = new Map<string, { at: number; doc: D }>();

  constructor(
    private readonly ttlMs = 10_000,
    private readonly max = 1_000,
    private readonly clock: () => number = Date.now,
  ) {}

  get(caseId: string): D | undefined {
    const hit = this.docs.get(caseId);
    if (!hit) return undefined;
    if (this.clock() - hit.at >= this.ttlMs) {
      this.docs.delete(caseId);
      return undefined;
    }
    return hit.doc;
  }

  /** Keep `doc` as just written (newer versions replace older ones; the oldest entries go first). */
  put(doc: D): void {
    const had = this.docs.get(doc.caseId);
    if (had && had.doc.version > doc.version) return;
    this.docs.delete(doc.caseId);
    this.docs.set(doc.caseId, { at: this.clock(), doc });
    if (this.docs.size > this.max) this.docs.delete(this.docs.keys().next().value!);
  }

  forget(caseId: string): void {
    this.docs.delete(caseId);
  }
}
