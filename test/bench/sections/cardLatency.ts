/**
 * Section 1 — card action latency: a real `adaptiveCard/action` ("Record a discussion": load → decide →
 * ETag save → render card) through restify + CloudAdapter + embedded store, against two bare botbuilder bots,
 * one doing a point read and one doing an ETag-guarded replace of a document the size of a typical case, at 1,
 * 10 and 50 concurrent users. Rounds alternate bare, bare replace, Escalate, bare, …
 */
import http from 'node:http';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { cardText } from '../../support/botHarness';
import { benchUsers, type BenchUser } from '../lib/benchDirectory';
import { cardInvoke, discussionData, raiseData, versionOnCard } from '../lib/activities';
import { closedLoop, postJson, type LoadResult } from '../lib/load';
import { percentile, ratio, round } from '../lib/stats';
import { Worker } from '../../support/worker';
import type { CardServersApi, CardServersInfo } from '../workers/cardServers';

export const LEVELS = [1, 10, 50] as const;
/** BENCH_ROUNDS=<n> for a quick look while developing (the recorded figures use 6). */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 6);
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
  /** Bytes of documents written to the cases container per action, background delivery included. */
  bytesWrittenPerAction: number;
  /** CPU time of the process holding bots and embedded store, per action (background work included). */
  cpuMsPerAction: number;
  /** Cosmos 412 answers (ETag conflicts) per 100 actions, background delivery included. */
  conflictsPer100: number;
  roundP99Ms: number[];
  /** Per round, the longest the event loop was held up while the load ran, ms. */
  roundLoopStallMs: number[];
  /** Requests per action by container and operation (connector calls as "POST other"), quiesce probes included. */
  requestKindsPerAction: Record<string, number>;
}

export interface LevelFigures {
  concurrency: number;
  bare: SystemFigures;
  /** The second baseline: one ETag-guarded replace of a document the size of a typical case. */
  bareReplace: SystemFigures;
  escalate: SystemFigures;
  p99Ratio: number;
  /** Escalate's p99 over the replace baseline's. */
  p99RatioToReplace: number;
}

export interface CardLatencyResult {
  levels: LevelFigures[];
  /** The size the replace baseline wrote at the end: Escalate's average case document write in its last round. */
  typicalCaseBytes: number;
  casesRaised: number;
  verb: string;
  rounds: number;
}

interface UserCases {
  user: BenchUser;
  cases: { id: string; v: number }[];
  sent: number;
}

export type System = 'bare' | 'bareReplace' | 'escalate';

/** Everything one measurement needs: the servers, a client agent and each user's cases. */
export interface Rig {
  worker: Worker<CardServersApi>;
  info: CardServersInfo;
  agent: http.Agent;
  users: UserCases[];
  /** Failure kinds seen in the current round (reset per round). */
  failureKinds: Map<string, number>;
  /** Escalate's average case document write in its last round (what the replace baseline writes). */
  typicalBytes: number;
}

function casesNeeded(userIndex: number): number {
  let requests = WARMUP.concurrency > userIndex ? WARMUP.perUser : 0;
  for (const c of LEVELS) if (userIndex < c) requests += (ROUNDS + 1) * PER_USER[c]; // + the warm-up round
  return Math.ceil(requests / PER_CASE) + 1;
}

/** Cases for `rounds` Escalate rounds of `perUser` requests at `concurrency` users. */
export const casesFor =
  (concurrency: number, rounds: number, perUser: number) =>
  (userIndex: number): number =>
    userIndex < concurrency ? Math.ceil((rounds * perUser) / PER_CASE) + 1 : 0;

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

