/**
 * Section 1 worker: Escalate (startApp: restify + CloudAdapter + embedded store, as in test/support/botHarness)
 * and the bare baseline bot, side by side in one process, sharing the same embedded Cosmos store.
 * The parent drives both over HTTP; this process only serves.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../../src/config';
import { createLogger } from '../../../src/log';
import { startApp, type App } from '../../../src/startApp';
import { FakeConnector } from '../../support/fakeConnector';
import { startBareBot, type RunningBareBot } from '../lib/bareBot';
import { benchDirectory, benchUsers } from '../lib/benchDirectory';
import { conflictsAt, installRequestCounter, requestsTo } from '../lib/requestCounter';
import { serve } from '../../support/worker';

export interface CardServersInfo {
  escalateUrl: string;
  bareUrl: string;
  connectorUrl: string;
  pid: number;
}

interface Running {
  app: App;
  bare: RunningBareBot;
  connector: FakeConnector;
}

async function start(): Promise<Running> {
  installRequestCounter();
  const users = benchUsers(Number(process.env.BENCH_USERS ?? 50));
  const file = path.join(process.env.BENCH_TMP ?? '.', 'bench-directory.json');
  writeFileSync(file, JSON.stringify(benchDirectory(users)));
  const connector = new FakeConnector();
  await connector.start();
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', DIRECTORY_FILE: file });
  const app = await startApp({ config, log: createLogger('silent') });
  const bare = await startBareBot(config, (caseId) => app.store.cases.get(caseId));
  return { app, bare, connector };
}

/**
 * Wait until the app's own dispatcher loop has delivered everything (card updates wait CARD_UPDATE_DELAY_MS
 * first), so background work never spills into the next round. Returns how many Cosmos queries the waiting
 * itself sent, so they can be left out of the app's count.
 */
async function quiesce(app: App, maxSeconds: number): Promise<number> {
  for (let probe = 1; probe <= maxSeconds * 20; probe++) {
    if ((await app.store.cases.findPendingOutbox(1)).length === 0) return probe;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`messages still undelivered after ${maxSeconds} s`);
}

const running = start();

export const api = {
  info: async (): Promise<CardServersInfo> => {
    const r = await running;
    return { escalateUrl: r.app.url, bareUrl: r.bare.url, connectorUrl: r.connector.url, pid: process.pid };
  },
  /** Cosmos HTTP requests sent by this process so far (Escalate and bare bot share the store client), and 412s. */
  cosmosRequests: async (): Promise<{ requests: number; conflicts: number }> => {
    const endpoint = (await running).app.store.endpoint;
    return { requests: requestsTo(endpoint), conflicts: conflictsAt(endpoint) };
  },
  /** `maxSeconds`: the raises of the set-up notify each other professional dozens of times (60 per 30 s). */
  quiesce: async (maxSeconds = 30): Promise<number> => quiesce((await running).app, maxSeconds),
  connectorCalls: async (): Promise<number> => (await running).connector.received.length,
};
export type CardServersApi = typeof api;

serve(api, async () => {
  const r = await running;
  await r.bare.close();
  await r.app.close();
  await r.connector.stop();
});
