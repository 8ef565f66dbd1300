/** Open the store: a real Cosmos DB account, or (no endpoint configured) an in-process Cosmos-compatible server. */
import type { Server } from 'node:http';
import https from 'node:https';
import { CosmosClient, type Container, type Database } from '@azure/cosmos';
import { ConfigError, type Config } from '../config';
import { CaseRepository } from './caseRepository';
import { ConversationRepository } from './conversationRepository';
import { cosmosClientOptions, identityAuth, openFailure, type CosmosAuth } from './cosmosClient';
import { DirectoryRepository } from './directoryRepository';
import { startEmbeddedServer } from './embeddedServer';
import { SettingsRepository } from './settingsRepository';

export interface StoreOptions {
  endpoint?: string;
  key?: string;
  /** Reach the account as this user-assigned managed identity (its client id) instead of with a key. */
  identityClientId?: string;
  /**
   * `create` the database and containers if missing (a key, or the embedded server), or only `check` that they
   * exist: always so with a managed identity, since data-plane RBAC cannot create them (the infrastructure does).
   */
  containers?: 'create' | 'check';
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

/** The containers and their partition keys: infra/azure.bicep creates the same (test/deploy checks it). */
export const CONTAINERS = {
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

type ContainerName = keyof typeof CONTAINERS;

/** The store options for this configuration: the endpoint, and its key or the bot's managed identity. */
export function configuredStoreOptions(config: Config): StoreOptions {
  return {
    endpoint: config.COSMOS_ENDPOINT || undefined,
    ...(config.cosmosAuth === 'identity'
      ? { identityClientId: config.MicrosoftAppId }
      : { key: config.COSMOS_KEY }),
    databaseId: config.COSMOS_DATABASE,
  };
}

interface Account {
  endpoint: string;
  auth: CosmosAuth;
  agent: https.Agent;
  closeEmbedded: (() => Promise<void>) | null;
}

/** The configured account, or the embedded server (no endpoint: local mode only, see config.ts). */
async function account(opts: StoreOptions, log: (msg: string) => void): Promise<Account> {
  if (opts.endpoint) {
    const { endpoint, key, identityClientId } = opts;
    if (identityClientId && key)
      throw new ConfigError(['COSMOS_KEY is never used with a managed identity: leave it empty']);
    if (!identityClientId && !key)
      throw new ConfigError(['COSMOS_KEY is required with COSMOS_ENDPOINT (or a managed identity)']);
    const auth: CosmosAuth = identityClientId ? identityAuth(identityClientId) : { kind: 'key', key: key! };
    return { endpoint, auth, agent: opts.agent ?? new https.Agent({ keepAlive: true }), closeEmbedded: null };
  }
  const embedded = await startEmbeddedServer(opts.onEmbeddedServer);
  log(
    `EMBEDDED STORE at ${embedded.endpoint}: data is kept IN MEMORY ONLY and is lost when the process stops. Not for real cases.`,
  );
  return {
    endpoint: embedded.endpoint,
    auth: { kind: 'key', key: EMBEDDED_KEY },
    // the embedded server's certificate is self-signed and expired: trust it for this client only
    agent: opts.agent ?? new https.Agent({ rejectUnauthorized: false, keepAlive: true }),
    closeEmbedded: embedded.close,
  };
}

async function createContainers(client: CosmosClient, databaseId: string): Promise<void> {
  const { database } = await client.databases.createIfNotExists({ id: databaseId });
  for (const [id, def] of Object.entries(CONTAINERS))
    await database.containers.createIfNotExists({ id, ...def });
}

const statusOf = (e: unknown) => (e as { code?: unknown }).code;

/** The account answered, but its database or containers are not what the app needs. */
class ContainersError extends Error {}

/** Under data-plane RBAC the app may not create databases or containers: check every one, and name what is wrong. */
async function checkContainers(db: Database, endpoint: string): Promise<void> {
  const where = `Cosmos DB at ${endpoint}, database "${db.id}"`;
  try {
    await db.read();
  } catch (e) {
    if (statusOf(e) === 404)
      throw new ContainersError(`${where} does not exist: the infrastructure creates it (infra/azure.bicep)`);
    throw e;
  }
  const problems: string[] = [];
  for (const [id, def] of Object.entries(CONTAINERS)) {
    try {
      const { resource } = await db.container(id).read();
      const paths = resource?.partitionKey?.paths ?? [];
      if (paths.join() !== def.partitionKey.paths.join())
        problems.push(
          `container ${id} has partition key ${paths.join() || '(none)'}, not ${def.partitionKey.paths.join()}`,
        );
    } catch (e) {
      if (statusOf(e) !== 404) throw e;
      problems.push(`container ${id} (partition key ${def.partitionKey.paths.join()}) is missing`);
    }
  }
  if (problems.length)
    throw new ContainersError(
      `${where}: ${problems.join('; ')}. The infrastructure creates them (infra/azure.bicep)`,
    );
}

/** The database and containers exist (created, or checked), or the start stops with the reason. */
async function prepare(client: CosmosClient, a: Account, databaseId: string, check: boolean): Promise<void> {
  try {
    if (check) await checkContainers(client.database(databaseId), a.endpoint);
    else await createContainers(client, databaseId);
  } catch (e) {
    if (e instanceof ContainersError) throw e;
    throw openFailure(a.endpoint, a.auth, e);
  }
}

export async function openStore(opts: StoreOptions = {}): Promise<Store> {
  const log = opts.log ?? (() => undefined);
  // production mode requires COSMOS_ENDPOINT (config.ts), so the embedded store is never opened there
  const a = await account(opts, log);
  const { agent, closeEmbedded } = a;
  const client = (policy: typeof INTERACTIVE) =>
    new CosmosClient(
      cosmosClientOptions(a.endpoint, a.auth, agent, { ...policy, enableEndpointDiscovery: !closeEmbedded }),
    );
  const interactive = client(INTERACTIVE);
  const background = client(BACKGROUND);
  const databaseId = opts.databaseId ?? 'escalate';
  const check = a.auth.kind === 'identity' || opts.containers === 'check';
  try {
    await prepare(background, a, databaseId, check);
  } catch (e) {
    interactive.dispose();
    background.dispose();
    agent.destroy();
    if (closeEmbedded) await closeEmbedded();
    throw e;
  }
  const on = (c: CosmosClient, name: ContainerName): Container => c.database(databaseId).container(name);
  let closed = false;
  return {
    cases: new CaseRepository(on(interactive, 'cases'), on(background, 'cases')),
    directory: new DirectoryRepository(on(interactive, 'directory')),
    conversations: new ConversationRepository(on(interactive, 'conversations')),
    settings: new SettingsRepository(on(interactive, 'settings')),
    embedded: closeEmbedded !== null,
    endpoint: a.endpoint,
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
