/**
 * Section 1b — where the card action's CPU goes (issue #20): the same three systems as section 1 at 50 users, but
 * with the Cosmos-compatible server in its own process (as a Cosmos DB account would be), so each process's CPU
 * time can be read with process.cpuUsage() around every round. In section 1 the embedded server shares the bot's
 * process and its two cores; this says how much of each action's CPU is the server's own work.
 */
import type { CertFiles } from '../lib/cert';
import { round } from '../lib/stats';
import { Worker } from '../../support/worker';
import type { CosmosServerApi } from '../workers/cosmosServer';
import {
  casesFor,
  figures,
  raiseCases,
  runRound,
  startRig,
  stopRig,
  type Round,
  type System,
} from './cardLatency';

const USERS = 50;
const PER_USER = 8;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SYSTEMS: System[] = ['bare', 'bareReplace', 'escalate'];

export interface CpuSplitFigures {
  /** CPU ms per action in the bot's process (bots, HTTP, the Cosmos client). */
  botMs: number;
  /** CPU ms per action in the store's process (the Cosmos-compatible server, TLS included). */
  storeMs: number;
  /** storeMs / (botMs + storeMs). */
  storeShare: number;
  p99Ms: number;
}

export interface CpuSplitResult {
  users: number;
  rounds: number;
  systems: Record<System, CpuSplitFigures>;
}

export async function runCpuSplit(
  tmpDir: string,
  cert: CertFiles,
  log: (s: string) => void,
): Promise<CpuSplitResult> {
  const cosmos = Worker.start<CosmosServerApi>('cosmosServer.ts', {
    BENCH_CERT: cert.cert,
    BENCH_KEY: cert.key,
  });
  try {
    const endpoint = await cosmos.call('endpoint');
    const rig = await startRig(tmpDir, USERS, {
      BENCH_COSMOS_ENDPOINT: endpoint,
      NODE_EXTRA_CA_CERTS: cert.cert,
    });
    try {
      await raiseCases(rig, casesFor(USERS, ROUNDS + 1, PER_USER));
      for (const s of SYSTEMS) await runRound(rig, s, USERS, PER_USER); // warm-up, not counted
      const rounds: Record<System, Round[]> = { bare: [], bareReplace: [], escalate: [] };
      const storeMs: Record<System, number> = { bare: 0, bareReplace: 0, escalate: 0 };
      for (let i = 0; i < ROUNDS; i++)
        for (const s of SYSTEMS) {
          const before = await cosmos.call('cpuMs');
          rounds[s].push(await runRound(rig, s, USERS, PER_USER));
          storeMs[s] += (await cosmos.call('cpuMs')) - before;
        }
      const systems = {} as Record<System, CpuSplitFigures>;
      for (const s of SYSTEMS) {
        const f = figures(rounds[s]);
        const store = storeMs[s] / f.requests;
        systems[s] = {
          botMs: f.cpuMsPerAction,
          storeMs: round(store, 2),
          storeShare: round(store / (store + f.cpuMsPerAction), 2),
          p99Ms: f.p99Ms,
        };
      }
      const e = systems.escalate;
      log(
        `  Escalate: ${e.botMs} ms bot + ${e.storeMs} ms store CPU per action (store ${round(e.storeShare * 100, 0)} %)`,
      );
      return { users: USERS, rounds: ROUNDS, systems };
    } finally {
      await stopRig(rig);
    }
  } finally {
    await cosmos.stop();
  }
}
