/**
 * Section 1 worker: Escalate (startApp: restify + CloudAdapter + embedded store, as in test/support/botHarness)
 * and the two baseline bots (a point read; an ETag-guarded replace of a typical case's size), side by side in one
 * process, sharing the same Cosmos store: the embedded one, or the server at BENCH_COSMOS_ENDPOINT (in its own
 * process, to split the CPU between bot and store). The parent drives them over HTTP; this process only serves.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import path from 'node:path';
import { loadConfig } from '../../../src/config';
import { createLogger } from '../../../src/log';
import { startApp, type App } from '../../../src/startApp';
import { openStore } from '../../../src/store/cosmos';
import { FakeConnector } from '../../support/fakeConnector';
import { startBareBot, type RunningBareBot } from '../lib/bareBot';
import { benchDirectory, benchUsers } from '../lib/benchDirectory';
import { ReplaceBaseline } from '../lib/replaceBaseline';
import {
  caseWritesTo,
  conflictsAt,
  installRequestCounter,
  requestKinds,
  requestsTo,
} from '../lib/requestCounter';
import { serve } from '../../support/worker';

export interface CardServersInfo {
  escalateUrl: string;
  bareUrl: string;
  bareReplaceUrl: string;
  connectorUrl: string;
  pid: number;
}

interface Running {
  app: App;
  bare: RunningBareBot;
  bareReplace: RunningBareBot;
  baseline: ReplaceBaseline;
  connector: FakeConnector;
}

/** Any key will do for the Cosmos-compatible server. */
const KEY = 'YmVuY2gtb25seQ==';

async function start(): Promise<Running> {
  installRequestCounter();
  const users = benchUsers(Number(process.env.BENCH_USERS ?? 50));
  const file = path.join(process.env.BENCH_TMP ?? '.', 'bench-directory.json');
  writeFileSync(file, JSON.stringify(benchDirectory(users)));
  const connector = new FakeConnector();
  await connector.start();
  const endpoint = process.env.BENCH_COSMOS_ENDPOINT;
  if (endpoint) {
    // a store of its own is not loaded from DIRECTORY_FILE at start: import the directory as an operator would
    const store = await openStore({ endpoint, key: KEY });
    await store.directory.save(benchDirectory(users));
    await store.close();
  }
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    DIRECTORY_FILE: file,
    ...(endpoint ? { COSMOS_ENDPOINT: endpoint, COSMOS_KEY: KEY } : {}),
  });
  const app = await startApp({ config, log: createLogger('silent') });
  const bare = await startBareBot(config, (caseId) => app.store.cases.get(caseId));
  const baseline = new ReplaceBaseline(app.store.cases.container);
  const bareReplace = await startBareBot(config, (caseId) => baseline.replace(caseId));
  return { app, bare, bareReplace, baseline, connector };
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

/** How long callbacks waited for the event loop (a stall delays every request in the process alike). */
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();

/** BENCH_PROF_ROUNDS=<dir>: a CPU profile of each measured round, per system (the set-up left out). */
let session: Session | null = null;
async function profile(arg: { start: true } | { stop: string }): Promise<void> {
  if ('start' in arg) {
    session = new Session();
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
    return;
  }
  if (!session) return;
  const { profile: taken } = await session.post('Profiler.stop');
  session.disconnect();
  session = null;
  mkdirSync(path.dirname(arg.stop), { recursive: true });
  writeFileSync(arg.stop, JSON.stringify(taken));
}

export const api = {
  info: async (): Promise<CardServersInfo> => {
    const r = await running;
    return {
      escalateUrl: r.app.url,
      bareUrl: r.bare.url,
      bareReplaceUrl: r.bareReplace.url,
      connectorUrl: r.connector.url,
      pid: process.pid,
    };
  },
  /**
   * Cosmos HTTP requests sent by this process so far (Escalate and the bare bots share the store client), 412s,
   * and documents written to the cases container with their bytes.
   */
  cosmosRequests: async (): Promise<{
    requests: number;
    conflicts: number;
    writes: number;
    bytes: number;
    kinds: Record<string, number>;
  }> => {
    const endpoint = (await running).app.store.endpoint;
    return {
      requests: requestsTo(endpoint),
      conflicts: conflictsAt(endpoint),
      ...caseWritesTo(endpoint),
      kinds: requestKinds(),
    };
  },
  /** Copy each case for the replace baseline (before anything is timed). */
  prepareCopies: async (caseIds: string[]): Promise<void> => (await running).baseline.prepare(caseIds),
  /** The size the replace baseline writes: Escalate's average case document write, measured by the parent. */
  setTypicalBytes: async (bytes: number): Promise<void> => {
    (await running).baseline.typicalBytes = bytes;
  },
  /** CPU time this process has used so far, in ms (user + system). */
  cpuMs: async (): Promise<number> => {
    await running;
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  },
  /** `maxSeconds`: the raises of the set-up notify each other professional dozens of times (60 per 30 s). */
  quiesce: async (maxSeconds = 30): Promise<number> => quiesce((await running).app, maxSeconds),
  connectorCalls: async (): Promise<number> => (await running).connector.received.length,
  profile,
  /** The event loop's delay since the last call, in ms: its p99 and its longest. */
  loopDelay: async (): Promise<{ p99Ms: number; maxMs: number }> => {
    await running;
    const out = { p99Ms: loopDelay.percentile(99) / 1e6, maxMs: loopDelay.max / 1e6 };
    loopDelay.reset();
    return out;
  },
};
export type CardServersApi = typeof api;

serve(api, async () => {
  const r = await running;
  await r.bare.close();
  await r.bareReplace.close();
  await r.app.close();
  await r.connector.stop();
});
