/**
 * Bot Framework authentication with two changes: every failure to authenticate is a 401, never a 500, and
 * the connector clients it makes retry as connectorPolicy says (never blindly after a dropped connection).
 */
import { type Activity, type CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import type { Pipeline } from '@azure/core-rest-pipeline';
import {
  AuthenticationError,
  type AuthenticateRequestResult,
  type BotFrameworkAuthentication,
  type ClaimsIdentity,
  type ConnectorClient,
  ConnectorFactory,
} from 'botframework-connector';
import { adjustPipeline, type Sleep } from './connectorPolicy';

export { MAX_CLIENT_RETRY_AFTER_MS } from './connectorPolicy';

interface ConnectorSettings {
  timeoutMs: number;
  /** How the client waits out a Retry-After or a backoff (real timers unless a test passes its own). */
  sleep?: Sleep;
}

/** The connector client with our retries (see connectorPolicy) and a time-out. */
function careful(client: ConnectorClient, settings: ConnectorSettings): ConnectorClient {
  const pipeline = (client as unknown as { client?: { pipeline?: Pipeline } }).client?.pipeline;
  if (!pipeline) throw new Error('the connector client has no pipeline to adjust');
  adjustPipeline(pipeline, settings.timeoutMs, { sleep: settings.sleep });
  return client;
}

class CarefulConnectorFactory extends ConnectorFactory {
  constructor(
    private readonly inner: ConnectorFactory,
    private readonly settings: ConnectorSettings,
  ) {
    super();
  }

  async create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
    return careful(await this.inner.create(serviceUrl, audience), this.settings);
  }
}

export class StrictAuthentication extends ConfigurationBotFrameworkAuthentication {
  constructor(
    settings: ConstructorParameters<typeof ConfigurationBotFrameworkAuthentication>[0],
    private readonly opts: { connectorTimeoutMs?: number; sleep?: Sleep } = {},
  ) {
    super(settings);
  }

  private get connector(): ConnectorSettings {
    return { timeoutMs: this.opts.connectorTimeoutMs ?? 30_000, sleep: this.opts.sleep };
  }

  // e.g. a token whose signature does not verify surfaces as a plain Error, which CloudAdapter answers with 500
  override async authenticateRequest(
    ...args: Parameters<ConfigurationBotFrameworkAuthentication['authenticateRequest']>
  ): Promise<AuthenticateRequestResult> {
    try {
      const result = await super.authenticateRequest(...args);
      const factory = result.connectorFactory;
      return { ...result, connectorFactory: factory && new CarefulConnectorFactory(factory, this.connector) };
    } catch (e) {
      throw e instanceof AuthenticationError
        ? e
        : new AuthenticationError('Unauthorized: the token could not be verified', 401);
    }
  }

  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return new CarefulConnectorFactory(super.createConnectorFactory(claimsIdentity), this.connector);
  }
}

/** Checks a request's Authorization header for its activity; rejects (AuthenticationError) when it fails. */
export type RequestAuthenticator = (
  activity: Activity,
  authHeader: string,
) => Promise<AuthenticateRequestResult>;

/**
 * The adapter's own authenticator, so the edge can authenticate a request before it looks at the tenant (an
 * unauthenticated caller then learns nothing from the answer). The adapter authenticates it again in
 * process(): a signature check against keys it has already fetched.
 */
export function requestAuthenticator(adapter: CloudAdapter): RequestAuthenticator {
  // protected in CloudAdapterBase, and the only instance holding this adapter's settings
  const auth = (adapter as unknown as { botFrameworkAuthentication?: BotFrameworkAuthentication })
    .botFrameworkAuthentication;
  if (!auth) throw new Error('the adapter has no Bot Framework authentication');
  return (activity, authHeader) => auth.authenticateRequest(activity, authHeader);
}
