/**
 * restify edge: /api/messages through CloudAdapter, health and readiness, JSON bodies read in memory with a
 * streamed size limit, loopback Host in local mode, then authentication, channel and tenant, in that order.
 */
import type { Server } from 'node:http';
import restify from 'restify';
import type { Activity, CloudAdapter, ActivityHandler } from 'botbuilder';
import type { RequestAuthenticator } from './bot/authentication';
import { isLoopbackHost, type Config } from './config';
import type { Logger } from './log';

export interface ServerDeps {
  config: Config;
  log: Logger;
  adapter: CloudAdapter;
  bot: ActivityHandler;
  ready: () => Promise<boolean>;
  /** Authenticates a request before the channel and tenant checks (production mode). */
  authenticate: RequestAuthenticator;
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

/** `Host: 127.0.0.1`, `localhost` or `[::1]`, with any port: a page on another site cannot reach a local bot by DNS rebinding. */
export function loopbackHostHeader(host: string | undefined): boolean {
  const m = /^(.+?)(?::\d{1,5})?$/.exec(host ?? '');
  return m !== null && isLoopbackHost(m[1]!);
}

/** `application/json`, in UTF-8 if a charset is given. */
function isJson(contentType: string | undefined): boolean {
  const [type, ...params] = (contentType ?? '').split(';').map((p) => p.trim().toLowerCase());
  if (type !== 'application/json') return false;
  return params.every((p) => !p.startsWith('charset=') || /^charset="?utf-8"?$/.test(p));
}

const hasBody = (req: restify.Request) =>
  (req.method !== 'GET' && req.method !== 'HEAD') ||
  req.headers['transfer-encoding'] !== undefined ||
  Number(req.headers['content-length'] ?? 0) > 0;

/** Answer 413 at once and stop reading; the connection is dropped shortly after, whatever the client still sends. */
function tooLarge(req: restify.Request, res: restify.Response): void {
  res.setHeader('connection', 'close');
  res.send(413, { error: 'body too large' });
  req.resume(); // discard, unbuffered, until the connection goes
  setTimeout(() => req.destroy(), 1000).unref();
}

/**
 * JSON bodies only, read in memory with a byte counter: 415 before reading anything else, 413 as soon as the
 * limit is passed (chunked or not), 400 for invalid JSON. Nothing is written to disk; there is no multipart.
 */
export function jsonBody(limit: number): restify.RequestHandler {
  return (req, res, next) => {
    if (!hasBody(req)) return next();
    const encoding = req.headers['content-encoding'];
    if (!isJson(req.headers['content-type']) || (encoding && encoding !== 'identity')) {
      res.send(415, { error: 'expected application/json' });
      return next(false);
    }
    if (Number(req.headers['content-length'] ?? 0) > limit) {
      tooLarge(req, res);
      return next(false);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = () => {
      req.off('data', onData).off('end', onEnd).off('error', onError);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
        return;
      }
      stop();
      tooLarge(req, res);
      next(false);
    };
    const onEnd = () => {
      stop();
      try {
        req.body = size ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown) : undefined;
      } catch {
        res.send(400, { error: 'invalid JSON' });
        return next(false);
      }
      next();
    };
    const onError = () => {
      stop();
      next(false);
    };
    req.on('data', onData).on('end', onEnd).on('error', onError);
  };
}

/** The store's answer, kept `ttlMs`, with at most one ping in flight: requests to /readyz cannot drive store reads. */
export function cachedReadiness(
  ready: () => Promise<boolean>,
  ttlMs = 5000,
  now = Date.now,
): () => Promise<boolean> {
  let last: { at: number; ok: boolean } | null = null;
  let pending: Promise<boolean> | null = null;
  return () => {
    if (last && now() - last.at < ttlMs) return Promise.resolve(last.ok);
    pending ??= ready()
      .catch(() => false)
      .then((ok) => {
        last = { at: now(), ok };
        pending = null;
        return ok;
      });
    return pending;
  };
}

const authHeaderOf = (req: restify.Request): string => {
  const h = req.headers.authorization;
  return typeof h === 'string' ? h : '';
};

export function createServer(deps: ServerDeps): restify.Server {
  const { config, log, adapter, bot } = deps;
  const server = restify.createServer({ name: 'escalate', handleUncaughtExceptions: false });
  if (config.mode === 'local')
    server.pre((req: restify.Request, res: restify.Response, next: restify.Next) => {
      if (loopbackHostHeader(req.headers.host)) return next();
      res.send(403, { error: 'local mode answers loopback hosts only' });
      return next(false);
    });
  server.use(jsonBody(config.MAX_BODY_BYTES));

  server.post('/api/messages', async (req, res) => {
    const body: unknown = req.body;
    if (!body || typeof body !== 'object' || Array.isArray(body)) {
      res.send(400, { error: 'expected a JSON activity' });
      return;
    }
    const activity = body as Record<string, unknown>;
    const problem = activityProblem(activity);
    if (problem) {
      res.send(400, { error: `malformed activity (${problem})` });
      return;
    }
    // authenticated first: an unauthenticated caller gets the same 401 whatever its channel or tenant
    if (config.authEnabled) {
      try {
        await deps.authenticate(body as Activity, authHeaderOf(req));
      } catch {
        res.send(401, { error: 'unauthorized' });
        return;
      }
    }
    if (activity.channelId !== 'msteams') {
      log.warn(
        { event: 'channelRefused', channel: idOrNull(activity.channelId), ...senderOf(activity) },
        'activity from another channel refused',
      );
      res.send(403, { error: 'channel not allowed' });
      return;
    }
    const tenant = tenantOf(body);
    if (config.MicrosoftAppTenantId && tenant !== config.MicrosoftAppTenantId) {
      // who and what kind of request, by id only: never names, text or card inputs
      log.warn(
        { event: 'tenantRefused', tenant: idOrNull(tenant), ...senderOf(activity) },
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
  const ready = cachedReadiness(deps.ready);
  server.get('/readyz', async (_req, res) => {
    const ok = await ready();
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
