/** Composition root: config → store → directory → service → Teams edge → server → background loops. */
import { randomUUID } from 'node:crypto';
import type { TokenCredential } from '@azure/identity';
import type { ConfigurationBotFrameworkAuthenticationOptions } from 'botbuilder';
import type { CaseDoc } from './app/caseDocument';
import { CaseService } from './app/caseService';
import { Clock } from './app/clock';
import { HeadCopier } from './app/headCopier';
import { ProcedureCatalog } from './app/procedures';
import { RecentCases } from './app/recentCases';
import { Conversations } from './bot/conversations';
import type { TeamsSender } from './bot/sender';
import { startBackground, type Background } from './compose/background';
import { directoryCache, loadDirectory } from './compose/directory';
import { botContext, createAdapter, teamsEdge } from './compose/teams';
import type { Config } from './config';
import { createLogger, type Logger } from './log';
import type { Loop } from './scheduler/loop';
import { listen, type createServer } from './server';
import { configuredStoreOptions, openStore, type Store } from './store/cosmos';
import { reportCaseEvents, type Committed } from './telemetry/lifecycle';
import { startTelemetry } from './telemetry/start';
import type { Telemetry } from './telemetry/telemetry';

export interface AppOptions {
  config: Config;
  log?: Logger;
  clock?: Clock;
  store?: Store;
  /** Extra Bot Framework auth settings (tests point the OpenID metadata at a local server). */
  auth?: Partial<ConfigurationBotFrameworkAuthenticationOptions>;
  /** How the connector client and the dispatcher wait (real timers; tests pass a virtual clock's). */
  sleep?: (ms: number) => Promise<void>;
  /** Microsoft Graph's credential (tests: a fixed token for a fake Graph); else the bot's identity. */
  graphCredential?: TokenCredential;
  /** Add routes before the server listens (the local start and the tests: src/local/testHooks.ts). */
  extend?: (server: Server, app: Extensible) => void;
}

export type Server = ReturnType<typeof createServer>;

/** What an extension may use. */
export interface Extensible {
  config: Config;
  clock: Clock;
  log: Logger;
  sweep: Loop;
  dispatch: Loop;
}

export interface App extends Extensible {
  url: string;
  port: number;
  store: Store;
  /** The pieces the background loops use, so tests and benchmarks can run extra instances of them. */
  parts: { service: CaseService; sender: TeamsSender; heads: HeadCopier };
  /** Application Insights when configured (APPLICATIONINSIGHTS_CONNECTION_STRING), else a no-op. */
  telemetry: Telemetry;
  close(): Promise<void>;
}

export const LOCAL_BANNER = 'Local demo — not for real cases';

export async function startApp(opts: AppOptions): Promise<App> {
  // first, so that the start's own requests to the store are recorded too
  const telemetry = await startTelemetry(opts.config);
  try {
    return await assemble(opts, telemetry);
  } catch (e) {
    await telemetry.shutdown();
    throw e;
  }
}

async function assemble(opts: AppOptions, telemetry: Telemetry): Promise<App> {
  const { config } = opts;
  const log = opts.log ?? createLogger(config.LOG_LEVEL);
  const clock = config.production
    ? fixedClock(opts.clock)
    : (opts.clock ?? new Clock(Date.now, config.ESCALATE_TEST_CLOCK));
  const now = () => clock.now();
  const store = opts.store ?? (await openConfiguredStore(config, log));
  await loadDirectory(config, store, log);
  const { directory, procedures, heads, recent, service } = application(store, now, telemetry);
  const conversations = new Conversations(store.conversations);
  const adapter = createAdapter(config, log, opts);
  const banner = store.embedded || !config.authEnabled ? LOCAL_BANNER : '';
  let background: Background | null = null;
  const ctx = botContext({
    partnershipId: config.PARTNERSHIP_ID,
    banner,
    cases: store.cases,
    service,
    procedures,
    directory,
    directories: store.directory,
    conversations,
    now,
    log,
    kick: () => background?.dispatch.kick(),
  });
  const { sender, server } = teamsEdge({
    config,
    log,
    adapter,
    ctx,
    conversations,
    ready: () => store.ping(),
    graphCredential: opts.graphCredential,
  });
  background = startBackground({
    config,
    cases: store.cases.background,
    jobs: store.settings,
    service,
    sender,
    procedures,
    directory,
    now,
    sleep: opts.sleep,
    instanceId: randomUUID(),
    log,
    banner,
    onSaved: (doc) => recent.put(doc),
    telemetry,
  });
  const { sweep, dispatch } = background;
  opts.extend?.(server, { config, clock, log, sweep, dispatch });
  const running = await listen(server, config.HOST, config.PORT);
  log.info(
    { event: 'started', url: running.url, embeddedStore: store.embedded, auth: config.authEnabled },
    'Escalate is listening',
  );
  return {
    url: running.url,
    port: running.port,
    store,
    config,
    clock,
    log,
    sweep,
    dispatch,
    parts: { service, sender, heads },
    telemetry,
    close: () => closeAll({ sweep, dispatch, running, heads, store, telemetry }),
  };
}

/** The application layer over the store: every command goes through the service (and is told to telemetry). */
function application(store: Store, now: () => Date, telemetry: Telemetry) {
  const directory = directoryCache(store.directory);
  const procedures = new ProcedureCatalog(store.settings);
  const heads = new HeadCopier(store.settings);
  const recent = new RecentCases<CaseDoc>();
  const onCommitted = (r: Committed) => reportCaseEvents(telemetry, r);
  const service = new CaseService({
    cases: store.cases,
    procedures,
    directory,
    now,
    heads,
    recent,
    onCommitted,
  });
  return { directory, procedures, heads, recent, service };
}

/** Stop in this order: the loops, the server (requests in flight finish), the stores, then telemetry (it has all). */
async function closeAll(p: {
  sweep: Loop;
  dispatch: Loop;
  running: { close(): Promise<void> };
  heads: HeadCopier;
  store: Store;
  telemetry: Telemetry;
}): Promise<void> {
  await p.sweep.stop();
  await p.dispatch.stop();
  await p.running.close();
  await p.heads.flush();
  await p.store.close();
  await p.telemetry.shutdown();
}

function openConfiguredStore(config: Config, log: Logger): Promise<Store> {
  return openStore({ ...configuredStoreOptions(config), log: (m) => log.warn({ event: 'store' }, m) });
}

/** Production mode never has a movable clock (so no /test/clock); a clock a test passes in is only read. */
function fixedClock(given?: Clock): Clock {
  return given?.adjustable ? new Clock(() => given.now().getTime()) : (given ?? new Clock());
}
