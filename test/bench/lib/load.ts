/** A closed-loop load generator: N users, each sending its next request as soon as the last one is answered. */
import http from 'node:http';

export interface HttpReply {
  status: number;
  text: string;
}

/** POST JSON over a keep-alive agent (one socket per concurrent user, as Teams' connector would hold). */
export function postJson(agent: http.Agent, url: string, body: unknown): Promise<HttpReply> {
  const payload = Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': payload.length },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

export interface LoadResult {
  /** Latency of every request, in ms. */
  latencies: number[];
  wallMs: number;
  /** Requests answered, but not with what was asked for (e.g. an error card). */
  failures: number;
}

/**
 * Run `concurrency` users, each sending `perUser` requests back to back. `send(user, i)` performs one
 * request and says whether it succeeded; its latency is measured here.
 */
export async function closedLoop(
  concurrency: number,
  perUser: number,
  send: (user: number, i: number) => Promise<boolean>,
): Promise<LoadResult> {
  const latencies: number[] = [];
  let failures = 0;
  const started = performance.now();
  const user = async (u: number): Promise<void> => {
    for (let i = 0; i < perUser; i++) {
      const t = performance.now();
      const ok = await send(u, i);
      latencies.push(performance.now() - t);
      if (!ok) failures++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, u) => user(u)));
  return { latencies, wallMs: performance.now() - started, failures };
}
