/** A virtual clock for background work: sleeping moves time forward at once, so hours of throttling run in milliseconds. */
export class VirtualTime {
  constructor(public ms: number) {}
  now = (): Date => new Date(this.ms);
  sleep = (ms: number): Promise<void> => {
    this.ms += Math.max(0, ms);
    return Promise.resolve();
  };
  advanceTo(iso: string): void {
    this.ms = Math.max(this.ms, new Date(iso).getTime());
  }
}
