/** The background loops: the deadline sweep (with the weekly digest) and the outbox dispatcher. */
import type { CaseDoc } from '../app/caseDocument';
import type { CaseService } from '../app/caseService';
import type { CaseStore, JobStore } from '../app/ports';
import type { ProcedureCatalog } from '../app/procedures';
import type { ReportFigures } from '../app/report';
import { literal } from '../bot/cards/literal';
import { expand } from '../bot/cards/render';
import { reportView } from '../bot/cards/report';
import { MAX_CLIENT_RETRY_AFTER_MS } from '../bot/authentication';
import type { TeamsSender } from '../bot/sender';
import type { Config } from '../config';
import { Dispatcher } from '../delivery/dispatcher';
import type { Directory } from '../domain/directory';
import type { Logger } from '../log';
import { startLoop, type Loop } from '../scheduler/loop';
import { sweepOnce } from '../scheduler/sweep';
import { digestTicker } from '../scheduler/weeklyDigest';
import type { Telemetry } from '../telemetry/telemetry';

export interface BackgroundParts {
  config: Config;
  /** The store on its patient (background) connection profile. */
  cases: CaseStore;
  jobs: JobStore;
  service: CaseService;
  sender: TeamsSender;
  procedures: ProcedureCatalog;
  directory: (partnershipId: string) => Promise<Directory>;
  now: () => Date;
  sleep?: (ms: number) => Promise<void>;
  instanceId: string;
  log: Logger;
  banner: string;
  /** Told of every write the dispatcher makes. */
  onSaved: (doc: CaseDoc) => void;
  telemetry?: Telemetry;
}

export interface Background {
  sweep: Loop;
  dispatch: Loop;
}

/** Start both loops; the sweep wakes the dispatcher when it fired something. */
export function startBackground(p: BackgroundParts): Background {
  const { config, now, instanceId, log } = p;
  const dispatcher = new Dispatcher({
    cases: p.cases,
    sender: p.sender,
    now,
    sleep: p.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms))),
    instanceId,
    log,
    cardUpdateDelayMs: config.CARD_UPDATE_DELAY_MS,
    leaseMs: sendLeaseMs(config.CONNECTOR_TIMEOUT_MS),
    onSaved: p.onSaved,
    telemetry: p.telemetry,
  });
  const digest = digestTicker({
    partnershipId: config.PARTNERSHIP_ID,
    day: config.DIGEST_DAY,
    time: config.DIGEST_TIME,
    jobs: p.jobs,
    cases: p.cases,
    procedures: p.procedures,
    directory: p.directory,
    render: (figures: ReportFigures, dir: Directory) =>
      expand(
        'reportCard',
        reportView(figures, {
          banner: p.banner,
          title: `${literal(dir.partnership.name)}: weekly digest`,
          showLearningText: false,
          periodButtons: false,
        }),
      ),
    post: (partnershipId, card) => p.sender.postToChannelOf(partnershipId, card),
    now,
    instanceId,
    log,
  });
  let dispatch: Loop | null = null;
  const sweepDeps = { cases: p.cases, service: p.service, now, instanceId, log, telemetry: p.telemetry };
  const sweep = startLoop(
    'sweep',
    config.SWEEP_INTERVAL_SECONDS * 1000,
    async () => {
      const r = await sweepOnce(sweepDeps);
      if (r.fired) dispatch?.kick();
      await digest();
    },
    log,
  );
  dispatch = startLoop('dispatch', config.DISPATCH_INTERVAL_MS, () => dispatcher.drainOnce(), log);
  return { sweep, dispatch };
}

/**
 * How long a message stays leased to the instance sending it: longer than one send can take, so another
 * instance only takes over from one that died. A send is at most two call series (the message, then the
 * fallback @mention), each up to 4 attempts of at most `timeoutMs` plus the client's waits (3 Retry-Afters
 * of at most 10 s, and its backoff). Were it to run out anyway, the outcome first recorded is kept.
 */
export function sendLeaseMs(timeoutMs: number): number {
  return 2 * (4 * timeoutMs + 3 * MAX_CLIENT_RETRY_AFTER_MS + 15_000);
}
