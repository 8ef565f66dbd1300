/** The one module that reads the environment: validated at start, every problem listed at once, frozen. */
import { z } from 'zod';

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const ENV = z.object({
  NODE_ENV: z.string().default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3978),
  HOST: z.string().default('127.0.0.1'),
  MicrosoftAppId: z.string().default(''),
  MicrosoftAppPassword: z.string().default(''),
  MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI', '']).default(''),
  MicrosoftAppTenantId: z.string().default(''),
  COSMOS_ENDPOINT: z.string().default(''),
  COSMOS_KEY: z.string().default(''),
  COSMOS_DATABASE: z.string().default('escalate'),
  PARTNERSHIP_ID: z.string().default('demo'),
  DIRECTORY_FILE: z.string().default(''),
  SWEEP_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  DISPATCH_INTERVAL_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
  /** How long a call to the Bot Connector may take before the bot stops waiting (its outcome is then unknown). */
  CONNECTOR_TIMEOUT_MS: z.coerce.number().int().min(1000).max(120_000).default(30_000),
  /** How long other people's posted case cards wait before being updated, so a burst of actions is one update. */
  CARD_UPDATE_DELAY_MS: z.coerce.number().int().min(0).max(60_000).default(2000),
  RETENTION_REVIEW_MONTHS: z.coerce.number().int().min(1).max(1200).default(84),
  /** Weekly digest to the business office channel: a weekday (moved to the next working day on a bank holiday) or off. */
  DIGEST_DAY: z.enum(['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'off']).default('monday'),
  DIGEST_TIME: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (24-hour, Europe/London)')
    .default('09:00'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Test-only clock control (POST /test/clock); local mode on a loopback HOST only. */
  ESCALATE_TEST_CLOCK: bool.default(false),
  MAX_BODY_BYTES: z.coerce.number().int().min(1024).max(10_000_000).default(262_144),
  /** Application Insights: requests, dependencies, case events and metrics, ids and codes only (README "Telemetry"); off when empty. */
  APPLICATIONINSIGHTS_CONNECTION_STRING: z
    .string()
    .trim()
    .default('')
    .refine(
      (s) => s === '' || /(^|;)\s*InstrumentationKey=[^;\s]+/i.test(s),
      'must be an Application Insights connection string (InstrumentationKey=…;IngestionEndpoint=…)',
    ),
  /** Microsoft Graph (README "Microsoft Graph"): look people up by address, install the app for someone new. */
  GRAPH_ENABLED: bool.default(false),
  /** The app's id in the organisation's app catalog (not the manifest id); empty: no installs through Graph. */
  TEAMS_APP_CATALOG_ID: z
    .string()
    .trim()
    .default('')
    .refine((s) => s === '' || GUID.test(s), 'must be the app catalog id (a GUID)'),
  GRAPH_ENDPOINT: z.string().trim().default('https://graph.microsoft.com'),
});

/**
 * `production` whenever a Bot Framework app id is configured (or NODE_ENV is "production", in any case);
 * `local` otherwise. Local means no authentication, loopback only, the embedded store or a loopback one.
 */
export type Mode = 'local' | 'production';

export type Config = Readonly<
  z.infer<typeof ENV> & {
    mode: Mode;
    /** Same as `mode === 'production'`. */
    production: boolean;
    embeddedStore: boolean;
    /** How the store reaches Cosmos DB: the embedded server, COSMOS_KEY, or the bot's managed identity. */
    cosmosAuth: CosmosAuthMode;
    authEnabled: boolean;
  }
>;

/**
 * `identity`: MicrosoftAppType=UserAssignedMSI with an app id and no COSMOS_KEY. The bot's user-assigned managed
 * identity (client id = MicrosoftAppId) signs in to Cosmos DB with Microsoft Entra tokens and its data-plane role.
 */
export type CosmosAuthMode = 'embedded' | 'key' | 'identity';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
}

/** Parse and check the environment; throws ConfigError listing every problem. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = ENV.safeParse(env);
  if (!parsed.success)
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  const c = parsed.data;
  const mode = modeOf(c);
  const production = mode === 'production';
  const problems: string[] = [];
  if (production) {
    if (!c.MicrosoftAppId) problems.push('MicrosoftAppId is required in production mode');
    if (c.MicrosoftAppType !== 'SingleTenant' && c.MicrosoftAppType !== 'UserAssignedMSI')
      problems.push('MicrosoftAppType must be SingleTenant or UserAssignedMSI in production mode');
    if (!c.MicrosoftAppTenantId) problems.push('MicrosoftAppTenantId is required in production mode');
    if (c.MicrosoftAppType !== 'UserAssignedMSI' && !c.MicrosoftAppPassword)
      problems.push('MicrosoftAppPassword is required in production mode (or use UserAssignedMSI)');
    if (!c.COSMOS_ENDPOINT)
      problems.push('COSMOS_ENDPOINT is required in production mode (the embedded store is memory only)');
    if (c.ESCALATE_TEST_CLOCK)
      problems.push(
        'ESCALATE_TEST_CLOCK is refused in production mode (MicrosoftAppId is set or NODE_ENV is production)',
      );
  } else {
    if (!isLoopbackHost(c.HOST))
      problems.push(
        'without MicrosoftAppId (local mode, no Bot Framework authentication) the bot may only listen on 127.0.0.1, localhost or ::1',
      );
    if (c.ESCALATE_TEST_CLOCK && !isLoopbackHost(c.HOST))
      problems.push('ESCALATE_TEST_CLOCK is allowed only when HOST is a loopback address');
    if (c.COSMOS_ENDPOINT && !isLoopbackUrl(c.COSMOS_ENDPOINT))
      problems.push(
        'COSMOS_ENDPOINT must be a loopback address in local mode (no MicrosoftAppId): real data needs production mode',
      );
  }
  problems.push(...graphProblems(c, production));
  const cosmosAuth = cosmosAuthOf(c, problems);
  if (problems.length) throw new ConfigError(problems);
  return Object.freeze({
    ...c,
    mode,
    production,
    embeddedStore: !c.COSMOS_ENDPOINT,
    cosmosAuth,
    authEnabled: c.MicrosoftAppId !== '',
  });
}

/** A key, or the bot's managed identity (never both, and never the embedded server's key for a real account). */
function cosmosAuthOf(
  c: { COSMOS_ENDPOINT: string; COSMOS_KEY: string; MicrosoftAppType: string; MicrosoftAppId: string },
  problems: string[],
): CosmosAuthMode {
  if (!c.COSMOS_ENDPOINT) return 'embedded';
  const identity = c.MicrosoftAppType === 'UserAssignedMSI' && c.MicrosoftAppId !== '';
  if (identity && c.COSMOS_KEY)
    problems.push(
      'COSMOS_KEY must be empty with MicrosoftAppType=UserAssignedMSI: the managed identity reaches Cosmos DB through its data-plane role, never with a key',
    );
  if (!identity && !c.COSMOS_KEY)
    problems.push(
      'COSMOS_KEY is required with COSMOS_ENDPOINT (or MicrosoftAppType=UserAssignedMSI, whose identity needs no key)',
    );
  return identity ? 'identity' : 'key';
}

/** Graph over HTTPS (plain HTTP only on loopback; local mode reaches no real Graph), and settings that do nothing. */
function graphProblems(
  c: { GRAPH_ENABLED: boolean; GRAPH_ENDPOINT: string; TEAMS_APP_CATALOG_ID: string },
  production: boolean,
): string[] {
  const problems: string[] = [];
  let url: URL | null = null;
  try {
    url = new URL(c.GRAPH_ENDPOINT);
  } catch {
    problems.push('GRAPH_ENDPOINT must be a URL (default https://graph.microsoft.com)');
  }
  if (url && url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname)))
    problems.push('GRAPH_ENDPOINT must be https (plain http only on a loopback address)');
  if (url && c.GRAPH_ENABLED && !production && !isLoopbackHost(url.hostname))
    problems.push('GRAPH_ENABLED in local mode (no MicrosoftAppId) needs a loopback GRAPH_ENDPOINT');
  if (c.TEAMS_APP_CATALOG_ID && !c.GRAPH_ENABLED)
    problems.push('TEAMS_APP_CATALOG_ID does nothing without GRAPH_ENABLED=true');
  return problems;
}

