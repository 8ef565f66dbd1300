/**
 * Sections 2 and 4 worker: the embedded Cosmos-compatible server (@vercel/cosmosdb-server) on its own, in this
 * process, with a certificate the other processes trust. The sweep worker and the bot under test connect to it
 * as they would to a Cosmos DB account (COSMOS_ENDPOINT), so the bot's memory excludes the stored cases.
 *
 * The server's query engine (@zeit/cosmosdb-query 0.7.2) gathers rows with `reduce(($, c) => [...$, { c }], [])`,
 * which copies the array once per document: O(n²), minutes per query at 100,000 documents. This process
 * rewrites that one expression to an equivalent `$.push` (same rows, same order), so the stand-in scans in O(n).
 * `useStockQueries(true)` switches back, to measure the engine as shipped.
 */
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createHttpsServer } from '@vercel/cosmosdb-server';
import { serve } from '../../support/worker';

let stockQueries = false;

/** Make the query engine gather rows in linear time (see above). */
function linearQueries(): void {
  const from = path.dirname(require.resolve('@vercel/cosmosdb-server'));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const engine = require(require.resolve('@zeit/cosmosdb-query', { paths: [from] })) as {
    default: (q: string) => object;
  };
  const proto = Object.getPrototypeOf(engine.default('SELECT * FROM c')) as object;
  const stock = Object.getOwnPropertyDescriptor(proto, 'code')!;
  Object.defineProperty(proto, 'code', {
    get(this: object) {
      const code = stock.get!.call(this) as string;
      return stockQueries
        ? code
        : code.replace(/\[\.\.\.\$, \{\s*(\w+): (\w+)\s*\}\]/g, '($.push({ $1: $2 }), $)');
    },
  });
}

async function start(): Promise<{ endpoint: string; close: () => Promise<void> }> {
  linearQueries();
  const server = createHttpsServer({
    keepAlive: true,
    cert: readFileSync(process.env.BENCH_CERT!),
    key: readFileSync(process.env.BENCH_KEY!),
  });
  // Node closes idle keep-alive sockets after 5 s, and a client can send on one just as it closes ("socket hang
  // up"); the clients here are long-lived, so keep idle sockets open as a Cosmos DB gateway does
  server.keepAliveTimeout = 10 * 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `https://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const running = start();

export const api = {
  endpoint: async (): Promise<string> => (await running).endpoint,
  rssBytes: async (): Promise<number> => {
    await running;
    return process.memoryUsage().rss;
  },
  /** CPU time this process has used so far, in ms (user + system). */
  cpuMs: async (): Promise<number> => {
    await running;
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  },
  useStockQueries: async (on: boolean): Promise<void> => {
    await running;
    stockQueries = on;
  },
};
export type CosmosServerApi = typeof api;

serve(api, async () => (await running).close());
