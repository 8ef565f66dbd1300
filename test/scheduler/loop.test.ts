/** The background loop under sinon fake timers: catches up at start, never overlaps itself, can be woken, stops. */
import { strict as assert } from 'node:assert';
import sinon from 'sinon';
import { createLogger } from '../../src/log';
import { startLoop } from '../../src/scheduler/loop';

describe('background loop (fake timers)', () => {
  let clock: sinon.SinonFakeTimers;
  beforeEach(() => {
    clock = sinon.useFakeTimers({
      now: new Date('2026-12-07T10:00:00Z'),
      toFake: ['setTimeout', 'clearTimeout', 'Date'],
    });
  });
  afterEach(() => clock.restore());

  it('runs at start (catch-up), then every interval, one pass at a time', async () => {
    const starts: number[] = [];
    let running = 0;
    let overlap = false;
    const loop = startLoop(
      'test',
      60_000,
      async () => {
        starts.push(Date.now());
        running++;
        overlap ||= running > 1;
        await new Promise((r) => setTimeout(r, 90_000)); // a pass slower than the interval
        running--;
      },
      createLogger('silent'),
    );
    loop.kick();
    loop.kick();
    await clock.tickAsync(10 * 60_000);
    const stopped = loop.stop(); // waits for the pass in flight
    await clock.tickAsync(90_000);
    await stopped;
    assert.equal(overlap, false);
    assert.equal(starts[0], Date.parse('2026-12-07T10:00:00Z'), 'first pass at start');
    assert.ok(starts.length >= 4 && starts.length <= 8, `${starts.length} passes in 10 minutes`);
  });

  it('keeps going after a failed pass, and stops cleanly', async () => {
    let calls = 0;
    const loop = startLoop(
      'failing',
      1_000,
      () => {
        calls++;
        return Promise.reject(new Error('store down'));
      },
      createLogger('silent'),
    );
    await clock.tickAsync(5_500);
    await loop.stop();
    const after = calls;
    await clock.tickAsync(5_000);
    assert.ok(after >= 5);
    assert.equal(calls, after, 'no pass after stop');
  });
});
