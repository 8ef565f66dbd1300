/** The printed report (tables, targets) and the JSON written to .bench/. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BurstFigures } from '../sections/alertBurst';
import type { CaseBytesResult } from '../sections/caseBytes';
import type { CardLatencyResult } from '../sections/cardLatency';
import type { CpuSplitResult } from '../sections/cpuSplit';
import type { MemoryStartResult } from '../sections/memoryStart';
import type { SweepScalingResult } from '../sections/sweepScaling';
import { bytesHeading, bytesTable, cpuSplitText } from './reportBytes';
import { round } from './stats';
import { textTable, type Row } from './table';

export interface Machine {
  nproc: number;
  cpu: string;
  node: string;
  memoryGB: number;
  loadAverageAtStart: number[];
  commit: string;
}

export interface BenchResults {
  startedAt: string;
  totalS: number;
  machine: Machine;
  card?: CardLatencyResult;
  cpu?: CpuSplitResult;
  sweep?: SweepScalingResult;
  burst?: BurstFigures;
  memory?: MemoryStartResult;
  bytes?: CaseBytesResult;
  errors: Record<string, string>;
}

export function machine(root: string): Machine {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain'], { cwd: root, encoding: 'utf8' }).trim();
    if (dirty) commit += ' (with uncommitted changes)';
  } catch {
    // not a git checkout
  }
  return {
    nproc: os.availableParallelism(),
    cpu: /model name\s*:\s*(.*)/.exec(cpuinfo)?.[1]?.trim() ?? os.cpus()[0]?.model ?? 'unknown',
    node: process.version,
    memoryGB: round(os.totalmem() / 1024 ** 3, 1),
    loadAverageAtStart: os.loadavg().map((l) => round(l, 2)),
    commit,
  };
}

const yes = (ok: boolean) => (ok ? 'met' : 'NOT met');

interface Target {
  name: string;
  target: string;
  measured: string;
  met: boolean;
}

function targets(r: BenchResults): Target[] {
  const out: Target[] = [];
  const at50 = r.card?.levels.find((l) => l.concurrency === 50);
  if (at50)
    out.push({
      name: 'card action p99, 50 users',
      target: '≤ 1.5 × bare',
      measured: `${at50.p99Ratio} ×`,
      met: at50.p99Ratio <= 1.5,
    });
  if (r.sweep)
    out.push({
      name: 'sweep time 100k / 1k',
      target: '≤ 1.5',
      measured: `${r.sweep.timeRatio100kTo1k} ×`,
      met: r.sweep.timeRatio100kTo1k <= 1.5,
    });
  if (r.burst)
    out.push({
      name: 'alert burst',
      target: '≥ 90 % of limit, 0 lost',
      measured: `${round(r.burst.shareOfLimit * 100, 1)} %, ${r.burst.lost} lost`,
      met: r.burst.shareOfLimit >= 0.9 && r.burst.lost === 0,
    });
  if (r.memory) {
    const e = r.memory.escalate;
    out.push({
      name: 'bot RSS, 100k cases stored (peak)',
      target: '< 300 MB',
      measured: `${e.peakRssMB} MB (${e.rssAtReadyMB} at ready, ${e.rssAfterActionsMB} after actions)`,
      met: e.peakRssMB < 300,
    });
    out.push({
      name: 'start → /readyz 200',
      target: '< 5 s',
      measured: `${e.readyMs} ms`,
      met: e.readyMs < 5_000,
    });
  }
  if (r.bytes)
    out.push({
      name: 'bytes written per action, 500 / 10 events',
      target: '≤ 1.5 ×',
      measured: `${r.bytes.ratio500to10} ×`,
      met: r.bytes.ratio500to10 <= 1.5,
    });
  return out;
}

function cardTable(c: CardLatencyResult): string {
  const latency = textTable(
    [
      'users',
      'p50 bare / replace / Escalate ms',
      'p99 bare ms',
      'p99 replace ms',
      'p99 Escalate ms',
      'ratio to bare',
      'ratio to replace',
      'req/s bare / replace / Escalate',
    ],
    c.levels.map((l) => [
      l.concurrency,
      `${l.bare.p50Ms} / ${l.bareReplace.p50Ms} / ${l.escalate.p50Ms}`,
      l.bare.p99Ms,
      l.bareReplace.p99Ms,
      l.escalate.p99Ms,
      `${l.p99Ratio} ×`,
      `${l.p99RatioToReplace} ×`,
      `${l.bare.throughputPerS} / ${l.bareReplace.throughputPerS} / ${l.escalate.throughputPerS}`,
    ]),
  );
  const cost = textTable(
    [
      'users',
      'Cosmos req/action bare / replace / E',
      'KB written/action replace / E',
      'CPU ms/action bare / replace / E',
      'E 412s per 100',
      'failed bare / replace / E',
    ],
    c.levels.map((l) => [
      l.concurrency,
      `${l.bare.cosmosRequestsPerAction} / ${l.bareReplace.cosmosRequestsPerAction} / ${l.escalate.cosmosRequestsPerAction}`,
      `${kb(l.bareReplace.bytesWrittenPerAction)} / ${kb(l.escalate.bytesWrittenPerAction)}`,
      `${l.bare.cpuMsPerAction} / ${l.bareReplace.cpuMsPerAction} / ${l.escalate.cpuMsPerAction}`,
      l.escalate.conflictsPer100,
      `${l.bare.failures} / ${l.bareReplace.failures} / ${l.escalate.failures}`,
    ]),
  );
  return `${latency}\n\n${cost}`;
}

const kb = (n: number) => round(n / 1000, 1);

function sweepTable(s: SweepScalingResult): string {
  const rows: Row[] = s.levels.map((l) => [
    l.cases,
    l.seedPerSecond,
    l.baseline.sweepMs,
    l.grown.sweepMs,
    `${l.timeRatio} ×`,
    `${l.grown.cosmosRequests} / ${l.baseline.cosmosRequests}`,
    `${l.grown.fired}/${l.grown.due}`,
    l.grown.dueAfter,
    l.findDueMs,
    l.findDueStockEngineMs ?? 'not run',
    l.storeRssMB,
  ]);
  return textTable(
    [
      'open cases',
      'seeded/s',
      `sweep ms, ${s.baselineCases.toLocaleString('en-GB')} cases`,
      'sweep ms, this many',
      'ratio',
      'Cosmos requests (this / 1k)',
      'fired/due',
      'left due',
      'findDue ms',
      'findDue ms (stock engine)',
      'store MB',
    ],
    rows,
  );
}

function burstTable(b: BurstFigures): string {
  return textTable(
    ['', 'Escalate', 'baseline: fastest Teams allows'],
    [
      ['virtual time, first → last alert', `${b.virtualElapsedS} s`, `${b.theoreticalMinS} s`],
      ['rate', `${round(b.achievedPerMinute, 1)}/min`, `${round(b.limitPerMinute, 1)}/min`],
      ['share of the limit', `${round(b.shareOfLimit * 100, 1)} %`, '100 %'],
      [
        'delivered (unique) / lost / duplicates',
        `${b.uniqueDelivered} / ${b.lost} / ${b.duplicates}`,
        `${b.alerts} / 0 / 0`,
      ],
      ['429s from the connector', b.tooManyRequests, 0],
      ['within every Teams window', b.withinLimits ? 'yes' : 'NO', 'yes'],
      ['outbox items not marked sent', b.outboxNotSent, 0],
      ['dispatcher passes / real wall time', `${b.passes} / ${round(b.wallS, 1)} s`, ''],
    ],
  );
}

function memoryTable(m: MemoryStartResult): string {
  const row = (label: string, f: (x: MemoryStartResult['escalate']) => number | string): Row => [
    label,
    f(m.escalate),
    f(m.bare),
  ];
  return textTable(
    ['', 'Escalate', 'bare bot'],
    [
      row('spawn → listening, ms', (x) => x.listeningMs),
      row('spawn → /readyz 200, ms', (x) => x.readyMs),
      row('RSS at ready, MB', (x) => x.rssAtReadyMB),
      row(`RSS 2 s after ${m.escalate.actions} card actions, MB`, (x) => x.rssAfterActionsMB),
      row('peak RSS (VmHWM), MB', (x) => x.peakRssMB),
      row('card actions failed', (x) => x.actionFailures),
    ],
  );
}

export function render(r: BenchResults): string {
  const m = r.machine;
  const parts = [
    `Escalate benchmark  ${r.startedAt}  total ${round(r.totalS, 0)} s`,
    `${m.nproc} cores (${m.cpu}), ${m.memoryGB} GB, node ${m.node}, commit ${m.commit}, load average at start ${m.loadAverageAtStart.join(' ')}`,
  ];
  if (r.card)
    parts.push(
      `\n1. Card action latency: adaptiveCard/action "${r.card.verb}" over HTTP (restify + CloudAdapter + embedded store)\n` +
        `   vs bare botbuilder bots (fixed card): one point read, or one ETag-guarded replace of a ${kb(r.card.typicalCaseBytes)} KB document (Escalate's average case write);\n` +
        `   ${r.card.rounds} alternating rounds per system and level, after one warm-up round each. CPU: the one process holding bots and embedded store\n` +
        cardTable(r.card),
    );
  if (r.cpu) parts.push(cpuSplitText(r.cpu));
  if (r.sweep)
    parts.push(
      `\n2. Sweep scaling: one sweepOnce, 100 due clocks; cases seeded with bulkCreate (${r.sweep.caseBytes} B each)\n` +
        '   store: @vercel/cosmosdb-server in its own process, its query row-gathering made O(n) (workers/cosmosServer.ts)\n' +
        sweepTable(r.sweep) +
        `\n   100k / 1k (alternated): time ${r.sweep.timeRatio100kTo1k} ×, Cosmos requests ${r.sweep.requestRatio100kTo1k} ×; sweep ms = median of 3`,
    );
  if (r.burst)
    parts.push(
      `\n3. Alert burst: ${r.burst.alerts} alerts to one channel, Dispatcher → TeamsSender → fake connector enforcing Teams' limits (virtual time)\n` +
        burstTable(r.burst),
    );
  if (r.memory)
    parts.push(
      `\n4. Memory and start: node on compiled JS, store in its own process with ${r.memory.casesStored.toLocaleString('en-GB')} cases (store RSS ${r.memory.storeRssMB} MB)\n` +
        memoryTable(r.memory),
    );
  if (r.bytes) parts.push(bytesHeading(r.bytes) + bytesTable(r.bytes));
  const t = targets(r);
  if (t.length)
    parts.push(
      '\nTargets\n' +
        textTable(
          ['figure', 'target', 'measured', ''],
          t.map((x) => [x.name, x.target, x.measured, yes(x.met)]),
        ),
    );
  for (const [section, error] of Object.entries(r.errors)) parts.push(`\n${section} FAILED: ${error}`);
  return parts.join('\n');
}

/** Write .bench/results-<timestamp>.json and .bench/latest.json; returns the first path. */
export function writeResults(dir: string, r: BenchResults): string {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `results-${r.startedAt.replace(/[:.]/g, '-')}.json`);
  const json = `${JSON.stringify({ ...r, targets: targets(r) }, null, 2)}\n`;
  writeFileSync(file, json);
  writeFileSync(path.join(dir, 'latest.json'), json);
  return file;
}
