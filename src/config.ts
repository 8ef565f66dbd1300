/** The one module that reads the environment: validated at start, every problem listed at once, frozen. */
import { z } from 'zod';

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

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
  /** Test-only clock control; refused in production. */
  ESCALATE_TEST_CLOCK: bool.default(false),
  MAX_BODY_BYTES: z.coerce.number().int().min(1024).max(10_000_000).default(262_144),
});

export type Config = Readonly<
  z.infer<typeof ENV> & {
    production: boolean;
    embeddedStore: boolean;
    authEnabled: boolean;
  }
>;

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
  const production = c.NODE_ENV === 'production';
  const problems: string[] = [];
  if (production) {
    if (!c.MicrosoftAppId) problems.push('MicrosoftAppId is required in production');
    if (c.MicrosoftAppType !== 'SingleTenant' && c.MicrosoftAppType !== 'UserAssignedMSI')
      problems.push('MicrosoftAppType must be SingleTenant or UserAssignedMSI in production');
    if (!c.MicrosoftAppTenantId) problems.push('MicrosoftAppTenantId is required in production');
    if (c.MicrosoftAppType !== 'UserAssignedMSI' && !c.MicrosoftAppPassword)
      problems.push('MicrosoftAppPassword is required in production (or use UserAssignedMSI)');
    if (!c.COSMOS_ENDPOINT)
      problems.push('COSMOS_ENDPOINT is required in production (the embedded store is memory only)');
    if (c.COSMOS_ENDPOINT && !c.COSMOS_KEY && c.MicrosoftAppType !== 'UserAssignedMSI')
      problems.push('COSMOS_KEY is required unless a managed identity is used');
    if (c.ESCALATE_TEST_CLOCK) problems.push('ESCALATE_TEST_CLOCK must not be set in production');
  }
  if (!c.MicrosoftAppId && c.HOST !== '127.0.0.1' && c.HOST !== 'localhost' && c.HOST !== '::1')
    problems.push(
      'without MicrosoftAppId (no Bot Framework authentication) the bot may only listen on 127.0.0.1',
    );
  if (c.MicrosoftAppId && !c.MicrosoftAppTenantId)
    problems.push('MicrosoftAppTenantId is required with MicrosoftAppId');
  if (problems.length) throw new ConfigError(problems);
  return Object.freeze({
    ...c,
    production,
    embeddedStore: !c.COSMOS_ENDPOINT,
    authEnabled: c.MicrosoftAppId !== '',
  });
}

/** The configuration with secrets masked, for the start-up log. */
export function redacted(c: Config): Record<string, unknown> {
  const mask = (v: string) => (v ? '***' : '(empty)');
  return { ...c, MicrosoftAppPassword: mask(c.MicrosoftAppPassword), COSMOS_KEY: mask(c.COSMOS_KEY) };
}
