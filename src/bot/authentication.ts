/**
 * Bot Framework authentication with two changes: every failure to authenticate is a 401, never a 500, and
 * connector calls are never sent again blindly after a dropped connection.
 */
import { type Activity, type CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import {
  type PipelinePolicy,
  type Pipeline,
  exponentialRetryPolicy,
  retryPolicy,
} from '@azure/core-rest-pipeline';
import {
  AuthenticationError,
  type AuthenticateRequestResult,
  type BotFrameworkAuthentication,
  type ClaimsIdentity,
  type ConnectorClient,
  ConnectorFactory,
} from 'botframework-connector';
import { retryAfterMs } from './connectorOutcome';

/**
 * The longest Retry-After the client waits out itself. A longer one is handed back to the dispatcher, which
 * holds the conversation until then without keeping the message leased (a lease that ran out during a long
 * wait would let another instance settle the message as unknown).
 */
export const MAX_CLIENT_RETRY_AFTER_MS = 10_000;

/** 429/503 with a short Retry-After: waited out here, up to 3 times. */
function shortThrottlingRetryPolicy(): PipelinePolicy {
  const inner = retryPolicy(
    [
      {
        name: 'escalateShortThrottling',
        retry: ({ response }) => {
          const throttled = response?.status === 429 || response?.status === 503;
          const wait = throttled ? retryAfterMs(response) : undefined;
          return wait === undefined || wait > MAX_CLIENT_RETRY_AFTER_MS
            ? { skipStrategy: true }
            : { retryAfterInMs: wait };
        },
      },
    ],
    { maxRetries: 3 },
  );
  return {
    name: 'escalateShortThrottlingRetryPolicy',
    sendRequest: (request, next) => inner.sendRequest(request, next),
  };
}

/**
 * The connector client's default retry policy also re-sends a request whose connection dropped, which for
 * a new message (a POST) may deliver it twice. Keep its retries after 429 and 5xx answers (the connector
 * said it did not take the message) and leave dropped connections to the dispatcher, which records the
 * message as unconfirmed instead of sending it again.
 */
function careful(client: ConnectorClient, timeoutMs: number): ConnectorClient {
  const pipeline = (client as unknown as { client?: { pipeline?: Pipeline } }).client?.pipeline;
  if (!pipeline) throw new Error('the connector client has no pipeline to adjust');
  pipeline.removePolicy({ name: 'defaultRetryPolicy' });
  pipeline.addPolicy(shortThrottlingRetryPolicy(), { phase: 'Retry' });
  pipeline.addPolicy(exponentialRetryPolicy(), { phase: 'Retry' });
  // the client waits forever by default: one connector call that never answers would stall every delivery
  pipeline.addPolicy({
    name: 'escalateConnectorTimeout',
    sendRequest: (request, next) => {
      request.timeout = request.timeout || timeoutMs;
      return next(request);
    },
  });
  return client;
}

class CarefulConnectorFactory extends ConnectorFactory {
  constructor(
    private readonly inner: ConnectorFactory,
    private readonly timeoutMs: number,
  ) {
    super();
  }

  async create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
    return careful(await this.inner.create(serviceUrl, audience), this.timeoutMs);
  }
}

export class StrictAuthentication extends ConfigurationBotFrameworkAuthentication {
  constructor(
    settings: ConstructorParameters<typeof ConfigurationBotFrameworkAuthentication>[0],
    private readonly opts: { connectorTimeoutMs?: number } = {},
  ) {
    super(settings);
  }

  private get timeoutMs(): number {
    return this.opts.connectorTimeoutMs ?? 30_000;
  }

  // e.g. a token whose signature does not verify surfaces as a plain Error, which CloudAdapter answers with 500
  override async authenticateRequest(
    ...args: Parameters<ConfigurationBotFrameworkAuthentication['authenticateRequest']>
  ): Promise<AuthenticateRequestResult> {
    try {
      const result = await super.authenticateRequest(...args);
      const factory = result.connectorFactory;
      return { ...result, connectorFactory: factory && new CarefulConnectorFactory(factory, this.timeoutMs) };
    } catch (e) {
      throw e instanceof AuthenticationError
        ? e
        : new AuthenticationError('Unauthorized: the token could not be verified', 401);
    }
  }

  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return new CarefulConnectorFactory(super.createConnectorFactory(claimsIdentity), this.timeoutMs);
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
