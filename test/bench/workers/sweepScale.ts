/**
 * Section 2 worker: Escalate's own pieces (startApp against the Cosmos server process, its loops stopped) seed
 * cases through CaseRepository.bulkCreate and run single sweeps (sweepOnce) with 100 clocks due.
 * Two fleets live in two databases of the same server: "base" stays at 1,000 cases (the baseline), "grown"
 * grows to 1,000, 10,000 and 100,000; their sweeps are measured alternately.
 */
import { randomUUID } from 'node:crypto';
import type { CaseDoc } from '../../../src/app/caseDocument';
import { Clock } from '../../../src/app/clock';
import { demoDirectory } from '../../../src/app/directoryFile';
import { loadConfig } from '../../../src/config';
import { createLogger } from '../../../src/log';
import { sweepOnce, type SweepResult } from '../../../src/scheduler/sweep';
import { bulkCreate } from '../../../src/local/bulkCreate';
import { startApp, type App } from '../../../src/startApp';
import { openStore } from '../../../src/store/cosmos';
import { blueprint, copyOf, makeTemplates } from '../lib/caseFactory';
import { installRequestCounter, requestsTo } from '../lib/requestCounter';
import { median } from '../lib/stats';
import { serve } from '../../support/worker';

const DAY = 86_400_000;
const DUE_PER_SWEEP = 100;
const SLICE = 1_000;
const DATABASES = { base: 'escalate-bench-base', grown: 'escalate' } as const;
export type FleetName = keyof typeof DATABASES;

interface Fleet {
  app: App;
  dueJson: string;
  openJson: string;
  stored: number;
  /** Cases due now, by id (their number is kept at 100 before every sweep). */
  due: Set<string>;
}

const now = new Date(Math.floor(Date.now() / 60_000) * 60_000);
const fleets = new Map<FleetName, Fleet>();
const sample: string[] = [];
let seq = 0;

function fleet(name: FleetName): Fleet {
  const f = fleets.get(name);
  if (!f) throw new Error('call prepare first');
  return f;
}

function nextCopy(json: string, caseId: string = randomUUID()): CaseDoc {
  return copyOf(json, caseId, `BENCH/${String(++seq).padStart(6, '0')}`);
}

/** Overwrite a stored case with a fresh copy of `json` under the same id. */
async function replaceWith(f: Fleet, json: string, caseId: string): Promise<void> {
  const current = await f.app.store.cases.get<CaseDoc>(caseId);
  if (!current) throw new Error(`case ${caseId} vanished`);
  await f.app.store.cases.replace({ ...nextCopy(json, caseId), _etag: current._etag });
}

/** Start Escalate on one database of the Cosmos process (directory stored first, as `escalate directory import` would). */
async function startFleet(
  endpoint: string,
  databaseId: string,
): Promise<{ fleet: Fleet; caseBytes: number }> {
  const config = loadConfig({
    COSMOS_ENDPOINT: endpoint,
    COSMOS_KEY: 'bench',
    COSMOS_DATABASE: databaseId,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
  });
  const store = await openStore({ endpoint, key: 'bench', databaseId });
  await store.directory.save(demoDirectory());
  const clock = new Clock(() => now.getTime() - 14 * DAY, true);
  const app = await startApp({ config, store, clock, log: createLogger('silent') });
  await app.sweep.stop();
  await app.dispatch.stop();
  const t = await makeTemplates(app.parts.service, clock, now, config.PARTNERSHIP_ID, (id) =>
    app.store.cases.get(id),
  );
  const f: Fleet = {
    app,
    dueJson: blueprint(t.due),
    openJson: blueprint(t.open),
    stored: 2,
    due: new Set([t.due.caseId]),
  };
  // the templates themselves become ordinary seeded cases (messages delivered)
  await replaceWith(f, f.dueJson, t.due.caseId);
  await replaceWith(f, f.openJson, t.open.caseId);
  return { fleet: f, caseBytes: JSON.stringify(t.open).length };
}

async function prepare(endpoint: string): Promise<{ caseBytes: number }> {
  installRequestCounter();
  let caseBytes = 0;
  for (const name of Object.keys(DATABASES) as FleetName[]) {
    const started = await startFleet(endpoint, DATABASES[name]);
    fleets.set(name, started.fleet);
    caseBytes = started.caseBytes;
  }
  return { caseBytes };
}

