/** A periodic job that never overlaps itself, can be woken early, and stops cleanly. Deadlines live in the store, not here. */
import type { Logger } from '../log';

export interface Loop {
  kick(): void;
  stop(): Promise<void>;
  /** Run once now and wait for it (used by the test clock and `escalate sweep --once`). */
  runNow(): Promise<void>;
}

export function startLoop(name: string, everyMs: number, work: () => Promise<unknown>, log: Logger): Loop {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;

  const once = async (): Promise<void> => {
    try {
      await work();
    } catch (e) {
      log.warn(
        { event: 'loopFailed', loop: name, err: (e as Error).name },
        'background pass failed; it will run again',
      );
    }
  };
  const run = async (): Promise<void> => {
    if (stopped) return;
    if (running) {
      again = true;
      return running;
    }
    running = once();
    await running;
    running = null;
    if (again && !stopped) {
      again = false;
      await run();
    }
  };
  const schedule = () => {
    timer = setTimeout(() => {
      void run().then(() => !stopped && schedule());
    }, everyMs);
    timer.unref();
  };
  schedule();
  void run(); // catch up at start: deadlines that passed while the process was down fire now, once
  return {
    kick: () => void run(),
    runNow: async () => {
      if (running) await running;
      await run();
    },
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      if (running) await running;
    },
  };
}
