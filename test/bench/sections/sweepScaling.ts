/**
 * Section 2 — sweep scaling: one sweepOnce with 100 due clocks among 1,000, 10,000 and 100,000 open cases,
 * seeded through CaseRepository.bulkCreate into a Cosmos-compatible server in its own process.
 * Each level: seed, then 3 × (sweep, put the 100 cases back to due); the median sweep is the figure.
 */
import { median, ratio, round } from '../lib/stats';
import type { Worker } from '../lib/worker';
import type { CosmosServerApi } from '../workers/cosmosServer';
import type { SweepRun, SweepScaleApi } from '../workers/sweepScale';

export const SWEEP_LEVELS = [1_000, 10_000, 100_000] as const;
const REPEATS = 3;
/** Levels at which the query is also timed with the embedded server's stock (O(n²)) query engine. */
const STOCK_LEVELS = new Set<number>([1_000, 10_000]);

export interface SweepLevel {
  cases: number;
  seedMs: number;
  seedPerSecond: number;
  sweepMs: number;
  sweepMsRuns: number[];
  cosmosRequests: number;
  cosmosRequestRuns: number[];
  due: number;
  fired: number;
  dueAfter: number;
  findDueMs: number;
  findDueStockEngineMs: number | null;
  storeRssMB: number;
}

export interface SweepScalingResult {
  levels: SweepLevel[];
  caseBytes: number;
  timeRatio100kTo1k: number;
  requestRatio100kTo1k: number;
}

async function measureLevel(
  sweeper: Worker<SweepScaleApi>,
  cosmos: Worker<CosmosServerApi>,
  cases: number,
  warmUp: boolean,
): Promise<SweepLevel> {
  const seeded = await sweeper.call('seedTo', cases);
  if (warmUp) {
    await sweeper.call('sweep');
    await sweeper.call('rearm');
  }
  const runs: SweepRun[] = [];
  for (let i = 0; i < REPEATS; i++) {
    runs.push(await sweeper.call('sweep'));
    await sweeper.call('rearm');
  }
  const findDueMs = await sweeper.call('timeFindDue', 3);
  let stock: number | null = null;
  if (STOCK_LEVELS.has(cases)) {
    await cosmos.call('useStockQueries', true);
    stock = await sweeper.call('timeFindDue', 3);
    await cosmos.call('useStockQueries', false);
  }
  const last = runs[runs.length - 1]!;
  return {
    cases,
    seedMs: round(seeded.ms, 0),
    seedPerSecond: round(seeded.perSecond, 0),
    sweepMs: round(median(runs.map((r) => r.sweepMs)), 0),
    sweepMsRuns: runs.map((r) => round(r.sweepMs, 0)),
    cosmosRequests: median(runs.map((r) => r.cosmosRequests)),
    cosmosRequestRuns: runs.map((r) => r.cosmosRequests),
    due: last.dueBefore,
    fired: last.fired,
    dueAfter: last.dueAfter,
    findDueMs: round(findDueMs, 1),
    findDueStockEngineMs: stock === null ? null : round(stock, 0),
    storeRssMB: round((await cosmos.call('rssBytes')) / 1e6, 0),
  };
}

export async function runSweepScaling(
  sweeper: Worker<SweepScaleApi>,
  cosmos: Worker<CosmosServerApi>,
  log: (s: string) => void,
): Promise<SweepScalingResult> {
  const { caseBytes } = await sweeper.call('prepare', await cosmos.call('endpoint'));
  const levels: SweepLevel[] = [];
  for (const cases of SWEEP_LEVELS) {
    const l = await measureLevel(sweeper, cosmos, cases, levels.length === 0);
    levels.push(l);
    log(
      `  ${cases} cases: seeded at ${l.seedPerSecond}/s, sweep ${l.sweepMs} ms, ${l.cosmosRequests} requests, fired ${l.fired}`,
    );
  }
  const first = levels[0]!;
  const last = levels[levels.length - 1]!;
  return {
    levels,
    caseBytes,
    timeRatio100kTo1k: round(ratio(last.sweepMs, first.sweepMs), 2),
    requestRatio100kTo1k: round(ratio(last.cosmosRequests, first.cosmosRequests), 2),
  };
}