/** The one switch between local and production: an app id (or NODE_ENV=production, in any case) means production. */
function modeOf(c: { MicrosoftAppId: string; NODE_ENV: string }): Mode {
  return c.MicrosoftAppId !== '' || c.NODE_ENV.trim().toLowerCase() === 'production' ? 'production' : 'local';
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/** 127.0.0.1, localhost or ::1 (as a HOST setting, or a URL's hostname). */
export function isLoopbackHost(host: string): boolean {
  return LOOPBACK.has(host.trim().toLowerCase());
}

function isLoopbackUrl(url: string): boolean {
  try {
    return isLoopbackHost(new URL(url).hostname);
  } catch {
    return false;
  }
}

/** `npm start`: the local demo, on 127.0.0.1, from this process's environment; refuses production mode. */
export function loadLocalDemoConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const config = loadConfig({ LOG_LEVEL: 'warn', ...env, HOST: '127.0.0.1' });
  if (config.production)
    throw new ConfigError(['npm start is the local demo (no MicrosoftAppId); use npm run bot in production']);
  return config;
}

/** The configuration with secrets masked, for the start-up log. */
export function redacted(c: Config): Record<string, unknown> {
  const mask = (v: string) => (v ? '***' : '(empty)');
  return {
    ...c,
    MicrosoftAppPassword: mask(c.MicrosoftAppPassword),
    COSMOS_KEY: mask(c.COSMOS_KEY),
    APPLICATIONINSIGHTS_CONNECTION_STRING: mask(c.APPLICATIONINSIGHTS_CONNECTION_STRING),
  };
}

/**
 * Settings the Azure Monitor SDK reads only from the environment, set just before it starts: no statsbeat and no
 * SDK stats (reports about the SDK itself; statsbeat goes to Microsoft's own endpoints), so telemetry goes to
 * the configured Application Insights resource and nowhere else; and "escalate" as the cloud role name unless
 * OTEL_SERVICE_NAME names it.
 */
export function setTelemetrySdkEnvironment(env: NodeJS.ProcessEnv = process.env): void {
  env.APPLICATION_INSIGHTS_NO_STATSBEAT = 'true';
  env.APPLICATIONINSIGHTS_STATSBEAT_DISABLED = 'true';
  env.APPLICATIONINSIGHTS_SDKSTATS_DISABLED = 'true';
  env.OTEL_SERVICE_NAME ||= 'escalate';
}

/** The environment for a child process the local start launches (the Agents Playground): ours, plus `extra`. */
export function childProcessEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return { ...process.env, ...extra };
}
