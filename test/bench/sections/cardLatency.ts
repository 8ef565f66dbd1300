/**
 * Section 1 — card action latency: a real `adaptiveCard/action` ("Record a discussion": load → decide →
 * ETag save → render card) through restify + CloudAdapter + embedded store, against a bare botbuilder bot
 * doing one point read, at 1, 10 and 50 concurrent users. Rounds alternate bare, Escalate, bare, Escalate…
 */
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { cardText } from '../../support/botHarness';
import { benchUsers, type BenchUser } from '../lib/benchDirectory';
import { cardInvoke, discussionData, raiseData, versionOnCard } from '../lib/activities';
import { closedLoop, postJson, type LoadResult } from '../lib/load';
import { percentile, ratio, round } from '../lib/stats';
import { Worker } from '../../support/worker';
import type { CardServersApi, CardServersInfo } from '../workers/cardServers';

export const LEVELS = [1, 10, 50] as const;
const ROUNDS = 6;
/** Requests per user per round, by concurrency: enough samples for a p99, a few seconds per round. */
const PER_USER: Record<(typeof LEVELS)[number], number> = { 1: 100, 10: 25, 50: 8 };
const WARMUP = { concurrency: 10, perUser: 3 };
/** Discussions recorded on one case before a user moves to their next case (keeps cases a realistic size). */
const PER_CASE = 10;

export interface SystemFigures {
  p50Ms: number;
  p99Ms: number;
  throughputPerS: number;
  requests: number;
  failures: number;
  /** Why requests failed, with counts (e.g. "not saved: store timeout or conflict"). */
  failureKinds: Record<string, number>;
  cosmosRequestsPerAction: number;
  /** Cosmos 412 answers (ETag conflicts) per 100 actions, background delivery included. */
  conflictsPer100: number;
  roundP99Ms: number[];
}

export interface LevelFigures {
  concurrency: number;
  bare: SystemFigures;
  escalate: SystemFigures;
  p99Ratio: number;
}

export interface CardLatencyResult {
  levels: LevelFigures[];
  casesRaised: number;
  verb: string;
  rounds: number;
}

interface UserCases {
  user: BenchUser;
  cases: { id: string; v: number }[];
  sent: number;
}

/** Everything one measurement needs: the servers, a client agent and each user's cases. */
interface Rig {
  worker: Worker<CardServersApi>;
  info: CardServersInfo;
  agent: http.Agent;
  users: UserCases[];
  /** Failure kinds seen in the current round (reset per round). */
  failureKinds: Map<string, number>;
}

function casesNeeded(userIndex: number): number {
  let requests = WARMUP.concurrency > userIndex ? WARMUP.perUser : 0;
  for (const c of LEVELS) if (userIndex < c) requests += (ROUNDS + 1) * PER_USER[c]; // + the warm-up round
  return Math.ceil(requests / PER_CASE) + 1;
}

/** The card in an invoke response body (null when the body is not one). */
function cardOf(text: string): unknown {
  try {
    return (JSON.parse(text) as { value?: unknown }).value ?? null;
  } catch {
    return null;
  }
}

/** Raise one case through the real `raise` card action (tried twice: a repeated raise is idempotent); its version. */
async function raise(rig: Rig, user: BenchUser, caseId: string): Promise<number> {
  const body = cardInvoke(
    rig.info.connectorUrl,
    user.id,
    'raise',
    raiseData(
      caseId,
      user.otherId,
      `CSC/2026/${String(parseInt(caseId.slice(0, 4), 16) % 10_000).padStart(4, '0')}`,
    ),
  );
  let problem = '';
  for (let attempt = 0; attempt < 2; attempt++) {
    const r = await postJson(rig.agent, `${rig.info.escalateUrl}/api/messages`, body);
    const card = cardOf(r.text);
    const v = versionOnCard(card);
    if (v !== undefined) return v;
    problem = `HTTP ${r.status}: ${cardText(card).replace(/\s+/g, ' ').slice(0, 300)}`;
  }
  throw new Error(`raise failed (${problem})`);
}

/** Raise every user's cases through the real `raise` card action (10 at a time). */
async function raiseCases(rig: Rig): Promise<number> {
  const jobs = rig.users.flatMap((u, i) => Array.from({ length: casesNeeded(i) }, () => u));
  let next = 0;
  const raiser = async () => {
    while (next < jobs.length) {
      const u = jobs[next++]!;
      const caseId = randomUUID();
      u.cases.push({ id: caseId, v: await raise(rig, u.user, caseId) });
    }
  };
  await Promise.all(Array.from({ length: 10 }, raiser));
  await rig.worker.call('quiesce', 240);
  return jobs.length;
}

/** The case a user acts on next: each case takes PER_CASE discussions, then the next one. */
function currentCase(u: UserCases): { id: string; v: number } {
  return u.cases[Math.floor(u.sent / PER_CASE) % u.cases.length]!;
}

/** One Escalate request: record a discussion with the version the last card showed; follow the new card. */
async function escalateRequest(rig: Rig, userIndex: number): Promise<boolean> {
  const u = rig.users[userIndex]!;
  const c = currentCase(u);
  u.sent++;
  const data = discussionData(c.id, c.v, [u.user.id, u.user.otherId]);
  const body = cardInvoke(rig.info.connectorUrl, u.user.id, 'recordDiscussion', data);
  const r = await postJson(rig.agent, `${rig.info.escalateUrl}/api/messages`, body);
  c.v = versionOnCard(cardOf(r.text)) ?? c.v;
  const ok = r.status === 200 && r.text.includes('Discussion recorded');
  if (!ok) noteFailure(rig, failureKind(r.status, r.text));
  return ok;
}