/** Seed `count` copies of `json` through bulkCreate, 1,000 documents per call. */
async function bulkSeed(f: Fleet, json: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let from = 0; from < count; from += SLICE) {
    const docs = Array.from({ length: Math.min(SLICE, count - from) }, () => nextCopy(json));
    await bulkCreate(f.app.store.cases, docs);
    ids.push(...docs.map((d) => d.caseId));
  }
  return ids;
}

/** Grow a fleet to `total` cases, of which exactly 100 are due now. */
async function seedTo(arg: {
  fleet: FleetName;
  total: number;
}): Promise<{ added: number; ms: number; perSecond: number }> {
  const f = fleet(arg.fleet);
  const dueCount = DUE_PER_SWEEP - f.due.size;
  const openCount = arg.total - f.stored - dueCount;
  if (openCount < 0) throw new Error(`already ${f.stored} cases stored`);
  const started = performance.now();
  for (const id of await bulkSeed(f, f.dueJson, dueCount)) f.due.add(id);
  const open = await bulkSeed(f, f.openJson, openCount);
  const ms = performance.now() - started;
  if (arg.fleet === 'grown' && sample.length < 1_000) sample.push(...open.slice(0, 1_000 - sample.length));
  f.stored = arg.total;
  return { added: dueCount + openCount, ms, perSecond: ((dueCount + openCount) / ms) * 1000 };
}

/** Put the swept cases back as they were before (due again), so the next sweep has the same work. */
async function rearm(name: FleetName): Promise<void> {
  const f = fleet(name);
  for (const id of f.due) await replaceWith(f, f.dueJson, id);
}

/** Leave a fleet in steady state: the 100 due cases become ordinary open cases (nothing due, nothing to send). */
async function retire(name: FleetName): Promise<void> {
  const f = fleet(name);
  for (const id of f.due) await replaceWith(f, f.openJson, id);
  f.due.clear();
}

export interface SweepRun extends SweepResult {
  stored: number;
  dueBefore: number;
  sweepMs: number;
  cosmosRequests: number;
  dueAfter: number;
}

/** One timed sweepOnce, exactly as the sweep loop runs it, then checks nothing due is left. */
async function sweep(name: FleetName): Promise<SweepRun> {
  const f = fleet(name);
  const iso = now.toISOString();
  const cases = f.app.store.cases.background;
  const dueBefore = (await cases.findDue(iso, 1_000)).length;
  const deps = { cases, service: f.app.parts.service, now: () => now, instanceId: 'bench', log: f.app.log };
  const before = requestsTo(f.app.store.endpoint);
  const t = performance.now();
  const r = await sweepOnce(deps);
  const sweepMs = performance.now() - t;
  const cosmosRequests = requestsTo(f.app.store.endpoint) - before;
  const dueAfter = (await cases.findDue(iso, 1_000)).length;
  return { stored: f.stored, dueBefore, ...r, sweepMs, cosmosRequests, dueAfter };
}

/** Median time of the sweep's query alone (findDue, TOP 100), over `times` runs. */
async function timeFindDue(arg: { fleet: FleetName; times: number }): Promise<number> {
  const cases = fleet(arg.fleet).app.store.cases.background;
  const ms: number[] = [];
  for (let i = 0; i < arg.times; i++) {
    const t = performance.now();
    await cases.findDue(now.toISOString(), DUE_PER_SWEEP);
    ms.push(performance.now() - t);
  }
  return median(ms);
}

export const api = {
  prepare: (endpoint: string) => prepare(endpoint),
  seedTo: (arg: { fleet: FleetName; total: number }) => seedTo(arg),
  sweep: (name: FleetName) => sweep(name),
  rearm: (name: FleetName) => rearm(name),
  retire: (name: FleetName) => retire(name),
  timeFindDue: (arg: { fleet: FleetName; times: number }) => timeFindDue(arg),
  /** Ids of some stored open cases of the grown fleet (for the memory section's card actions). */
  sample: () => Promise.resolve(sample),
};
export type SweepScaleApi = typeof api;

serve(api, async () => {
  for (const f of fleets.values()) await f.app.close();
});
