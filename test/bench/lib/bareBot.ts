/**
 * The baseline: a bare Bot Framework bot in the same harness as Escalate — restify with the same body parser,
 * CloudAdapter with the same authentication settings — whose `adaptiveCard/action` does one point read from
 * the same store and answers with a fixed card.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import restify from 'restify';
import {
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  CloudAdapter,
  TeamsActivityHandler,
  type TurnContext,
} from 'botbuilder';
import { StrictAuthentication } from '../../../src/bot/authentication';
import type { Config } from '../../../src/config';
import { jsonBody } from '../../../src/server';

/** Reads one case by id (a Cosmos point read). */
export type PointRead = (caseId: string) => Promise<unknown>;

const FIXED_CARD = {
  type: 'AdaptiveCard',
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
  version: '1.5',
  body: [{ type: 'TextBlock', text: 'Saved.', wrap: true }],
};

class BareBot extends TeamsActivityHandler {
  constructor(private readonly read: PointRead) {
    super();
  }

  protected override async onAdaptiveCardInvoke(
    _ctx: TurnContext,
    value: AdaptiveCardInvokeValue,
  ): Promise<AdaptiveCardInvokeResponse> {
    const caseId = (value.action?.data as { caseId?: unknown } | undefined)?.caseId;
    await this.read(typeof caseId === 'string' ? caseId : '');
    return { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: FIXED_CARD };
  }
}

export interface RunningBareBot {
  url: string;
  close(): Promise<void>;
}

/**
 * Start the bare bot on 127.0.0.1 (`port`, 0 for ephemeral) with Escalate's auth and body-size settings;
 * with `ready`, it also answers GET /readyz like Escalate (200 when the store answers).
 */
export async function startBareBot(
  config: Config,
  read: PointRead,
  ready?: () => Promise<boolean>,
  port = 0,
): Promise<RunningBareBot> {
  const adapter = new CloudAdapter(
    new StrictAuthentication({
      MicrosoftAppId: config.MicrosoftAppId,
      MicrosoftAppPassword: config.MicrosoftAppPassword,
      MicrosoftAppType: config.MicrosoftAppType || undefined,
      MicrosoftAppTenantId: config.MicrosoftAppTenantId,
    }),
  );
  const bot = new BareBot(read);
  const server = restify.createServer({ name: 'bare', handleUncaughtExceptions: false });
  // the same body reader as the app (JSON only, streamed limit): the baseline does the same work
  server.use(jsonBody(config.MAX_BODY_BYTES));
  server.post('/api/messages', async (req, res) => {
    await adapter.process(req, res, (context) => bot.run(context));
  });
  if (ready)
    server.get('/readyz', async (_req, res) => {
      const ok = await ready().catch(() => false);
      res.send(ok ? 200 : 503, { status: ok ? 'ready' : 'store unreachable' });
    });
  await new Promise<void>((resolve) => {
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const actual = ((server.server as Server).address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${actual}`,
    close: () =>
      new Promise<void>((resolve) => {
        (server.server as Server).closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
