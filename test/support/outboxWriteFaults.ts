/**
 * Faults aimed at one kind of outbox write of the dispatcher: its lease (an item becomes 'sending') or the
 * record of what happened (a leased item becomes sent, retrying or given up). The write fails before it is
 * made, or is made and its answer lost, as a dropped connection would do.
 */
import type { CaseDocument } from '../../src/app/caseDocument';
import type { CaseRepository } from '../../src/store/caseRepository';
import { StoreUnavailableError } from '../../src/app/errors';

export type OutboxWrite = 'lease' | 'record' | 'other';
export type WriteFault = 'fail' | 'loseAnswer';

export class OutboxWriteFaults {
  readonly fired: string[] = [];
  private readonly leased = new Set<string>();
  private readonly plan: { kind: OutboxWrite; fault: WriteFault; left: number }[] = [];

  /** Patch the dispatcher's repository (the background one) in place. */
  constructor(repo: CaseRepository) {
    const replace = repo.replace.bind(repo);
    repo.replace = async <T extends CaseDocument<unknown>>(doc: T): Promise<T> => {
      const kind = this.kindOf(doc);
      const rule = this.plan.find((r) => r.kind === kind && r.left > 0);
      if (rule) {
        rule.left--;
        this.fired.push(`${rule.fault} ${kind}`);
        if (rule.fault === 'fail') throw new StoreUnavailableError('save case: store unavailable (503)', 503);
      }
      const saved = await replace(doc);
      this.note(doc);
      if (rule) throw new StoreUnavailableError('save case: store unreachable (ECONNRESET)');
      return saved;
    };
  }

  add(kind: OutboxWrite, fault: WriteFault, times = 1): this {
    this.plan.push({ kind, fault, left: times });
    return this;
  }

  get pending(): string[] {
    return this.plan.filter((r) => r.left > 0).map((r) => `${r.fault} ${r.kind}`);
  }

  private kindOf(doc: CaseDocument<unknown>): OutboxWrite {
    for (const i of doc.outbox) {
      if (i.status === 'sending' && !this.leased.has(i.id)) return 'lease';
      if (i.status !== 'sending' && this.leased.has(i.id)) return 'record';
    }
    return 'other';
  }

  private note(doc: CaseDocument<unknown>): void {
    for (const i of doc.outbox) {
      if (i.status === 'sending') this.leased.add(i.id);
      else this.leased.delete(i.id);
    }
  }
}