/** Raise every user's cases through the real `raise` card action (10 at a time), and copy them for the replace baseline. */
export async function raiseCases(
  rig: Rig,
  needed: (userIndex: number) => number = casesNeeded,
): Promise<number> {
  const jobs = rig.users.flatMap((u, i) => Array.from({ length: needed(i) }, () => u));
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
  await rig.worker.call(
    'prepareCopies',
    rig.users.flatMap((u) => u.cases.map((c) => c.id)),
  );
  // sockets left idle through the set-up may be closed by the server just as they are reused: start afresh
  const maxSockets = rig.agent.maxSockets;
  rig.agent.destroy();
  rig.agent = new http.Agent({ keepAlive: true, maxSockets });
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

/** One baseline request: the same invoke body to a bare bot (it point-reads the case, or replaces its copy). */
async function bareRequest(rig: Rig, userIndex: number, url: string): Promise<boolean> {
  const u = rig.users[userIndex]!;
  const c = currentCase(u);
  const data = discussionData(c.id, c.v, [u.user.id, u.user.otherId]);
  const body = cardInvoke(rig.info.connectorUrl, u.user.id, 'recordDiscussion', data);
  const r = await postJson(rig.agent, `${url}/api/messages`, body);
  return r.status === 200 && r.text.includes('Saved.');
}

export interface Round {
  load: LoadResult;
  cosmosRequests: number;
  /** Documents written to the cases container, and their bytes. */
  writes: number;
  bytes: number;
  cpuMs: number;
  /** Cosmos answers 412 (ETag conflict), e.g. a user's save racing the dispatcher's outbox write. */
  conflicts: number;
  failureKinds: Map<string, number>;
  /** The longest the event loop of the bots' process was held up during the load. */
  loopStallMs: number;
  kinds: Map<string, number>;
}

/**
 * One round for one system; Escalate's round ends only when the background deliveries it caused are done, and
 * tells the replace baseline the size of its average case document write.
 */
let profileSeq = 0;

export async function runRound(
  rig: Rig,
  system: System,
  concurrency: number,
  perUser: number,
): Promise<Round> {
  rig.failureKinds = new Map();
  // sockets idle since the last round may be closed by the server just as they are reused: start afresh
  rig.agent.destroy();
  rig.agent = new http.Agent({ keepAlive: true, maxSockets: rig.agent.maxSockets });
  const profiles = process.env.BENCH_PROF_ROUNDS;
  if (profiles) await rig.worker.call('profile', { start: true });
  await rig.worker.call('loopDelay');
  const before = await rig.worker.call('cosmosRequests');
  const cpuBefore = await rig.worker.call('cpuMs');
  const send =
    system === 'escalate'
      ? (u: number) => escalateRequest(rig, u)
      : (u: number) => bareRequest(rig, u, system === 'bare' ? rig.info.bareUrl : rig.info.bareReplaceUrl);
  const load = await closedLoop(concurrency, perUser, send);
  const stall = await rig.worker.call('loopDelay');
  const probes = await rig.worker.call('quiesce');
  const cpuMs = (await rig.worker.call('cpuMs')) - cpuBefore;
  const after = await rig.worker.call('cosmosRequests');
  if (profiles)
    await rig.worker.call('profile', {
      stop: path.join(profiles, `card-${system}-${concurrency}-${++profileSeq}.cpuprofile`),
    });
  const writes = after.writes - before.writes;
  const bytes = after.bytes - before.bytes;
  if (system === 'escalate' && writes > 0) {
    rig.typicalBytes = Math.round(bytes / writes);
    await rig.worker.call('setTypicalBytes', rig.typicalBytes);
  }
  return {
    load,
    cosmosRequests: after.requests - before.requests - probes,
    writes,
    bytes,
    cpuMs,
    conflicts: after.conflicts - before.conflicts,
    failureKinds: rig.failureKinds,
    loopStallMs: stall.maxMs,
    kinds: new Map(
      Object.entries(after.kinds)
        .map(([k, n]): [string, number] => [k, n - (before.kinds[k] ?? 0)])
        .filter(([, n]) => n > 0),
    ),
  };
}

export function figures(rounds: Round[]): SystemFigures {
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
    bytesWrittenPerAction: Math.round(rounds.reduce((s, r) => s + r.bytes, 0) / latencies.length),
    cpuMsPerAction: round(rounds.reduce((s, r) => s + r.cpuMs, 0) / latencies.length, 2),
    conflictsPer100: round((rounds.reduce((s, r) => s + r.conflicts, 0) / latencies.length) * 100, 1),
    roundP99Ms: rounds.map((r) => round(percentile(r.load.latencies, 99), 1)),
    roundLoopStallMs: rounds.map((r) => round(r.loopStallMs, 0)),
    requestKindsPerAction: Object.fromEntries(
      Object.entries(mergeCounts(rounds.map((r) => r.kinds))).map(([k, n]) => [
        k,
        round(n / latencies.length, 3),
      ]),
    ),
  };
}

