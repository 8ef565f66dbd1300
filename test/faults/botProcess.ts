/**
 * The bot in a process of its own, for the kill tests: the real app (restify + CloudAdapter) against a
 * Cosmos-compatible server owned by the test process, on virtual time the test sets (its sleeps move it).
 * It can be told to kill itself (SIGKILL) at a chosen point of a command or a delivery, as a host dying at
 * the worst moment would.
 */
import https from 'node:https';
import type { CaseDoc } from '../../src/app/caseDocument';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/log';
import { startApp, type App } from '../../src/startApp';
import type { CaseDocument } from '../../src/app/caseDocument';
import { openStore } from '../../src/store/cosmos';
import { HARNESS_ENV } from '../support/botHarness';
import { serve } from '../support/worker';
import { TestTime } from '../support/testTime';

/** Where to die: around a command's save (a click or the sweep), or right after a delivery's lease. */
export type KillPoint = 'beforeCommandSave' | 'afterCommandSave' | 'afterLease';

const time = new TestTime(process.env.BOT_START_AT!);
let armed: KillPoint | null = null;

const die = (at: KillPoint): void => {
  if (armed !== at) return;
  process.kill(process.pid, 'SIGKILL');
};

/** Commands save through the interactive repository; the dispatcher writes through the background one. */
function wrap(app: App): void {
  const cases = app.store.cases;
  const create = cases.create.bind(cases);
  const replace = cases.replace.bind(cases);
  cases.create = async <T extends CaseDocument<unknown>>(doc: T) => {
    die('beforeCommandSave');
    const saved = await create(doc);
    die('afterCommandSave');
    return saved;
  };
  cases.replace = async <T extends CaseDocument<unknown>>(doc: T) => {
    die('beforeCommandSave');
    const saved = await replace(doc);
    die('afterCommandSave');
    return saved;
  };
  const bg = cases.background;
  const bgReplace = bg.replace.bind(bg);
  bg.replace = async <T extends CaseDocument<unknown>>(doc: T) => {
    const saved = await bgReplace(doc);
    if (doc.outbox.some((o) => o.status === 'sending')) die('afterLease');
    return saved;
  };
}

async function start(): Promise<App> {
  const endpoint = process.env.COSMOS_ENDPOINT!;
  const databaseId = process.env.COSMOS_DATABASE!;
  const store = await openStore({
    endpoint,
    key: 'kill-tests',
    databaseId,
    // the test's server uses the embedded server's own (expired, self-signed) certificate
    agent: new https.Agent({ rejectUnauthorized: false, keepAlive: true }),
  });
  const config = loadConfig({
    ...HARNESS_ENV,
    COSMOS_ENDPOINT: endpoint,
    COSMOS_KEY: 'kill-tests',
    COSMOS_DATABASE: databaseId,
  });
  const app = await startApp({
    config,
    store,
    clock: time.clock,
    sleep: time.sleep,
    log: createLogger('silent'),
  });
  wrap(app);
  return app;
}

const running = start();

export const api = {
  url: async (): Promise<string> => (await running).url,
  arm: async (point: KillPoint | null): Promise<void> => {
    await running;
    armed = point;
  },
  /** Time moves only when the test moves it or the app sleeps; each pass answers with the clock after it. */
  freezeAt: (iso: string): Promise<void> => Promise.resolve(time.freezeAt(iso)),
  sweep: async (): Promise<number> => {
    await (await running).sweep.runNow();
    return time.ms();
  },
  dispatch: async (): Promise<number> => {
    await (await running).dispatch.runNow();
    return time.ms();
  },
  pendingCount: async (): Promise<number> =>
    (await (await running).store.cases.findPendingOutbox<CaseDoc>(1)).length,
};
export type BotProcessApi = typeof api;

serve(api, async () => (await running).close());