/** A short name for what an unsuccessful answer said. */
function failureKind(status: number, text: string): string {
  if (status !== 200) return `HTTP ${status}`;
  if (text.includes('couldn’t save')) return 'not saved: store error, timeout or repeated ETag conflict';
  if (text.includes('changed since this card')) return 'stale card';
  if (text.includes('couldn’t reach the case store')) return 'store unreachable';
  return 'other';
}

function noteFailure(rig: Rig, kind: string): void {
  rig.failureKinds.set(kind, (rig.failureKinds.get(kind) ?? 0) + 1);
}

/** One baseline request: the same invoke body to the bare bot, which point-reads the case. */
async function bareRequest(rig: Rig, userIndex: number): Promise<boolean> {
  const u = rig.users[userIndex]!;
  const c = currentCase(u);
  const data = discussionData(c.id, c.v, [u.user.id, u.user.otherId]);
  const body = cardInvoke(rig.info.connectorUrl, u.user.id, 'recordDiscussion', data);
  const r = await postJson(rig.agent, `${rig.info.bareUrl}/api/messages`, body);
  return r.status === 200 && r.text.includes('Saved.');
}

interface Round {
  load: LoadResult;
  cosmosRequests: number;
  /** Cosmos answers 412 (ETag conflict), e.g. a user's save racing the dispatcher's outbox write. */
  conflicts: number;
  failureKinds: Map<string, number>;
}

/** One round for one system; Escalate's round ends only when the background deliveries it caused are done. */
async function runRound(
  rig: Rig,
  system: 'bare' | 'escalate',
  concurrency: number,
  perUser: number,
): Promise<Round> {
  rig.failureKinds = new Map();
  const before = await rig.worker.call('cosmosRequests');
  const send = system === 'bare' ? bareRequest : escalateRequest;
  const load = await closedLoop(concurrency, perUser, (u) => send(rig, u));
  const probes = await rig.worker.call('quiesce');
  const after = await rig.worker.call('cosmosRequests');
  return {
    load,
    cosmosRequests: after.requests - before.requests - probes,
    conflicts: after.conflicts - before.conflicts,
    failureKinds: rig.failureKinds,
  };
}

function figures(rounds: Round[]): SystemFigures {
  const latencies = rounds.flatMap((r) => r.load.latencies);
  const wall = rounds.reduce((s, r) => s + r.load.wallMs, 0);
  const cosmos = rounds.reduce((s, r) => s + r.cosmosRequests, 0);
  return {
    p50Ms: round(percentile(latencies, 50), 1),
    p99Ms: round(percentile(latencies, 99), 1),
    throughputPerS: round(latencies.length / (wall / 1000), 1),
    requests: latencies.length,
    failures: rounds.reduce((s, r) => s + r.load.failures, 0),
    failureKinds: mergeCounts(rounds.map((r) => r.failureKinds)),
    cosmosRequestsPerAction: round(cosmos / latencies.length, 2),
    conflictsPer100: round((rounds.reduce((s, r) => s + r.conflicts, 0) / latencies.length) * 100, 1),
    roundP99Ms: rounds.map((r) => round(percentile(r.load.latencies, 99), 1)),
  };
}

function mergeCounts(maps: Map<string, number>[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of maps) for (const [k, n] of m) out[k] = (out[k] ?? 0) + n;
  return out;
}

async function measureLevel(rig: Rig, concurrency: (typeof LEVELS)[number]): Promise<LevelFigures> {
  // the first round at a new concurrency is slow for both (new sockets, new code paths): not counted
  await runRound(rig, 'bare', concurrency, PER_USER[concurrency]);
  await runRound(rig, 'escalate', concurrency, PER_USER[concurrency]);
  const bare: Round[] = [];
  const escalate: Round[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    bare.push(await runRound(rig, 'bare', concurrency, PER_USER[concurrency]));
    escalate.push(await runRound(rig, 'escalate', concurrency, PER_USER[concurrency]));
  }
  const b = figures(bare);
  const e = figures(escalate);
  return { concurrency, bare: b, escalate: e, p99Ratio: round(ratio(e.p99Ms, b.p99Ms), 2) };
}

export async function runCardLatency(tmpDir: string, log: (s: string) => void): Promise<CardLatencyResult> {
  const users = benchUsers(Math.max(...LEVELS));
  const worker = Worker.start<CardServersApi>('cardServers.ts', {
    BENCH_USERS: String(users.length),
    BENCH_TMP: tmpDir,
  });
  const agent = new http.Agent({ keepAlive: true, maxSockets: Math.max(...LEVELS) });
  try {
    const info = await worker.call('info');
    const rig: Rig = {
      worker,
      info,
      agent,
      users: users.map((user) => ({ user, cases: [], sent: 0 })),
      failureKinds: new Map(),
    };
    const casesRaised = await raiseCases(rig);
    log(`  raised ${casesRaised} cases for ${users.length} users`);
    await runRound(rig, 'bare', WARMUP.concurrency, WARMUP.perUser);
    await runRound(rig, 'escalate', WARMUP.concurrency, WARMUP.perUser);
    const levels: LevelFigures[] = [];
    for (const c of LEVELS) {
      levels.push(await measureLevel(rig, c));
      const l = levels[levels.length - 1]!;
      log(`  ${c} users: bare p99 ${l.bare.p99Ms} ms, Escalate p99 ${l.escalate.p99Ms} ms (×${l.p99Ratio})`);
    }
    return { levels, casesRaised, verb: 'recordDiscussion', rounds: ROUNDS };
  } finally {
    agent.destroy();
    await worker.stop();
  }
}
