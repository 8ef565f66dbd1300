/**
 * Time for deterministic journeys: frozen while people act (so two runs record the same instants), and
 * flowing `speed` times faster than real time while the background delivers (so retries and leases expire).
 */
import { Clock } from '../../src/app/clock';

export class TestTime {
  private frozenAt: number;
  private flowingSince: number | null = null;
  readonly clock: Clock;

  constructor(
    start: string,
    private readonly speed = 60,
  ) {
    this.frozenAt = Date.parse(start);
    this.clock = new Clock(() => this.ms(), true);
  }

  ms(): number {
    return this.flowingSince === null
      ? this.frozenAt
      : this.frozenAt + (Date.now() - this.flowingSince) * this.speed;
  }

  /** Stop the clock at `iso`, which must not be in its past. */
  freezeAt(iso: string): void {
    const at = Date.parse(iso);
    if (at < this.ms()) throw new Error(`cannot go back from ${new Date(this.ms()).toISOString()} to ${iso}`);
    this.frozenAt = at;
    this.flowingSince = null;
  }

  flow(): void {
    if (this.flowingSince !== null) return;
    this.flowingSince = Date.now();
  }

  freeze(): void {
    this.frozenAt = this.ms();
    this.flowingSince = null;
  }
}
