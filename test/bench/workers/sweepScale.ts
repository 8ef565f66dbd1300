/**
 * Section 2 worker: Escalate's own pieces (startApp against the Cosmos server process, its loops stopped) seed
 * cases through CaseRepository.bulkCreate and run single sweeps (sweepOnce) with 100 clocks due.
 */
import { randomUUID } from 'node:crypto';
import type { CaseDoc } from '../../../src/app/caseService';
import { Clock } from '../../../src/app/clock';
import { demoDirectory } from '../../../src/app/directoryFile';
import { loadConfig } from '../../../src/config';
import { createLogger } from '../../../src/log';
import { sweepOnce, type SweepResult } from '../../../src/scheduler/sweep';
import { startApp, type App } from '../../../src/startApp';
import { openStore } from '../../../src/store/cosmos';
import { blueprint, copyOf, makeTemplates } from '../lib/caseFactory';
import { installRequestCounter, requestsTo } from '../lib/requestCounter';
import { median } from '../lib/stats';
import { serve } from '../lib/worker';

const DAY = 86_400_000;
const DUE_PER_SWEEP = 100;
const SLICE = 1_000;

interface State {
  app: App;
  now: Date;
  dueJson: string;
  openJson: string;
  stored: number;
  /** Cases due now, by id (their number is kept at 100 before every sweep). */
  due: Set<string>;
  seq: number;
  sample: string[];
}

let state: State | null = null;
const need = (): State => {
  if (!state) throw new Error('call prepare first');
  return state;
};

/** Start Escalate against the Cosmos process (directory stored first, as `escalate directory import` would). */
async function prepare(endpoint: string): Promise<{ caseBytes: number }> {
  installRequestCounter();
  const env = {
    COSMOS_ENDPOINT: endpoint,
    COSMOS_KEY: 'bench',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
  };
  const config = loadConfig(env);
  const store = await openStore({ endpoint, key: 'bench', databaseId: config.COSMOS_DATABASE });
  await store.directory.save(demoDirectory());
  const now = new Date(Math.floor(Date.now() / 60_000) * 60_000);
  const clock = new Clock(() => now.getTime() - 14 * DAY, true);
  const app = await startApp({ config, store, clock, log: createLogger('silent') });
  await app.sweep.stop();
  await app.dispatch.stop();
  const t = await makeTemplates(app.parts.service, clock, now, config.PARTNERSHIP_ID, (id) =>
    app.store.cases.get(id),
  );
  state = {
    app,
    now,
    dueJson: blueprint(t.due),
    openJson: blueprint(t.open),
    stored: 2,
    due: new Set([t.due.caseId]),
    seq: 0,
    sample: [],
  };
  // the templates themselves become ordinary seeded cases (messages delivered)
  await replaceWith(state, state.dueJson, t.due.caseId);
  await replaceWith(state, state.openJson, t.open.caseId);
  return { caseBytes: JSON.stringify(t.open).length };
}

function nextCopy(s: State, json: string, caseId: string = randomUUID()): CaseDoc {
  const n = ++s.seq;
  return copyOf(json, caseId, `BENCH/${String(n).padStart(6, '0')}`);
}

/** Seed `count` copies of `json` through bulkCreate, 1,000 documents per call. */
async function bulkSeed(s: State, json: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let from = 0; from < count; from += SLICE) {
    const docs = Array.from({ length: Math.min(SLICE, count - from) }, () => nextCopy(s, json));
    await s.app.store.cases.bulkCreate(docs);
    ids.push(...docs.map((d) => d.caseId));
  }
  return ids;
}

/** Grow the store to `total` cases, of which exactly 100 are due now. */
async function seedTo(total: number): Promise<{ added: number; ms: number; perSecond: number }> {
  const s = need();
  const dueCount = DUE_PER_SWEEP - s.due.size;
  const openCount = total - s.stored - dueCount;
  if (openCount < 0) throw new Error(`already ${s.stored} cases stored`);
  const started = performance.now();
  for (const id of await bulkSeed(s, s.dueJson, dueCount)) s.due.add(id);
  const open = await bulkSeed(s, s.openJson, openCount);
  const ms = performance.now() - started;
  if (s.sample.length < 1_000) s.sample.push(...open.slice(0, 1_000 - s.sample.length));
  s.stored = total;
  return { added: dueCount + openCount, ms, perSecond: ((dueCount + openCount) / ms) * 1000 };
}

/** Overwrite a stored case with a fresh copy of `json` under the same id. */
async function replaceWith(s: State, json: string, caseId: string): Promise<void> {
  const current = await s.app.store.cases.get<CaseDoc>(caseId);
  if (!current) throw new Error(`case ${caseId} vanished`);
  await s.app.store.cases.replace({ ...nextCopy(s, json, caseId), _etag: current._etag });
}

/** Put the swept cases back as they were before (due again), so the next sweep has the same work. */
async function rearm(): Promise<void> {
  const s = need();
  for (const id of s.due) await replaceWith(s, s.dueJson, id);
}

/** Leave the store in steady state: the 100 due cases become ordinary open cases (nothing due, nothing to send). */
async function retire(): Promise<void> {
  const s = need();
  for (const id of s.due) await replaceWith(s, s.openJson, id);
  s.due.clear();
}

export interface SweepRun extends SweepResult {
  stored: number;
  dueBefore: number;
  sweepMs: number;
  cosmosRequests: number;
  dueAfter: number;
}

/** One timed sweepOnce, exactly as the sweep loop runs it, then checks nothing due is left. */
async function sweep(): Promise<SweepRun> {
  const s = need();
  const iso = s.now.toISOString();
  const dueBefore = (await s.app.store.cases.background.findDue(iso, 1_000)).length;
  const deps = {
    cases: s.app.store.cases.background,
    service: s.app.parts.service,
    now: () => s.now,
    instanceId: 'bench-sweeper',
    log: s.app.log,
  };
  const before = requestsTo(s.app.store.endpoint);
  const t = performance.now();
  const r = await sweepOnce(deps);
  const sweepMs = performance.now() - t;
  const cosmosRequests = requestsTo(s.app.store.endpoint) - before;
  const dueAfter = (await s.app.store.cases.background.findDue(iso, 1_000)).length;
  return { stored: s.stored, dueBefore, ...r, sweepMs, cosmosRequests, dueAfter };
}

/** Median time of the sweep's query alone (findDue, TOP 100), over `times` runs. */
async function timeFindDue(times: number): Promise<number> {
  const s = need();
  const ms: number[] = [];
  for (let i = 0; i < times; i++) {
    const t = performance.now();
    await s.app.store.cases.background.findDue(s.now.toISOString(), DUE_PER_SWEEP);
    ms.push(performance.now() - t);
  }
  return median(ms);
}

export const api = {
  prepare: (endpoint: string) => prepare(endpoint),
  seedTo: (total: number) => seedTo(total),
  sweep: () => sweep(),
  rearm: () => rearm(),
  retire: () => retire(),
  timeFindDue: (times: number) => timeFindDue(times),
  /** Ids of some stored open cases (for the memory section's card actions). */
  sample: () => Promise.resolve(need().sample),
};
export type SweepScaleApi = typeof api;

serve(api, async () => {
  await state?.app.close();
});
