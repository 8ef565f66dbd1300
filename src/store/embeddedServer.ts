/**
 * The in-process Cosmos-compatible server (`@vercel/cosmosdb-server`, a dev dependency) for local mode only.
 * The package is loaded here and only here, lazily, when no COSMOS_ENDPOINT is configured, which production
 * mode refuses (config.ts): a production install (`npm ci --omit=dev`) never has it and never loads it.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface EmbeddedServer {
  endpoint: string;
  close: () => Promise<void>;
}

export async function startEmbeddedServer(onServer?: (server: Server) => void): Promise<EmbeddedServer> {
  const { default: createServer } = await import('@vercel/cosmosdb-server');
  const server = createServer({ keepAlive: true });
  // Node closes idle keep-alive sockets after 5 s, and the client may send on one just as it closes ("socket
  // hang up"); the only client is this process, so keep idle sockets open as a Cosmos DB gateway does
  server.keepAliveTimeout = 10 * 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  onServer?.(server);
  return {
    endpoint: `https://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
