/** restify edge: /api/messages through CloudAdapter, health and readiness, body limits, tenant binding. */
import type { Server } from 'node:http';
import restify from 'restify';
import type { CloudAdapter, ActivityHandler } from 'botbuilder';
import type { Config } from './config';
import type { Logger } from './log';

export interface ServerDeps {
  config: Config;
  log: Logger;
  adapter: CloudAdapter;
  bot: ActivityHandler;
  ready: () => Promise<boolean>;
}

export interface RunningServer {
  server: restify.Server;
  url: string;
  port: number;
  /** Stop accepting, then wait (bounded) for requests in flight to finish. */
  close(): Promise<void>;
}

/** The minimum an activity must have before it reaches the adapter; anything else is a 400. */
export function activityProblem(body: Record<string, unknown>): string | null {
  const obj = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v);
  if (typeof body.type !== 'string' || body.type === '') return 'type';
  if (typeof body.serviceUrl !== 'string' || !/^https?:\/\//.test(body.serviceUrl)) return 'serviceUrl';
  if (!obj(body.conversation) || typeof body.conversation.id !== 'string') return 'conversation';
  if (!obj(body.from) || typeof body.from.id !== 'string') return 'from';
  if (body.text !== undefined && typeof body.text !== 'string') return 'text';
  if (body.type === 'invoke' && typeof body.name !== 'string') return 'name';
  for (const k of ['channelData', 'recipient', 'value'] as const)
    if (body[k] !== undefined && body[k] !== null && typeof body[k] !== 'object') return k;
  return null;
}

function tenantOf(body: unknown): string | undefined {
  const b = body as
    { channelData?: { tenant?: { id?: unknown } }; conversation?: { tenantId?: unknown } } | undefined;
  const id = b?.channelData?.tenant?.id ?? b?.conversation?.tenantId;
  return typeof id === 'string' ? id : undefined;
}

/** An id-shaped string (GUIDs, Teams ids), else null: a forged field never reaches the log as free text. */
const idOrNull = (v: unknown): string | null =>
  typeof v === 'string' && /^[A-Za-z0-9:._@-]{1,128}$/.test(v) ? v : null;

function senderOf(body: Record<string, unknown>) {
  const from = body.from as { aadObjectId?: unknown } | undefined;
  return {
    aadObjectId: idOrNull(from?.aadObjectId),
    type: idOrNull(body.type),
    name: idOrNull(body.name),
  };
}

export function createServer(deps: ServerDeps): restify.Server {
  const { config, log, adapter, bot } = deps;
  const server = restify.createServer({ name: 'escalate', handleUncaughtExceptions: false });
  server.use(
    restify.plugins.bodyParser({ maxBodySize: config.MAX_BODY_BYTES, mapParams: false, rejectUnknown: true }),
  );

  server.post('/api/messages', async (req, res) => {
    const body: unknown = req.body;
    if (!body || typeof body !== 'object' || Array.isArray(body)) {
      res.send(400, { error: 'expected a JSON activity' });
      return;
    }
    const problem = activityProblem(body as Record<string, unknown>);
    if (problem) {
      res.send(400, { error: `malformed activity (${problem})` });
      return;
    }
    const tenant = tenantOf(body);
    if (config.MicrosoftAppTenantId && tenant !== config.MicrosoftAppTenantId) {
      // who and what kind of request, by id only: never names, text or card inputs
      log.warn(
        { event: 'tenantRefused', tenant: idOrNull(tenant), ...senderOf(body as Record<string, unknown>) },
        'activity from another tenant refused',
      );
      res.send(403, { error: 'tenant not allowed' });
      return;
    }
    try {
      await adapter.process(req, res, (context) => bot.run(context));
    } catch (e) {
      log.error({ event: 'processFailed', err: (e as Error).name }, 'activity processing failed');
      if (!res.headersSent) res.send(500, { error: 'internal error' });
    }
  });

  server.get('/healthz', (_req, res, next) => {
    res.send(200, { status: 'ok' });
    next();
  });
  server.get('/readyz', async (_req, res) => {
    const ok = await deps.ready().catch(() => false);
    res.send(ok ? 200 : 503, { status: ok ? 'ready' : 'store unreachable' });
  });
  return server;
}

/** Listen, and return a handle whose close() drains requests in flight. */
export async function listen(server: restify.Server, host: string, port: number): Promise<RunningServer> {
  let inFlight = 0;
  server.pre((_req: restify.Request, res: restify.Response, next: restify.Next) => {
    inFlight++;
    let ended = false;
    const end = () => {
      if (!ended) inFlight--;
      ended = true;
    };
    res.once('finish', end);
    res.once('close', end);
    next();
  });
  await new Promise<void>((resolve) => {
    server.listen(port, host, () => resolve());
  });
  const address = (server.server as Server).address();
  const actual = typeof address === 'object' && address ? address.port : port;
  return {
    server,
    port: actual,
    url: `http://${host}:${actual}`,
    async close() {
      const closed = new Promise<void>((resolve) => {
        server.close(() => resolve());
      });
      const deadline = Date.now() + 10_000;
      while (inFlight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
      (server.server as Server).closeAllConnections?.();
      await closed;
    },
  };
}
