/**
 * Counts HTTP(S) requests this process sends, per destination (host:port), by wrapping Node's
 * `http.Agent#addRequest`. The Cosmos SDK sends every request through the agent the store gives it, so
 * the count for the store's port is exactly the number of Cosmos HTTP requests on the wire (retries included).
 * Answers with status 412 (an ETag precondition failed: someone wrote first) are counted too, and so are the
 * bytes of every document written to the cases container (create, replace, upsert: the request body's length).
 */
import http from 'node:http';

const requests = new Map<string, number>();
const conflicts = new Map<string, number>();
const caseWrites = new Map<string, number>();
const caseBytes = new Map<string, number>();
/** Requests by what they were, e.g. "cases replace", "conversations read" (BENCH_KINDS=1 prints them). */
const kinds = new Map<string, number>();

/** What a Cosmos request was: its container and operation. */
function kindOf(req: http.ClientRequest): string {
  const m = /\/colls\/([^/]+)\/docs(\/|$)/.exec(req.path);
  if (!m) return `${req.method} other`;
  const header = (name: string) => /true/i.test(String(req.getHeader(name) ?? ''));
  const op =
    req.method === 'GET'
      ? 'read'
      : req.method === 'PUT'
        ? 'replace'
        : req.method === 'DELETE'
          ? 'delete'
          : header('x-ms-documentdb-isquery')
            ? 'query'
            : header('x-ms-documentdb-is-upsert')
              ? 'upsert'
              : 'create';
  return `${m[1]} ${op}`;
}

/** A document written to the cases container: POST (create, upsert) or PUT (replace) on its docs, not a query. */
function caseWriteBytes(req: http.ClientRequest): number | null {
  if (!/\/colls\/cases\/docs(\/|$)/.test(req.path)) return null;
  if (req.method !== 'PUT' && req.method !== 'POST') return null;
  if (/true/i.test(String(req.getHeader('x-ms-documentdb-isquery') ?? ''))) return null;
  return Number(req.getHeader('content-length') ?? 0);
}
let installed = false;

interface AgentInternals {
  addRequest: (
    this: AgentInternals,
    req: http.ClientRequest,
    options: { host?: string; port?: number | string },
  ) => void;
}

const bump = (m: Map<string, number>, key: string) => m.set(key, (m.get(key) ?? 0) + 1);

export function installRequestCounter(): void {
  if (installed) return;
  installed = true;
  const proto = http.Agent.prototype as unknown as AgentInternals;
  const original = proto.addRequest;
  proto.addRequest = function (req, options) {
    const key = `${options.host ?? ''}:${String(options.port ?? '')}`;
    bump(requests, key);
    bump(kinds, kindOf(req));
    const bytes = caseWriteBytes(req);
    if (bytes !== null) {
      bump(caseWrites, key);
      caseBytes.set(key, (caseBytes.get(key) ?? 0) + bytes);
    }
    req.once('response', (res: http.IncomingMessage) => {
      if (res.statusCode === 412) bump(conflicts, key);
    });
    original.call(this, req, options);
  };
}

const keyOf = (endpoint: string) => {
  const u = new URL(endpoint);
  return `${u.hostname}:${u.port}`;
};

/** Requests sent so far to the host:port of `endpoint` (e.g. https://127.0.0.1:1234). */
export function requestsTo(endpoint: string): number {
  return requests.get(keyOf(endpoint)) ?? 0;
}

/** Of those, how many were answered 412 (ETag conflict). */
export function conflictsAt(endpoint: string): number {
  return conflicts.get(keyOf(endpoint)) ?? 0;
}

/** Documents written to the cases container at `endpoint` so far, and their bytes. */
export function caseWritesTo(endpoint: string): { writes: number; bytes: number } {
  return { writes: caseWrites.get(keyOf(endpoint)) ?? 0, bytes: caseBytes.get(keyOf(endpoint)) ?? 0 };
}

/** Requests sent so far by kind (every destination; the bench sends Cosmos requests only through agents). */
export function requestKinds(): Record<string, number> {
  return Object.fromEntries(kinds);
}
