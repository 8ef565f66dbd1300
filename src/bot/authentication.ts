/**
 * Bot Framework authentication with two changes: every failure to authenticate is a 401, never a 500, and
 * connector calls are never sent again blindly after a dropped connection.
 */
import { ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { type Pipeline, exponentialRetryPolicy, throttlingRetryPolicy } from '@azure/core-rest-pipeline';
import {
  AuthenticationError,
  type AuthenticateRequestResult,
  type ClaimsIdentity,
  type ConnectorClient,
  ConnectorFactory,
} from 'botframework-connector';

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
  pipeline.addPolicy(throttlingRetryPolicy(), { phase: 'Retry' });
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
