/**
 * Counts HTTP(S) requests this process sends, per destination (host:port), by wrapping Node's
 * `http.Agent#addRequest`. The Cosmos SDK sends every request through the agent the store gives it, so
 * the count for the store's port is exactly the number of Cosmos HTTP requests on the wire (retries included).
 */
import http from 'node:http';

const counts = new Map<string, number>();
let installed = false;

interface AgentInternals {
  addRequest: (
    this: AgentInternals,
    req: http.ClientRequest,
    options: { host?: string; port?: number | string },
  ) => void;
}

export function installRequestCounter(): void {
  if (installed) return;
  installed = true;
  const proto = http.Agent.prototype as unknown as AgentInternals;
  const original = proto.addRequest;
  proto.addRequest = function (req, options) {
    const key = `${options.host ?? ''}:${String(options.port ?? '')}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    original.call(this, req, options);
  };
}

/** Requests sent so far to the host:port of `endpoint` (e.g. https://127.0.0.1:1234). */
export function requestsTo(endpoint: string): number {
  const u = new URL(endpoint);
  return counts.get(`${u.hostname}:${u.port}`) ?? 0;
}
