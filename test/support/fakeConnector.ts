/** A local fake Bot Connector on 127.0.0.1 that records what the bot sends, and can misbehave on purpose. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Recorded {
  method: string;
  path: string;
  conversationId: string;
  activityId?: string; // for updates
  body: Record<string, any>;
  at: number; // the connector's clock
  status: number; // 0: never answered
}

/** An error answer; no answer at all; or the message delivered and the connection then dropped. */
export type Fault = { status: number; retryAfterSeconds?: number } | 'hang' | 'dropAfterDelivery';

export class FakeConnector {
  readonly received: Recorded[] = [];
  private server: Server | undefined;
  private seq = 0;
  /** Faults to inject, consumed in order, for requests whose path (and method, if given) match. */
  readonly faults: { match: RegExp; fault: Fault; method?: 'POST' | 'PUT' }[] = [];
  /** Enforce Teams' per-conversation limits (7/1 s, 8/2 s, 60/30 s, 1,800/h) with 429s. */
  enforceLimits = false;
  /** Called for each message delivered, before the answer goes back (a test may kill the bot there). */
  onDelivered: ((r: Recorded) => void | Promise<void>) | null = null;
  /** People the bot cannot open a chat with (403 on create conversation). */
  readonly unreachable = new Set<string>();
  now: () => number = Date.now;
  url = '';
  private port = 0;
  private readonly hung: ServerResponse[] = [];

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    this.url = `http://127.0.0.1:${this.port}`;
    return this.url;
  }

  /** Stop listening (connections are refused) until `start()` listens again on the same port. */
  async refuseConnections(): Promise<void> {
    await this.stop();
  }

  async stop(): Promise<void> {
    for (const res of this.hung.splice(0)) res.socket?.destroy();
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server = undefined;
  }

  /** Messages (not updates) sent to a conversation, in order. */
  sentTo(conversationId: string): Recorded[] {
    return this.received.filter(
      (r) => r.method === 'POST' && r.conversationId === conversationId && r.status >= 200 && r.status < 300,
    );
  }

  cards(r: Recorded): Record<string, any>[] {
    return ((r.body.attachments as { content: Record<string, any> }[] | undefined) ?? []).map(
      (a) => a.content,
    );
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const body = (text ? JSON.parse(text) : {}) as Record<string, any>;
    const path = decodeURIComponent((req.url ?? '').split('?')[0]!);
    const m = /^\/v3\/conversations(?:\/([^/]+)\/activities(?:\/([^/]+))?)?$/.exec(path);
    const reply = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(payload));
    };
    if (!m) return reply(404, { error: 'unknown path' });
    const conversationId = m[1] ?? '';
    const record = (status: number) =>
      this.received.push({
        method: req.method ?? '',
        path,
        conversationId,
        activityId: m[2],
        body,
        at: this.now(),
        status,
      });
    const fault = this.takeFault(path, req.method ?? '');
    if (fault === 'hang') {
      record(0); // status 0: taken, never answered
      this.hung.push(res); // the caller must time out
      return;
    }
    if (fault === 'dropAfterDelivery') {
      record(200); // delivered, but the bot never hears so
      req.socket.destroy();
      return;
    }
    if (fault) {
      record(fault.status);
      return reply(
        fault.status,
        { error: { code: 'Injected', message: 'injected fault' } },
        fault.retryAfterSeconds ? { 'retry-after': String(fault.retryAfterSeconds) } : {},
      );
    }
    if (!m[1]) return this.createConversation(body, reply, record);
    if (req.method === 'POST' && this.enforceLimits && this.overLimit(conversationId)) {
      record(429);
      return reply(429, { error: { code: 'TooManyRequests' } }, { 'retry-after': '1' });
    }
    record(200);
    if (req.method === 'POST' && this.onDelivered)
      await this.onDelivered(this.received[this.received.length - 1]!);
    reply(200, { id: m[2] && req.method === 'PUT' ? m[2] : `act-${++this.seq}` });
  }

  private createConversation(
    body: Record<string, any>,
    reply: (s: number, p: unknown) => void,
    record: (s: number) => void,
  ): void {
    const member = (body.members as { id: string }[] | undefined)?.[0]?.id ?? '';
    if (this.unreachable.has(member)) {
      record(403);
      return reply(403, {
        error: { code: 'BotNotInConversationRoster', message: 'bot not installed for user' },
      });
    }
    record(200);
    reply(200, { id: `a:personal-${member}`, activityId: `act-${++this.seq}` });
  }

  private takeFault(path: string, method: string): Fault | undefined {
    const i = this.faults.findIndex((f) => f.match.test(path) && (!f.method || f.method === method));
    if (i < 0) return undefined;
    return this.faults.splice(i, 1)[0]!.fault;
  }

  /** Would one more message to this conversation break a Teams limit? (Measured on this connector's clock.) */
  overLimit(conversationId: string): boolean {
    const now = this.now();
    const times = this.received
      .filter(
        (r) =>
          r.conversationId === conversationId && r.method === 'POST' && r.status >= 200 && r.status < 300,
      )
      .map((r) => r.at);
    const within = (ms: number) => times.filter((t) => t > now - ms).length;
    return within(1_000) >= 7 || within(2_000) >= 8 || within(30_000) >= 60 || within(3_600_000) >= 1_800;
  }
}
