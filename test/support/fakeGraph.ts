/**
 * A fake Microsoft Graph on 127.0.0.1 that records every request: users by id or UPN, the advanced-query filter
 * the look-up sends (mail, otherMails, a guest-UPN prefix; refused without ConsistencyLevel: eventual and $count,
 * as Graph does), and app installation for a user (201, 409 when installed already, or an injected status).
 * Error messages echo the address asked for, as Graph's do, so tests can check the app never logs them.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AccessToken, TokenCredential } from '@azure/identity';

export interface GraphUser {
  id: string;
  userPrincipalName: string;
  mail?: string;
  otherMails?: string[];
  userType?: 'Member' | 'Guest';
}

export interface GraphRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: Record<string, unknown>;
  status: number;
}

export const GRAPH_TOKEN = 'fake-graph-token';

/** A credential that hands out the fake's token (and counts how often it was asked). */
export function fixedToken(): TokenCredential & { asked: number } {
  const c = {
    asked: 0,
    getToken: (): Promise<AccessToken> => {
      c.asked++;
      return Promise.resolve({ token: GRAPH_TOKEN, expiresOnTimestamp: Date.now() + 3_600_000 });
    },
  };
  return c;
}

const lc = (s: string | undefined) => (s ?? '').toLowerCase();
const LITERAL = "'((?:[^']|'')*)'";
const unquote = (s: string) => s.replace(/''/g, "'");

export class FakeGraph {
  readonly requests: GraphRequest[] = [];
  readonly users: GraphUser[] = [];
  /** Catalog app ids installed for each user id. */
  readonly installed = new Map<string, Set<string>>();
  /** Installs for these user ids answer this status (e.g. 403) instead. */
  readonly installStatus = new Map<string, number>();
  /** Called after an install succeeds (a test may let the fake connector reach the person from then on). */
  onInstalled: ((userId: string, catalogId: string) => void) | null = null;
  url = '';
  private server: Server | undefined;

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server!.close(() => r()));
    this.server = undefined;
  }

  /** The install requests for one user. */
  installsFor(userId: string): GraphRequest[] {
    return this.requests.filter(
      (r) => r.method === 'POST' && r.path === `/v1.0/users/${userId}/teamwork/installedApps`,
    );
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', this.url);
    const path = decodeURIComponent(url.pathname);
    const record: GraphRequest = {
      method: req.method ?? '',
      path,
      query: url.searchParams,
      headers: req.headers,
      body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
      status: 0,
    };
    this.requests.push(record);
    const reply = (status: number, payload: unknown) => {
      record.status = status;
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(status === 201 && payload === null ? '' : JSON.stringify(payload));
    };
    const error = (status: number, code: string, message: string) =>
      reply(status, { error: { code, message } });
    if (req.headers.authorization !== `Bearer ${GRAPH_TOKEN}`)
      return error(401, 'InvalidAuthenticationToken', 'Access token is empty or invalid.');
    const install = /^\/v1\.0\/users\/([^/]+)\/teamwork\/installedApps$/.exec(path);
    if (install && req.method === 'POST') return this.install(install[1]!, record.body, reply, error);
    const one = /^\/v1\.0\/users\/([^/]+)$/.exec(path);
    if (one && req.method === 'GET') {
      const u = this.users.find((x) => lc(x.id) === lc(one[1]) || lc(x.userPrincipalName) === lc(one[1]));
      return u
        ? reply(200, this.view(u))
        : error(404, 'Request_ResourceNotFound', `Resource '${one[1]}' does not exist.`);
    }
    if (path === '/v1.0/users' && req.method === 'GET') return this.list(record, reply, error);
    error(400, 'BadRequest', `Unsupported request ${req.method} ${path}`);
  }

  private view(u: GraphUser) {
    return { id: u.id, userType: u.userType ?? 'Member' };
  }

  /** The filter the look-up sends; anything else is refused, as an unsupported query would be. */
  private list(
    r: GraphRequest,
    reply: (s: number, p: unknown) => void,
    error: (s: number, c: string, m: string) => void,
  ): void {
    const filter = r.query.get('$filter') ?? '';
    if (r.headers.consistencylevel !== 'eventual' || r.query.get('$count') !== 'true')
      return error(400, 'Request_UnsupportedQuery', 'Unsupported query without ConsistencyLevel and $count.');
    const mail = new RegExp(`mail eq ${LITERAL}`).exec(filter);
    const other = new RegExp(`otherMails/any\\(m:m eq ${LITERAL}\\)`).exec(filter);
    const prefix = new RegExp(`startswith\\(userPrincipalName,${LITERAL}\\)`).exec(filter);
    if (!mail || !other || !prefix)
      return error(400, 'Request_UnsupportedQuery', `Unsupported filter ${filter}`);
    const found = this.users.filter(
      (u) =>
        lc(u.mail) === lc(unquote(mail[1]!)) ||
        (u.otherMails ?? []).some((m) => lc(m) === lc(unquote(other[1]!))) ||
        lc(u.userPrincipalName).startsWith(lc(unquote(prefix[1]!))),
    );
    reply(200, { '@odata.count': found.length, value: found.map((u) => this.view(u)) });
  }

  private install(
    userId: string,
    body: Record<string, unknown>,
    reply: (s: number, p: unknown) => void,
    error: (s: number, c: string, m: string) => void,
  ): void {
    const ref = body['teamsApp@odata.bind'];
    const bind = /\/v1\.0\/appCatalogs\/teamsApps\/([^/]+)$/.exec(typeof ref === 'string' ? ref : '');
    if (!bind) return error(400, 'BadRequest', 'teamsApp@odata.bind is missing or invalid.');
    const injected = this.installStatus.get(userId);
    if (injected) return error(injected, injected === 403 ? 'Forbidden' : 'Injected', 'Injected fault.');
    if (!this.users.some((u) => u.id === userId)) return error(404, 'NotFound', `User ${userId} not found.`);
    const apps = this.installed.get(userId) ?? new Set<string>();
    if (apps.has(bind[1]!)) return error(409, 'Conflict', 'App is already installed for this user.');
    apps.add(bind[1]!);
    this.installed.set(userId, apps);
    this.onInstalled?.(userId, bind[1]!);
    reply(201, null);
  }
}
