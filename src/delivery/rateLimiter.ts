/** Sliding-window limits (Teams: per bot per conversation 7/1 s, 8/2 s, 60/30 s, 1,800/h; per app per tenant ~50/s). */
export interface Window {
  max: number;
  ms: number;
}

export const TEAMS_CONVERSATION_LIMITS: readonly Window[] = [
  { max: 7, ms: 1_000 },
  { max: 8, ms: 2_000 },
  { max: 60, ms: 30_000 },
  { max: 1_800, ms: 3_600_000 },
];
export const TEAMS_TENANT_LIMITS: readonly Window[] = [{ max: 50, ms: 1_000 }];

export class SlidingWindowLimiter {
  private readonly sent = new Map<string, number[]>();
  private readonly blockedUntil = new Map<string, number>();
  private readonly longest: number;

  constructor(private readonly windows: readonly Window[]) {
    this.longest = Math.max(...windows.map((w) => w.ms));
  }

  /** How long to wait before one more send under `key` is within every window (0: now). */
  delay(key: string, now: number): number {
    const times = this.prune(key, now);
    let wait = Math.max(0, (this.blockedUntil.get(key) ?? 0) - now);
    for (const w of this.windows) {
      const inWindow = times.filter((t) => t > now - w.ms);
      if (inWindow.length >= w.max) wait = Math.max(wait, inWindow[inWindow.length - w.max]! + w.ms - now);
    }
    return wait;
  }

  record(key: string, now: number): void {
    this.prune(key, now).push(now);
  }

  /** Push the next allowed send back, e.g. after a 429 with Retry-After. */
  holdUntil(key: string, until: number): void {
    this.blockedUntil.set(key, Math.max(until, this.blockedUntil.get(key) ?? 0));
  }

  private prune(key: string, now: number): number[] {
    const times = (this.sent.get(key) ?? []).filter((t) => t > now - this.longest);
    this.sent.set(key, times);
    return times;
  }
}