function mergeCounts(maps: Map<string, number>[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of maps) for (const [k, n] of m) out[k] = (out[k] ?? 0) + n;
  return out;
}

async function measureLevel(rig: Rig, concurrency: (typeof LEVELS)[number]): Promise<LevelFigures> {
  // the first round at a new concurrency is slow for both (new sockets, new code paths): not counted
  const systems: System[] = ['bare', 'bareReplace', 'escalate'];
  for (const s of systems) await runRound(rig, s, concurrency, PER_USER[concurrency]);
  const rounds: Record<System, Round[]> = { bare: [], bareReplace: [], escalate: [] };
  for (let i = 0; i < ROUNDS; i++)
    for (const s of systems) rounds[s].push(await runRound(rig, s, concurrency, PER_USER[concurrency]));
  const b = figures(rounds.bare);
  const r = figures(rounds.bareReplace);
  const e = figures(rounds.escalate);
  return {
    concurrency,
    bare: b,
    bareReplace: r,
    escalate: e,
    p99Ratio: round(ratio(e.p99Ms, b.p99Ms), 2),
    p99RatioToReplace: round(ratio(e.p99Ms, r.p99Ms), 2),
  };
}

/** Start the servers' worker (`env`: e.g. an external store) and a client for `users` concurrent users. */
export async function startRig(
  tmpDir: string,
  users: number,
  env: Record<string, string> = {},
): Promise<Rig> {
  const all = benchUsers(users);
  const worker = Worker.start<CardServersApi>('cardServers.ts', {
    BENCH_USERS: String(all.length),
    BENCH_TMP: tmpDir,
    ...env,
  });
  let info: CardServersInfo;
  try {
    info = await worker.call('info');
  } catch (e) {
    await worker.stop();
    throw e;
  }
  return {
    worker,
    info,
    agent: new http.Agent({ keepAlive: true, maxSockets: users }),
    users: all.map((user) => ({ user, cases: [], sent: 0 })),
    failureKinds: new Map(),
    typicalBytes: 0,
  };
}

export async function stopRig(rig: Rig): Promise<void> {
  rig.agent.destroy();
  await rig.worker.stop();
}

export async function runCardLatency(tmpDir: string, log: (s: string) => void): Promise<CardLatencyResult> {
  const rig = await startRig(tmpDir, Math.max(...LEVELS));
  const users = rig.users;
  try {
    const casesRaised = await raiseCases(rig);
    log(`  raised ${casesRaised} cases for ${users.length} users`);
    await runRound(rig, 'bare', WARMUP.concurrency, WARMUP.perUser);
    await runRound(rig, 'escalate', WARMUP.concurrency, WARMUP.perUser);
    await runRound(rig, 'bareReplace', WARMUP.concurrency, WARMUP.perUser);
    const levels: LevelFigures[] = [];
    for (const c of LEVELS) {
      levels.push(await measureLevel(rig, c));
      const l = levels[levels.length - 1]!;
      log(
        `  ${c} users: bare p99 ${l.bare.p99Ms} ms, bare replace ${l.bareReplace.p99Ms} ms, Escalate p99 ${l.escalate.p99Ms} ms (×${l.p99Ratio}, ×${l.p99RatioToReplace})`,
      );
      log(`    Escalate requests per action: ${JSON.stringify(l.escalate.requestKindsPerAction)}`);
      log(
        `    round p99 / longest event-loop stall, ms: ${(['bare', 'bareReplace', 'escalate'] as const)
          .map((s) => `${s} ${l[s].roundP99Ms.join(' ')} / ${l[s].roundLoopStallMs.join(' ')}`)
          .join('; ')}`,
      );
    }
    return {
      levels,
      casesRaised,
      verb: 'recordDiscussion',
      rounds: ROUNDS,
      typicalCaseBytes: rig.typicalBytes,
    };
  } finally {
    await stopRig(rig);
  }
}
