/** The one place the running app reads the time. Tests may move it forward (never in production). */
export class Clock {
  private offsetMs = 0;

  constructor(
    private readonly base: () => number = Date.now,
    readonly adjustable = false,
  ) {}

  now(): Date {
    return new Date(this.base() + this.offsetMs);
  }

  /** Move the clock forward to `to` (never backwards). Only when the clock was built adjustable. */
  advanceTo(to: Date): Date {
    if (!this.adjustable) throw new Error('this clock cannot be moved');
    const delta = to.getTime() - this.now().getTime();
    if (delta > 0) this.offsetMs += delta;
    return this.now();
  }
}
