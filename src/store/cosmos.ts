/** Open the store: a real Cosmos DB account, or (no endpoint configured) an in-process Cosmos-compatible server. */
import type { Server } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { CosmosClient, type Container, type Database } from '@azure/cosmos';
import { ConfigError } from '../config';
import { CaseRepository } from './caseRepository';
import { ConversationRepository } from './conversationRepository';
import { DirectoryRepository } from './directoryRepository';
import { SettingsRepository } from './settingsRepository';

export interface StoreOptions {
  endpoint?: string;
  key?: string;
  databaseId?: string;
  log?: (msg: string) => void;
  /** The HTTPS agent for the account (tests and benchmarks: a server with their own certificate). */
  agent?: https.Agent;
  /** Embedded only: shown the in-process server once it listens (local tools put fault injection in front of it). */
  onEmbeddedServer?: (server: Server) => void;
}

export interface Store {
  cases: CaseRepository;
  directory: DirectoryRepository;
  conversations: ConversationRepository;
  settings: SettingsRepository;
  embedded: boolean;
  endpoint: string;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

/** A click must be answered in seconds; the sweep can wait longer. */
const INTERACTIVE = {
  requestTimeout: 3_000,
  retryOptions: { maxRetryAttemptCount: 2, fixedRetryIntervalInMilliseconds: 0, maxWaitTimeInSeconds: 2 },
};
const BACKGROUND = {
  requestTimeout: 15_000,
  retryOptions: { maxRetryAttemptCount: 9, fixedRetryIntervalInMilliseconds: 0, maxWaitTimeInSeconds: 30 },
};

const CONTAINERS = {
  cases: {
    partitionKey: { paths: ['/caseId'] },
    indexingPolicy: {
      indexingMode: 'consistent' as const,
      includedPaths: [
        { path: '/nextDueAt/?' },
        { path: '/partnershipId/?' },
        { path: '/reference/?' },
        { path: '/referenceKey/?' },
        { path: '/openedAt/?' },
        { path: '/status/?' },
        { path: '/hasPendingOutbox/?' },
        { path: '/participants/[]/?' },
      ],
      excludedPaths: [{ path: '/*' }],
    },
  },
  directory: { partitionKey: { paths: ['/partnershipId'] } },
  conversations: { partitionKey: { paths: ['/id'] } },
  settings: { partitionKey: { paths: ['/partnershipId'] } },
};

/** Any key will do for the in-process server; this one is never sent anywhere else. */
const EMBEDDED_KEY = 'ZW1iZWRkZWQtc3RvcmUtb25seQ==';

interface Embedded {
  endpoint: string;
  close: () => Promise<void>;
}

async function startEmbedded(onServer?: (server: Server) => void): Promise<Embedded> {
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

async function ensure(db: Database): Promise<Record<keyof typeof CONTAINERS, string>> {
  const ids = {} as Record<keyof typeof CONTAINERS, string>;
  for (const [name, def] of Object.entries(CONTAINERS)) {
    await db.containers.createIfNotExists({ id: name, ...def });
    ids[name as keyof typeof CONTAINERS] = name;
  }
  return ids;
}

export async function openStore(opts: StoreOptions = {}): Promise<Store> {
  const log = opts.log ?? (() => undefined);
  let endpoint = opts.endpoint ?? '';
  let key = opts.key ?? '';
  let closeEmbedded: (() => Promise<void>) | null = null;
  // production mode requires COSMOS_ENDPOINT (config.ts), so the embedded store is never opened there
  if (endpoint && !key) throw new ConfigError(['COSMOS_KEY is required with COSMOS_ENDPOINT']);
  if (!endpoint) {
    const embedded = await startEmbedded(opts.onEmbeddedServer);
    endpoint = embedded.endpoint;
    closeEmbedded = embedded.close;
    key = EMBEDDED_KEY;
    log(
      `EMBEDDED STORE at ${endpoint}: data is kept IN MEMORY ONLY and is lost when the process stops. Not for real cases.`,
    );
  }
  // the embedded server's certificate is self-signed and expired: trust it for this client only
  const agent =
    opts.agent ??
    (closeEmbedded
      ? new https.Agent({ rejectUnauthorized: false, keepAlive: true })
      : new https.Agent({ keepAlive: true }));
  const client = (policy: typeof INTERACTIVE) =>
    new CosmosClient({
      endpoint,
      key,
      agent,
      connectionPolicy: { ...policy, enableEndpointDiscovery: !closeEmbedded },
    });
  const interactive = client(INTERACTIVE);
  const background = client(BACKGROUND);
  const databaseId = opts.databaseId ?? 'escalate';
  const { database } = await background.databases.createIfNotExists({ id: databaseId });
  await ensure(database);
  const on = (c: CosmosClient, name: keyof typeof CONTAINERS): Container =>
    c.database(databaseId).container(name);
  let closed = false;
  return {
    cases: new CaseRepository(on(interactive, 'cases'), on(background, 'cases')),
    directory: new DirectoryRepository(on(interactive, 'directory')),
    conversations: new ConversationRepository(on(interactive, 'conversations')),
    settings: new SettingsRepository(on(interactive, 'settings')),
    embedded: closeEmbedded !== null,
    endpoint,
    async ping() {
      try {
        await interactive.database(databaseId).read();
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      interactive.dispose();
      background.dispose();
      agent.destroy();
      if (closeEmbedded) await closeEmbedded();
    },
  };
}
