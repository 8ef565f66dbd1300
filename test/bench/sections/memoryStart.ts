/**
 * Section 4 — memory and start: the bot as it runs in production (`node` on the compiled JavaScript, in its
 * own process) against the Cosmos server process holding 100,000+ cases, alternated with the bare baseline bot
 * started the same way. Measures spawn → "listening" log line → /readyz 200, then RSS at ready and after
 * card actions on stored cases.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { DEMO } from '../../support/demoPeople';
import { FakeConnector } from '../../support/fakeConnector';
import { cardInvoke } from '../lib/activities';
import { closedLoop, postJson } from '../lib/load';
import { median, round } from '../lib/stats';

const ROOT = path.join(__dirname, '..', '..', '..');
const ENTRIES = {
  escalate: path.join(ROOT, '.bench', 'src', 'index.js'),
  bare: path.join(ROOT, '.bench', 'test', 'bench', 'workers', 'bareBotMain.js'),
};
type Kind = keyof typeof ENTRIES;
const ACTIONS = { concurrency: 10, perUser: 30 };
const RUNS = 2;

export interface ProcessFigures {
  listeningMs: number;
  readyMs: number;
  rssAtReadyMB: number;
  rssAfterActionsMB: number;
  peakRssMB: number;
  actions: number;
  actionFailures: number;
}

export interface MemoryStartResult {
  buildS: number;
  casesStored: number;
  escalate: ProcessFigures;
  bare: ProcessFigures;
  runs: { kind: Kind; figures: ProcessFigures }[];
  storeRssMB: number;
}

interface Context {
  endpoint: string;
  certFile: string;
  caseIds: string[];
  serviceUrl: string;
}

/** Compile src/ (and the baseline's entry) to .bench/ with the project's compiler options, as `npm run build` does to dist/. */
function build(): number {
  const started = performance.now();
  const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const r = spawnSync(process.execPath, [tsc, '-p', path.join(__dirname, '..', 'tsconfig.build.json')], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  for (const entry of Object.values(ENTRIES))
    if (!existsSync(entry)) throw new Error(`build failed: ${r.stdout}${r.stderr}`);
  if (r.status !== 0)
    process.stderr.write('  (tsc reported errors but emitted JavaScript; measuring that)\n');
  return (performance.now() - started) / 1000;
}

/** VmRSS and VmHWM (peak) of a process, in MB. */
function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

/** Resolve with the bot's URL when it logs that it is listening. */
function listeningUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      try {
        const entry = JSON.parse(line) as { event?: string; url?: string };
        if (entry.event === 'started' && entry.url) resolve(entry.url);
      } catch {
        // not a log line
      }
    });
    child.once('exit', (code) => reject(new Error(`the bot exited (${code}) before listening`)));
  });
}

async function pollReady(url: string, agent: http.Agent): Promise<void> {
  for (;;) {
    const status = await new Promise<number>((resolve) => {
      http
        .get(`${url}/readyz`, { agent }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        })
        .on('error', () => resolve(0));
    });
    if (status === 200) return;
    await new Promise((r) => setTimeout(r, 10));
  }
}

function startBot(kind: Kind, ctx: Context): ChildProcess {
  return spawn(process.execPath, [ENTRIES[kind]], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      COSMOS_ENDPOINT: ctx.endpoint,
      COSMOS_KEY: 'bench',
      NODE_EXTRA_CA_CERTS: ctx.certFile,
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
}

async function stopBot(bot: ChildProcess): Promise<void> {
  if (bot.exitCode !== null || bot.signalCode !== null) return;
  const exited = new Promise((r) => bot.once('exit', r));
  bot.kill('SIGTERM');
  const timer = setTimeout(() => bot.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

/** "Refresh" card actions by the raiser on stored cases (Escalate: load the case, render its card). */
function cardActions(kind: Kind, url: string, ctx: Context, agent: http.Agent) {
  let n = 0;
  const expected = kind === 'escalate' ? 'BENCH/' : 'Saved.';
  return closedLoop(ACTIONS.concurrency, ACTIONS.perUser, async () => {
    const caseId = ctx.caseIds[n++ % ctx.caseIds.length]!;
    const body = cardInvoke(ctx.serviceUrl, DEMO.priya, 'refresh', { caseId });
    const r = await postJson(agent, `${url}/api/messages`, body);
    return r.status === 200 && r.text.includes(expected);
  });
}

async function measureProcess(kind: Kind, ctx: Context): Promise<ProcessFigures> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: ACTIONS.concurrency });
  const started = performance.now();
  const bot = startBot(kind, ctx);
  try {
    const url = await listeningUrl(bot);
    const listeningMs = performance.now() - started;
    await pollReady(url, agent);
    const readyMs = performance.now() - started;
    const atReady = memoryOf(bot.pid!);
    const load = await cardActions(kind, url, ctx, agent);
    await new Promise((r) => setTimeout(r, 2_000)); // a couple of dispatch and idle ticks
    const after = memoryOf(bot.pid!);
    return {
      listeningMs: round(listeningMs, 0),
      readyMs: round(readyMs, 0),
      rssAtReadyMB: round(atReady.rss, 0),
      rssAfterActionsMB: round(after.rss, 0),
      peakRssMB: round(after.peak, 0),
      actions: load.latencies.length,
      actionFailures: load.failures,
    };
  } finally {
    agent.destroy();
    await stopBot(bot);
  }
}

/** The median of each figure over runs (peak RSS: the highest; failures: all). */
function summarise(runs: ProcessFigures[]): ProcessFigures {
  const m = (f: (r: ProcessFigures) => number) => round(median(runs.map(f)), 0);
  return {
    listeningMs: m((r) => r.listeningMs),
    readyMs: m((r) => r.readyMs),
    rssAtReadyMB: m((r) => r.rssAtReadyMB),
    rssAfterActionsMB: m((r) => r.rssAfterActionsMB),
    peakRssMB: Math.max(...runs.map((r) => r.peakRssMB)),
    actions: m((r) => r.actions),
    actionFailures: runs.reduce((s, r) => s + r.actionFailures, 0),
  };
}

export async function runMemoryStart(opts: {
  endpoint: string;
  certFile: string;
  casesStored: number;
  caseIds: string[];
  storeRssMB: () => Promise<number>;
  log: (s: string) => void;
}): Promise<MemoryStartResult> {
  const buildS = build();
  opts.log(`  compiled src/ to .bench/src in ${round(buildS, 1)} s`);
  const connector = new FakeConnector();
  await connector.start();
  const ctx: Context = { ...opts, serviceUrl: connector.url };
  const runs: { kind: Kind; figures: ProcessFigures }[] = [];
  try {
    for (let i = 0; i < RUNS; i++)
      for (const kind of ['bare', 'escalate'] as const) {
        runs.push({ kind, figures: await measureProcess(kind, ctx) });
        const f = runs[runs.length - 1]!.figures;
        opts.log(`  ${kind}: ready in ${f.readyMs} ms, RSS ${f.rssAtReadyMB} → ${f.rssAfterActionsMB} MB`);
      }
  } finally {
    await connector.stop();
  }
  const of = (kind: Kind) => summarise(runs.filter((r) => r.kind === kind).map((r) => r.figures));
  return {
    buildS: round(buildS, 1),
    casesStored: opts.casesStored,
    escalate: of('escalate'),
    bare: of('bare'),
    runs,
    storeRssMB: round(await opts.storeRssMB(), 0),
  };
}
