/**
 * Virtual time for journeys: it stands still until the test moves it or the app sleeps, and a sleep moves
 * it at once (recorded in `waits`). Two runs record the same instants, however loaded the machine is.
 */
import { Clock } from '../../src/app/clock';

export class TestTime {
  readonly clock: Clock;
  /** Every wait the app asked for (the connector client's and the dispatcher's), in order. */
  readonly waits: number[] = [];

  constructor(start: string) {
    const at = Date.parse(start);
    this.clock = new Clock(() => at, true);
  }

  ms(): number {
    return this.clock.now().getTime();
  }

  /** Move the clock to `iso`, which must not be in its past. */
  freezeAt(iso: string): void {
    const at = Date.parse(iso);
    if (at < this.ms()) throw new Error(`cannot go back from ${new Date(this.ms()).toISOString()} to ${iso}`);
    this.clock.advanceTo(new Date(at));
  }

  /** Move the clock to `ms` if that is later (another clock of the same run may be ahead). */
  catchUp(ms: number): void {
    this.clock.advanceTo(new Date(ms));
  }

  /** The app's sleep: time moves on by `ms` at once. */
  sleep = (ms: number): Promise<void> => {
    this.waits.push(ms);
    this.catchUp(this.ms() + Math.max(0, ms));
    return Promise.resolve();
  };
}
