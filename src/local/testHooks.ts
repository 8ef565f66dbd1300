/** Test-only routes, added to the app by the local start and the tests (production never loads src/local/). */
import type { Extensible, Server } from '../startApp';

/** Every local extension: the test clock, when the app's clock can be moved (local mode, ESCALATE_TEST_CLOCK or a test's clock). */
export function localHooks(server: Server, app: Extensible): void {
  if (app.clock.adjustable) registerTestClock(server, app);
}

/** POST /test/clock: move the bot's clock forward, then sweep and deliver. */
export function registerTestClock(server: Server, app: Extensible): void {
  const { clock, sweep, dispatch, log } = app;
  log.warn({ event: 'testClock' }, 'TEST CLOCK ENABLED: POST /test/clock can move time forward');
  server.post('/test/clock', async (req, res) => {
    const to = new Date((req.body as { advanceTo?: string } | undefined)?.advanceTo ?? '');
    if (Number.isNaN(to.getTime())) {
      res.send(400, { error: 'advanceTo must be an ISO instant' });
      return;
    }
    clock.advanceTo(to);
    await sweep.runNow();
    await dispatch.runNow();
    res.send(200, { now: clock.now().toISOString() });
  });
}
