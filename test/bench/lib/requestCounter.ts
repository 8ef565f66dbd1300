/**
 * Counts HTTP(S) requests this process sends, per destination (host:port), by wrapping Node's
 * `http.Agent#addRequest`. The Cosmos SDK sends every request through the agent the store gives it, so
 * the count for the store's port is exactly the number of Cosmos HTTP requests on the wire (retries included).
 * Answers with status 412 (an ETag precondition failed: someone wrote first) are counted too.
 */
import http from 'node:http';

const requests = new Map<string, number>();
const conflicts = new Map<string, number>();
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
