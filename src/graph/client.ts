/**
 * A small Microsoft Graph REST client (fetch; no Graph SDK): an app-only token per request from the credential,
 * throttling answered as Graph asks (429/503/504 with Retry-After), and a log of route names and statuses only:
 * a path can hold a person's address, so it is never logged.
 */
import type { TokenCredential } from '@azure/identity';
import type { Logger } from '../log';

const SCOPE = 'https://graph.microsoft.com/.default';
const RETRYABLE = new Set([429, 503, 504]);
const ATTEMPTS = 3;
const MAX_WAIT_MS = 30_000;

export interface GraphOptions {
  /** https://graph.microsoft.com, or a fake on loopback in tests (config GRAPH_ENDPOINT). */
  endpoint: string;
  credential: TokenCredential;
  log?: Logger;
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/** Graph's answer: status 0 when it could not be reached; `code` is Graph's error code (never its message). */
export interface GraphResponse {
  status: number;
  body: Record<string, unknown>;
  code: string;
}

export class GraphClient {
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly opts: GraphOptions) {
    this.sleep = opts.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  /** `route` names the call in the log ('users.get'); `path` is below /v1.0 and is never logged. */
  async call(
    route: string,
    method: 'GET' | 'POST',
    path: string,
    extra: { body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<GraphResponse> {
    for (let attempt = 1; ; attempt++) {
      const started = Date.now();
      const r = await this.once(method, path, extra);
      this.opts.log?.debug(
        { event: 'graph', route, status: r.status, code: r.code || undefined, ms: Date.now() - started },
        'Microsoft Graph call',
      );
      if (!RETRYABLE.has(r.status) || attempt >= ATTEMPTS) return r.response;
      await this.sleep(Math.min(r.retryAfterMs ?? 1000 * 2 ** attempt, MAX_WAIT_MS));
    }
  }

  private async once(
    method: string,
    path: string,
    extra: { body?: unknown; headers?: Record<string, string> },
  ): Promise<{ status: number; code: string; retryAfterMs?: number; response: GraphResponse }> {
    let res: Response;
    try {
      const token = await this.opts.credential.getToken(SCOPE);
      if (!token) throw Object.assign(new Error('no token'), { name: 'CredentialUnavailableError' });
      res = await fetch(`${this.opts.endpoint.replace(/\/+$/, '')}/v1.0${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token.token}`,
          accept: 'application/json',
          ...(extra.body === undefined ? {} : { 'content-type': 'application/json' }),
          ...extra.headers,
        },
        body: extra.body === undefined ? undefined : JSON.stringify(extra.body),
        signal: AbortSignal.timeout(this.opts.timeoutMs ?? 30_000),
      });
    } catch (e) {
      const code = (e as Error).name || 'Error';
      return { status: 0, code, response: { status: 0, body: {}, code } };
    }
    const text = await res.text().catch(() => '');
    let body: Record<string, unknown> = {};
    try {
      body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      body = {};
    }
    const raw = (body.error as { code?: unknown } | undefined)?.code;
    const code = typeof raw === 'string' ? raw : '';
    const header = res.headers.get('retry-after');
    const after = header === null || header.trim() === '' ? NaN : Number(header);
    const retryAfterMs = Number.isFinite(after) && after >= 0 ? after * 1000 : undefined;
    return { status: res.status, code, retryAfterMs, response: { status: res.status, body, code } };
  }
}

/** A path segment: a user id or UPN (a guest's has '#', which must not start a fragment). */
export const segment = (s: string): string => encodeURIComponent(s);

/** A string literal in an OData $filter: single quotes doubled. */
export const odataString = (s: string): string => `'${s.replace(/'/g, "''")}'`;
