/**
 * Faults injected in front of the embedded Cosmos-compatible server: throttling (429 with a retry-after),
 * unavailability (503), requests that never get an answer, and writes that are applied but whose answer is
 * lost (the connection drops). Rules match requests by container and kind and are used up as they fire.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { InterceptableStore } from '../../src/local/storeInterceptor';

export type StoreFault =
  { status: 429 | 503 | 500 | 408; retryAfterMs?: number } | 'hang' | 'dropAfterCommit';

export type RequestKind = 'read' | 'create' | 'replace' | 'upsert' | 'query' | 'delete' | 'other';

export interface StoreRequest {
  method: string;
  container: string; // cases, settings, directory, conversations ('' for database-level requests)
  kind: RequestKind;
  docId: string;
}

interface Rule {
  match: (r: StoreRequest) => boolean;
  fault: StoreFault;
  left: number;
  /** Matching requests to let through first. */
  skip: number;
  label: string;
}

function classify(req: IncomingMessage): StoreRequest {
  const path = decodeURIComponent((req.url ?? '').split('?')[0]!);
  const m = /\/colls\/([^/]+)(?:\/docs(?:\/([^/]+))?)?/.exec(path);
  const method = req.method ?? '';
  const isQuery = /true/i.test(String(req.headers['x-ms-documentdb-isquery'] ?? ''));
  const upsert = /true/i.test(String(req.headers['x-ms-documentdb-is-upsert'] ?? ''));
  const onDoc = m?.[2] !== undefined;
  const kind: RequestKind =
    method === 'GET' && onDoc
      ? 'read'
      : method === 'PUT' && onDoc
        ? 'replace'
        : method === 'DELETE'
          ? 'delete'
          : method === 'POST' && isQuery
            ? 'query'
            : method === 'POST' && upsert
              ? 'upsert'
              : method === 'POST' && m
                ? 'create'
                : 'other';
  return { method, container: m?.[1] ?? '', kind, docId: m?.[2] ?? '' };
}

export class StoreFaults {
  private readonly rules: Rule[] = [];
  private pausedDepth = 0;
  /** Every fault that fired, in order: `${label} ${kind} ${container}`. */
  readonly fired: string[] = [];
  /** Sockets held open by 'hang' faults, released on detach. */
  private readonly hung: ServerResponse[] = [];

  constructor(private readonly store: InterceptableStore) {
    if (!store.embeddedIntercept) throw new Error('fault injection needs the embedded store');
    store.embeddedIntercept((req, res, pass) => this.handle(req, res, pass));
  }

  /** Inject `fault` into the next `times` requests that `match`, after letting `skip` of them through. */
  add(label: string, match: (r: StoreRequest) => boolean, fault: StoreFault, times = 1, skip = 0): this {
    this.rules.push({ match, fault, left: times, skip, label });
    return this;
  }

  /** Faults not yet used up. */
  get pending(): string[] {
    return this.rules.filter((r) => r.left > 0).map((r) => `${r.label} (${r.left} left)`);
  }

  /** Everything answers 503 until the returned function is called. */
  outage(): () => void {
    const rule: Rule = {
      match: () => true,
      fault: { status: 503 },
      left: Infinity,
      skip: 0,
      label: 'outage',
    };
    this.rules.unshift(rule);
    return () => {
      rule.left = 0;
    };
  }

  /** Run the test's own store reads without faults. */
  async paused<T>(fn: () => Promise<T>): Promise<T> {
    this.pausedDepth++;
    try {
      return await fn();
    } finally {
      this.pausedDepth--;
    }
  }

  detach(): void {
    this.store.embeddedIntercept?.(null);
    for (const res of this.hung.splice(0)) res.socket?.destroy();
  }

  private handle(req: IncomingMessage, res: ServerResponse, pass: () => void): void {
    const r = classify(req);
    const rule = this.pausedDepth ? undefined : this.rules.find((x) => x.left > 0 && x.match(r));
    if (!rule) return pass();
    if (rule.skip > 0) {
      rule.skip--;
      return pass();
    }
    rule.left--;
    this.fired.push(`${rule.label} ${r.kind} ${r.container}`);
    const fault = rule.fault;
    if (fault === 'hang') {
      this.hung.push(res);
      req.resume();
      return;
    }
    if (fault === 'dropAfterCommit') return dropAnswer(req, res, pass);
    req.resume();
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (fault.retryAfterMs !== undefined) headers['x-ms-retry-after-ms'] = String(fault.retryAfterMs);
    res.writeHead(fault.status, headers);
    res.end(JSON.stringify({ code: String(fault.status), message: 'injected fault' }));
  }
}

/** Let the server apply the request, then drop the connection instead of answering. */
function dropAnswer(req: IncomingMessage, res: ServerResponse, pass: () => void): void {
  const r = res as unknown as Record<string, unknown>;
  r.writeHead = () => res;
  r.setHeader = () => res;
  r.write = () => true;
  r.end = () => {
    req.socket.destroy();
    return res;
  };
  pass();
}

/** Matchers for the common cases. */
export const on = {
  cases:
    (...kinds: RequestKind[]) =>
    (r: StoreRequest) =>
      r.container === 'cases' && kinds.includes(r.kind),
  container:
    (container: string, ...kinds: RequestKind[]) =>
    (r: StoreRequest) =>
      r.container === container && (kinds.length === 0 || kinds.includes(r.kind)),
};
