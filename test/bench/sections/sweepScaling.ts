/**
 * Section 2 — sweep scaling: one sweepOnce with 100 due clocks among 1,000, 10,000 and 100,000 open cases,
 * seeded through CaseRepository.bulkCreate into a Cosmos-compatible server in its own process. At each level
 * the grown fleet's sweep alternates with the baseline fleet's (1,000 cases, another database on the same
 * server): 3 × (baseline sweep, grown sweep), each followed by putting its 100 cases back to due.
 */
import { median, ratio, round } from '../lib/stats';
import type { Worker } from '../../support/worker';
import type { CosmosServerApi } from '../workers/cosmosServer';
import type { FleetName, SweepRun, SweepScaleApi } from '../workers/sweepScale';

export const SWEEP_LEVELS = [1_000, 10_000, 100_000] as const;
const BASELINE_CASES = 1_000;
const REPEATS = 3;
/** Levels at which the query is also timed with the embedded server's stock (O(n²)) query engine. */
const STOCK_LEVELS = new Set<number>([1_000, 10_000]);

export interface SweepFigures {
  sweepMs: number;
  sweepMsRuns: number[];
  cosmosRequests: number;
  fired: number;
  due: number;
  dueAfter: number;
}

export interface SweepLevel {
  cases: number;
  seedMs: number;
  seedPerSecond: number;
  grown: SweepFigures;
  baseline: SweepFigures;
  timeRatio: number;
  findDueMs: number;
  findDueStockEngineMs: number | null;
  storeRssMB: number;
}

export interface SweepScalingResult {
  levels: SweepLevel[];
  caseBytes: number;
  baselineCases: number;
  /** Sweep time among 100,000 cases ÷ among 1,000, measured alternately at the 100,000 level. */
  timeRatio100kTo1k: number;
  requestRatio100kTo1k: number;
}

type Sweeper = Worker<SweepScaleApi>;

async function sweepAndRearm(sweeper: Sweeper, fleet: FleetName): Promise<SweepRun> {
  const run = await sweeper.call('sweep', fleet);
  await sweeper.call('rearm', fleet);
  return run;
}

function figures(runs: SweepRun[]): SweepFigures {
  const last = runs[runs.length - 1]!;
  return {
    sweepMs: round(median(runs.map((r) => r.sweepMs)), 0),
    sweepMsRuns: runs.map((r) => round(r.sweepMs, 0)),
    cosmosRequests: median(runs.map((r) => r.cosmosRequests)),
    fired: last.fired,
    due: last.dueBefore,
    dueAfter: last.dueAfter,
  };
}

/** findDue alone on the grown fleet, with the patched and (at small levels) the stock query engine. */
async function queryTimes(sweeper: Sweeper, cosmos: Worker<CosmosServerApi>, cases: number) {
  const findDueMs = await sweeper.call('timeFindDue', { fleet: 'grown', times: 3 });
  if (!STOCK_LEVELS.has(cases)) return { findDueMs, stock: null };
  await cosmos.call('useStockQueries', true);
  const stock = await sweeper.call('timeFindDue', { fleet: 'grown', times: 3 });
  await cosmos.call('useStockQueries', false);
  return { findDueMs, stock };
}

async function measureLevel(
  sweeper: Sweeper,
  cosmos: Worker<CosmosServerApi>,
  cases: number,
  warmUp: boolean,
): Promise<SweepLevel> {
  const seeded = await sweeper.call('seedTo', { fleet: 'grown', total: cases });
  if (warmUp) for (const f of ['base', 'grown'] as const) await sweepAndRearm(sweeper, f);
  const base: SweepRun[] = [];
  const grown: SweepRun[] = [];
  for (let i = 0; i < REPEATS; i++) {
    base.push(await sweepAndRearm(sweeper, 'base'));
    grown.push(await sweepAndRearm(sweeper, 'grown'));
  }
  const q = await queryTimes(sweeper, cosmos, cases);
  const g = figures(grown);
  const b = figures(base);
  return {
    cases,
    seedMs: round(seeded.ms, 0),
    seedPerSecond: round(seeded.perSecond, 0),
    grown: g,
    baseline: b,
    timeRatio: round(ratio(g.sweepMs, b.sweepMs), 2),
    findDueMs: round(q.findDueMs, 1),
    findDueStockEngineMs: q.stock === null ? null : round(q.stock, 0),
    storeRssMB: round((await cosmos.call('rssBytes')) / 1e6, 0),
  };
}

export async function runSweepScaling(
  sweeper: Sweeper,
  cosmos: Worker<CosmosServerApi>,
  log: (s: string) => void,
): Promise<SweepScalingResult> {
  const { caseBytes } = await sweeper.call('prepare', await cosmos.call('endpoint'));
  await sweeper.call('seedTo', { fleet: 'base', total: BASELINE_CASES });
  const levels: SweepLevel[] = [];
  for (const cases of SWEEP_LEVELS) {
    const l = await measureLevel(sweeper, cosmos, cases, levels.length === 0);
    levels.push(l);
    log(
      `  ${cases} cases: seeded at ${l.seedPerSecond}/s; sweep ${l.grown.sweepMs} ms vs ${l.baseline.sweepMs} ms ` +
        `among ${BASELINE_CASES} (×${l.timeRatio}); ${l.grown.cosmosRequests} requests; fired ${l.grown.fired}`,
    );
  }
  const last = levels[levels.length - 1]!;
  await sweeper.call('retire', 'grown');
  return {
    levels,
    caseBytes,
    baselineCases: BASELINE_CASES,
    timeRatio100kTo1k: last.timeRatio,
    requestRatio100kTo1k: round(ratio(last.grown.cosmosRequests, last.baseline.cosmosRequests), 2),
  };
}
