/**
 * `npm run bench` (issues #9, #20): card action latency, sweep scaling, alert burst, memory and start, bytes written
 * per action as a case grows — each figure beside its baseline — printed as tables and written to
 * .bench/results-<time>.json and .bench/latest.json. Loopback only (127.0.0.1, ephemeral ports). Optional
 * arguments pick sections: card cpu sweep burst memory bytes.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { makeCert, type CertFiles } from './lib/cert';
import { machine, render, writeResults, type BenchResults } from './lib/report';
import { round } from './lib/stats';
import { Worker } from '../support/worker';
import { runAlertBurst } from './sections/alertBurst';
import { runCaseBytes } from './sections/caseBytes';
import { runCardLatency } from './sections/cardLatency';
import { runCpuSplit } from './sections/cpuSplit';
import { runMemoryStart } from './sections/memoryStart';
import { runSweepScaling, SWEEP_LEVELS } from './sections/sweepScaling';
import type { CosmosServerApi } from './workers/cosmosServer';
import type { SweepScaleApi } from './workers/sweepScale';

const ROOT = path.join(__dirname, '..', '..');
const OUT = path.join(ROOT, '.bench');
const TMP = path.join(OUT, 'tmp');
const SECTIONS = ['card', 'cpu', 'burst', 'sweep', 'memory', 'bytes'] as const;
type Section = (typeof SECTIONS)[number];

const log = (s: string) => process.stdout.write(`${s}\n`);

function chosenSections(args: string[]): Set<Section> {
  const unknown = args.filter((a) => !(SECTIONS as readonly string[]).includes(a));
  if (unknown.length)
    throw new Error(`unknown section(s) ${unknown.join(', ')}; choose from ${SECTIONS.join(', ')}`);
  const chosen = new Set<Section>(args.length ? (args as Section[]) : SECTIONS);
  if (chosen.has('memory')) chosen.add('sweep'); // the memory figures need the 100,000 stored cases
  return chosen;
}

/** Run one section, timing it and recording (not throwing) a failure, so the other sections still report. */
async function section<T>(
  results: BenchResults,
  name: string,
  run: () => Promise<T>,
): Promise<T | undefined> {
  log(`\n${name} …`);
  const started = performance.now();
  try {
    return await run();
  } catch (e) {
    results.errors[name] = e instanceof Error ? e.message : String(e);
    log(`  failed: ${results.errors[name]}`);
    return undefined;
  } finally {
    log(`  (${round((performance.now() - started) / 1000, 1)} s)`);
  }
}

/** Sections 2 and 4 share one Cosmos server process holding the seeded cases. */
async function storeSections(results: BenchResults, chosen: Set<Section>): Promise<void> {
  let cert: CertFiles;
  try {
    cert = makeCert(TMP);
  } catch (e) {
    results.errors['2. sweep scaling'] = (e as Error).message;
    return;
  }
  const cosmos = Worker.start<CosmosServerApi>('cosmosServer.ts', {
    BENCH_CERT: cert.cert,
    BENCH_KEY: cert.key,
  });
  const sweeper = Worker.start<SweepScaleApi>('sweepScale.ts', { NODE_EXTRA_CA_CERTS: cert.cert });
  try {
    results.sweep = await section(results, '2. sweep scaling', () => runSweepScaling(sweeper, cosmos, log));
    const caseIds = results.sweep ? await sweeper.call('sample') : [];
    await sweeper.stop();
    if (chosen.has('memory') && results.sweep)
      results.memory = await section(results, '4. memory and start', async () =>
        runMemoryStart({
          endpoint: await cosmos.call('endpoint'),
          certFile: cert.cert,
          casesStored: SWEEP_LEVELS[SWEEP_LEVELS.length - 1]!,
          caseIds,
          storeRssMB: async () => (await cosmos.call('rssBytes')) / 1e6,
          log,
        }),
      );
  } finally {
    await sweeper.stop();
    await cosmos.stop();
  }
}

async function main(): Promise<void> {
  const chosen = chosenSections(process.argv.slice(2));
  mkdirSync(TMP, { recursive: true });
  const started = performance.now();
  const results: BenchResults = {
    startedAt: new Date().toISOString(),
    totalS: 0,
    machine: machine(ROOT),
    errors: {},
  };
  if (chosen.has('card'))
    results.card = await section(results, '1. card action latency', () => runCardLatency(TMP, log));
  if (chosen.has('cpu'))
    results.cpu = await section(results, '1b. card action CPU, bot and store apart', () =>
      runCpuSplit(TMP, makeCert(TMP), log),
    );
  if (chosen.has('burst')) results.burst = await section(results, '3. alert burst', runAlertBurst);
  if (chosen.has('sweep')) await storeSections(results, chosen);
  if (chosen.has('bytes'))
    results.bytes = await section(results, '5. bytes written per action', () => runCaseBytes(log));
  results.totalS = round((performance.now() - started) / 1000, 1);
  log(`\n${render(results)}`);
  log(`\nwritten to ${path.relative(ROOT, writeResults(OUT, results))} and .bench/latest.json`);
  if (Object.keys(results.errors).length) process.exitCode = 1;
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
