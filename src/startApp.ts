/** Composition root: config → store → directory → service → Teams edge → server → background loops. */
import { literal } from './bot/cards/literal';
import { randomUUID } from 'node:crypto';
import { CloudAdapter, type ConfigurationBotFrameworkAuthenticationOptions } from 'botbuilder';
import { CaseService, type CaseDoc } from './app/caseService';
import { RecentCases } from './app/recentCases';
import { HeadCopier } from './app/headCopier';
import { MAX_CLIENT_RETRY_AFTER_MS, StrictAuthentication, requestAuthenticator } from './bot/authentication';
import { Clock } from './app/clock';
import { demoDirectory, readDirectoryFile } from './app/directoryFile';
import { ProcedureCatalog } from './app/procedures';
import { cardsFor, outgoingCards } from './bot/cards/cards';
import type { BotContext } from './bot/context';
import { Conversations } from './bot/conversations';
import { CardRouter } from './bot/router';
import { TeamsSender } from './bot/sender';
import { statusOf } from './bot/connectorOutcome';
import { EscalateBot } from './bot/teamsBot';
import type { Config } from './config';
import type { Directory } from './domain/directory';
import { createLogger, type Logger } from './log';
import { Dispatcher } from './scheduler/dispatch';
import { startLoop, type Loop } from './scheduler/loop';
import { digestTicker } from './scheduler/digest';
import { sweepOnce } from './scheduler/sweep';
import { expand } from './bot/cards/render';
import { reportView } from './bot/cards/report';
import { createServer, listen } from './server';
import { openStore, type Store } from './store/cosmos';

export interface AppOptions {
  config: Config;
  log?: Logger;
  clock?: Clock;
  store?: Store;
  /** Extra Bot Framework auth settings (tests point the OpenID metadata at a local server). */
  auth?: Partial<ConfigurationBotFrameworkAuthenticationOptions>;
}

export interface App {
  url: string;
  port: number;
  store: Store;
  clock: Clock;
  log: Logger;
  sweep: Loop;
  dispatch: Loop;
  /** The pieces the background loops use, so tests and benchmarks can run extra instances of them. */
  parts: { service: CaseService; sender: TeamsSender; heads: HeadCopier };
  close(): Promise<void>;
}

export const LOCAL_BANNER = 'Local demo — not for real cases';

async function loadDirectory(config: Config, store: Store, log: Logger): Promise<void> {
  if (store.embedded) {
    const dir = config.DIRECTORY_FILE ? readDirectoryFile(config.DIRECTORY_FILE) : demoDirectory();
    if (dir.partnership.id !== config.PARTNERSHIP_ID)
      throw new Error(
        `the directory is for partnership "${dir.partnership.id}", but PARTNERSHIP_ID is "${config.PARTNERSHIP_ID}"`,
      );
    await store.directory.save(dir);
    log.info(
      { event: 'directoryLoaded', people: dir.people.length, agencies: dir.agencies.length },
      'directory loaded into the embedded store',
    );
  } else if (!(await store.directory.load(config.PARTNERSHIP_ID))) {
    throw new Error(
      `no directory stored for partnership "${config.PARTNERSHIP_ID}": run "escalate directory import <file>" first`,
    );
  }
}

/** Directory reads are frequent and changes rare: cache briefly (the store stays the source of truth). */
function directoryCache(
  store: Store,
  ttlMs = 30_000,
): ((id: string) => Promise<Directory>) & { forget(id: string): void } {
  const cache = new Map<string, { at: number; dir: Promise<Directory> }>();
  const load = (id: string) => {
    const hit = cache.get(id);
    if (hit && Date.now() - hit.at < ttlMs) return hit.dir;
    const dir = store.directory.load(id).then((d) => {
      if (!d) throw new Error(`no directory for partnership ${id}`);
      return d;
    });
    dir.catch(() => cache.delete(id));
    cache.set(id, { at: Date.now(), dir });
    return dir;
  };
  return Object.assign(load, { forget: (id: string) => void cache.delete(id) });
}

