/**
 * Copies each case's chain head to the settings in the background, at most once per `delayMs` per case.
 * The copy is a second witness for `escalate audit verify` (a log shorter than its copied head is truncated).
 * Copying it after every save doubled the writes of a card action; coalesced, a burst of actions on a case
 * costs one write. A copy that is late or lost in a crash only lags, which verify reports as a lag, not a break.
 */
import type { ChainHead, HeadSink } from './ports';

interface Waiting {
  partnershipId: string;
  head: ChainHead;
  created: boolean;
}

export class HeadCopier implements HeadSink {
  private waiting = new Map<string, Waiting>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly sink: HeadSink,
    private readonly delayMs = 1_000,
  ) {}

  /** Note the newest head of a case; it is written at the next flush. */
  putChainHead(partnershipId: string, head: ChainHead, opts: { created?: boolean } = {}): Promise<void> {
    const before = this.waiting.get(head.caseId);
    if (!before || before.head.seq < head.seq)
      this.waiting.set(head.caseId, {
        partnershipId,
        head,
        created: before ? before.created : opts.created === true,
      });
    this.timer ??= setTimeout(() => void this.flush(), this.delayMs).unref();
    return Promise.resolve();
  }

  /** Write every head noted so far (one at a time); a failed write is tried again at the next flush. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.flushing = this.flushing.then(() => this.writeAll());
    return this.flushing;
  }

  private async writeAll(): Promise<void> {
    const batch = [...this.waiting.values()];
    this.waiting = new Map();
    for (const w of batch) {
      try {
        await this.sink.putChainHead(w.partnershipId, w.head, { created: w.created });
      } catch {
        if (!this.waiting.has(w.head.caseId)) this.waiting.set(w.head.caseId, w);
      }
    }
    if (this.waiting.size && !this.timer)
      this.timer = setTimeout(() => void this.flush(), this.delayMs).unref();
  }
}