export async function startApp(opts: AppOptions): Promise<App> {
  const { config } = opts;
  const log = opts.log ?? createLogger(config.LOG_LEVEL);
  const clock = config.production
    ? fixedClock(opts.clock)
    : (opts.clock ?? new Clock(Date.now, config.ESCALATE_TEST_CLOCK));
  const store =
    opts.store ??
    (await openStore({
      endpoint: config.COSMOS_ENDPOINT || undefined,
      key: config.COSMOS_KEY,
      databaseId: config.COSMOS_DATABASE,
      log: (m) => log.warn({ event: 'store' }, m),
    }));
  await loadDirectory(config, store, log);
  const directory = directoryCache(store);
  const procedures = new ProcedureCatalog(store.settings);
  const now = () => clock.now();
  const heads = new HeadCopier(store.settings);
  const recent = new RecentCases<CaseDoc>();
  const service = new CaseService({ cases: store.cases, procedures, directory, now, heads, recent });
  const conversations = new Conversations(store.conversations);
  const adapter = new CloudAdapter(
    new StrictAuthentication(
      {
        MicrosoftAppId: config.MicrosoftAppId,
        MicrosoftAppPassword: config.MicrosoftAppPassword,
        MicrosoftAppType: config.MicrosoftAppType || undefined,
        MicrosoftAppTenantId: config.MicrosoftAppTenantId,
        ...opts.auth,
      },
      { connectorTimeoutMs: config.CONNECTOR_TIMEOUT_MS },
    ),
  );
  adapter.onTurnError = async (_ctx, error) => {
    const code = (error as { code?: unknown }).code;
    log.error(
      {
        event: 'turnError',
        err: error.name,
        status: statusOf(error),
        code: typeof code === 'string' ? code : undefined,
      },
      'turn failed',
    );
    return Promise.resolve();
  };
  const instanceId = randomUUID();
  let dispatch: Loop | null = null;
  const ctx: BotContext = {
    partnershipId: config.PARTNERSHIP_ID,
    banner: store.embedded || !config.authEnabled ? LOCAL_BANNER : '',
    cases: store.cases,
    service,
    procedures,
    directory,
    now,
    log,
    kick: () => dispatch?.kick(),
    refreshUserIds: async (c) => {
      const ids = await Promise.all(
        c.stage.participants.map(async (p) => (await conversations.forPerson(p.personId))?.userId),
      );
      return ids.filter((x): x is string => typeof x === 'string').slice(0, 60);
    },
    newCaseId: () => randomUUID(),
    delegations: {
      async save(partnershipId, d) {
        await store.directory.saveDelegation(partnershipId, d);
        directory.forget(partnershipId);
      },
      async remove(partnershipId, personId) {
        await store.directory.removeDelegation(partnershipId, personId);
        directory.forget(partnershipId);
      },
    },
  };
  const cards = cardsFor(ctx);
  const sender = new TeamsSender({
    adapter,
    appId: config.MicrosoftAppId,
    tenantId: config.MicrosoftAppTenantId,
    conversations,
    directory,
    cards: outgoingCards(ctx, cards),
  });
  const dispatcher = new Dispatcher({
    cases: store.cases.background,
    sender,
    now,
    sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
    instanceId,
    log,
    cardUpdateDelayMs: config.CARD_UPDATE_DELAY_MS,
    leaseMs: sendLeaseMs(config.CONNECTOR_TIMEOUT_MS),
    onSaved: (doc) => recent.put(doc),
  });
  const bot = new EscalateBot(new CardRouter(ctx), conversations, log, (personId, card, reach) =>
    sender.toPerson(personId, card, reach),
  );
  const server = createServer({
    config,
    log,
    adapter,
    bot,
    ready: () => store.ping(),
    authenticate: requestAuthenticator(adapter),
  });
  const digest = digestTicker({
    partnershipId: config.PARTNERSHIP_ID,
    day: config.DIGEST_DAY,
    time: config.DIGEST_TIME,
    jobs: store.settings,
    cases: store.cases.background,
    procedures,
    directory,
    render: (figures, dir) =>
      expand(
        'reportCard',
        reportView(figures, {
          banner: ctx.banner,
          title: `${literal(dir.partnership.name)}: weekly digest`,
          showLearningText: false,
          periodButtons: false,
        }),
      ),
    post: (partnershipId, card) => sender.postToChannelOf(partnershipId, card),
    now,
    instanceId,
    log,
  });
  const sweepDeps = { cases: store.cases.background, service, now, instanceId, log };
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
  if (clock.adjustable) registerTestClock(server, clock, sweep, dispatch, log);
  const running = await listen(server, config.HOST, config.PORT);
  log.info(
    { event: 'started', url: running.url, embeddedStore: store.embedded, auth: config.authEnabled },
    'Escalate is listening',
  );
  return {
    url: running.url,
    port: running.port,
    store,
    clock,
    log,
    sweep,
    dispatch,
    parts: { service, sender, heads },
    async close() {
      await sweep.stop();
      await dispatch?.stop();
      await running.close();
      await heads.flush();
      await store.close();
    },
  };
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

/** Production mode never has a movable clock (so no /test/clock); a clock a test passes in is only read. */
function fixedClock(given?: Clock): Clock {
  return given?.adjustable ? new Clock(() => given.now().getTime()) : (given ?? new Clock());
}

/** Test-only: move the bot's clock forward, then sweep and deliver. Local mode only (config refuses it otherwise). */
function registerTestClock(
  server: ReturnType<typeof createServer>,
  clock: Clock,
  sweep: Loop,
  dispatch: Loop,
  log: Logger,
): void {
  log.warn({ event: 'testClock' }, 'TEST CLOCK ENABLED: POST /test/clock can move time forward');
  server.post('/test/clock', async (req, res) => {
    const to = new Date((req.body as { advanceTo?: string } | undefined)?.advanceTo ?? '');
    if (Number.isNaN(to.getTime())) {
      res.send(400, { error: 'advanceTo must be an ISO instant' });
      return;
    }
    clock.advanceTo(to);
    await sweep.runNow();
    await dispatch.runNow();
    res.send(200, { now: clock.now().toISOString() });
  });
}
