/**
 * Cosmos DB under a managed identity: Microsoft Entra tokens as `aadCredentials`, never a key; the database and
 * containers are checked, never created (data-plane RBAC cannot create them), and whatever is missing is named.
 * A fake App Service managed-identity endpoint on loopback hands out the token; the Cosmos-compatible server
 * records how each request was signed.
 */
import { strict as assert } from 'node:assert';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { CosmosClient } from '@azure/cosmos';
import { ChainedTokenCredential } from '@azure/identity';
import createCosmosServer from '@vercel/cosmosdb-server';
import { loadConfig } from '../../src/config';
import { CONTAINERS, configuredStoreOptions, openStore } from '../../src/store/cosmos';
import { cosmosClientOptions, identityAuth } from '../../src/store/cosmosClient';

const CLIENT_ID = '11111111-2222-4333-8444-555555555555';
const PRODUCTION = {
  MicrosoftAppId: CLIENT_ID,
  MicrosoftAppType: 'UserAssignedMSI',
  MicrosoftAppTenantId: '99999999-8888-4777-8666-555555555555',
  COSMOS_ENDPOINT: 'https://escalate.documents.azure.com',
};
const insecure = () => new https.Agent({ rejectUnauthorized: false });
const listen = (s: http.Server) =>
  new Promise<number>((r) => s.listen(0, '127.0.0.1', () => r((s.address() as AddressInfo).port)));
const close = (s: http.Server) =>
  new Promise<void>((r) => {
    s.closeAllConnections();
    s.close(() => r());
  });

/** The Cosmos-compatible server, recording each request's method, path and Authorization header. */
async function cosmosServer() {
  const server = createCosmosServer({ keepAlive: true });
  const seen: { method: string; url: string; auth: string }[] = [];
  server.prependListener('request', (req: http.IncomingMessage) =>
    seen.push({
      method: req.method ?? '',
      url: req.url ?? '',
      auth: decodeURIComponent(String(req.headers.authorization)),
    }),
  );
  const endpoint = `https://127.0.0.1:${await listen(server)}`;
  return { server, seen, endpoint };
}

/** A database with only these containers (made with a key, as the infrastructure would). */
async function seed(endpoint: string, databaseId: string, containers: string[]): Promise<void> {
  const client = new CosmosClient({ endpoint, key: 'seed', agent: insecure() });
  const { database } = await client.databases.createIfNotExists({ id: databaseId });
  for (const id of containers)
    await database.containers.createIfNotExists({
      id,
      ...CONTAINERS[id as keyof typeof CONTAINERS],
    });
  client.dispose();
}

describe('Cosmos DB with a managed identity', () => {
  it('builds the client with aadCredentials and no key under managed identity, and the key otherwise', () => {
    const agent = insecure();
    const mi = cosmosClientOptions('https://a.example', identityAuth(CLIENT_ID), agent, {});
    assert.ok(mi.aadCredentials instanceof ChainedTokenCredential);
    assert.equal('key' in mi, false);
    const keyed = cosmosClientOptions('https://a.example', { kind: 'key', key: 'k' }, agent, {});
    assert.equal(keyed.key, 'k');
    assert.equal('aadCredentials' in keyed, false);
    agent.destroy();
  });

  it('configuration: UserAssignedMSI without COSMOS_KEY signs in as the bot identity; with a key it is refused', () => {
    const config = loadConfig(PRODUCTION);
    assert.equal(config.cosmosAuth, 'identity');
    const opts = configuredStoreOptions(config);
    assert.equal(opts.identityClientId, CLIENT_ID);
    assert.equal('key' in opts, false);
    assert.throws(
      () => loadConfig({ ...PRODUCTION, COSMOS_KEY: 'a-key' }),
      (e: Error) => /COSMOS_KEY must be empty with MicrosoftAppType=UserAssignedMSI/.test(e.message),
    );
    const single = {
      ...PRODUCTION,
      MicrosoftAppType: 'SingleTenant',
      MicrosoftAppPassword: 'p',
      COSMOS_KEY: 'k',
    };
    assert.equal(loadConfig(single).cosmosAuth, 'key');
    assert.equal(loadConfig({}).cosmosAuth, 'embedded');
  });

  describe('against a fake managed-identity endpoint', () => {
    const saved = { endpoint: process.env.IDENTITY_ENDPOINT, header: process.env.IDENTITY_HEADER };
    const tokenRequests: string[] = [];
    let msi: http.Server;

    before(async () => {
      msi = http.createServer((req, res) => {
        tokenRequests.push(`${req.url} ${String(req.headers['x-identity-header'])}`);
        res.setHeader('content-type', 'application/json');
        const expires = String(Math.floor(Date.now() / 1000) + 3600);
        res.end(
          JSON.stringify({ access_token: 'token-from-msi', expires_on: expires, token_type: 'Bearer' }),
        );
      });
      // how App Service exposes a managed identity to the app (read by @azure/identity, not by our code)
      process.env.IDENTITY_ENDPOINT = `http://127.0.0.1:${await listen(msi)}/msi/token`;
      process.env.IDENTITY_HEADER = 'app-service-header';
    });

    after(async () => {
      for (const [name, value] of [
        ['IDENTITY_ENDPOINT', saved.endpoint],
        ['IDENTITY_HEADER', saved.header],
      ] as const)
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      await close(msi);
    });

    it('signs every request with the identity token (never a key) and creates nothing', async () => {
      const cosmos = await cosmosServer();
      try {
        await seed(cosmos.endpoint, 'escalate', Object.keys(CONTAINERS));
        cosmos.seen.length = 0;
        const store = await openStore({
          endpoint: cosmos.endpoint,
          identityClientId: CLIENT_ID,
          agent: insecure(),
        });
        assert.equal(await store.ping(), true);
        await store.close();
        assert.ok(
          tokenRequests.some((r) => r.includes(`client_id=${CLIENT_ID}`) && r.endsWith('app-service-header')),
        );
        assert.ok(cosmos.seen.length > 0);
        for (const r of cosmos.seen) assert.match(r.auth, /^type=aad&ver=1\.0&sig=token-from-msi$/, r.url);
        assert.deepEqual(
          cosmos.seen.filter((r) => r.method !== 'GET'),
          [],
          'no database or container is created',
        );
      } finally {
        await close(cosmos.server);
      }
    });

    it('refuses a key and a managed identity together', async () => {
      await assert.rejects(
        openStore({ endpoint: 'https://127.0.0.1:9', key: 'k', identityClientId: CLIENT_ID }),
        /COSMOS_KEY is never used with a managed identity/,
      );
    });
  });

  it('names every missing container, and a missing database, instead of creating them', async () => {
    const cosmos = await cosmosServer();
    try {
      await seed(cosmos.endpoint, 'partial', ['cases', 'settings']);
      const check = { endpoint: cosmos.endpoint, key: 'k', containers: 'check' as const };
      await assert.rejects(openStore({ ...check, databaseId: 'partial', agent: insecure() }), (e: Error) => {
        assert.match(e.message, /database "partial"/);
        assert.match(e.message, /container directory \(partition key \/partnershipId\) is missing/);
        assert.match(e.message, /container conversations \(partition key \/id\) is missing/);
        assert.doesNotMatch(e.message, /container (cases|settings)/);
        return true;
      });
      await assert.rejects(
        openStore({ ...check, databaseId: 'absent', agent: insecure() }),
        /database "absent" does not exist/,
      );
      const before = cosmos.seen.length;
      await seed(cosmos.endpoint, 'whole', Object.keys(CONTAINERS));
      const store = await openStore({ ...check, databaseId: 'whole', agent: insecure() });
      await store.close();
      assert.ok(cosmos.seen.length > before);
    } finally {
      await close(cosmos.server);
    }
  });

  it('names the endpoint it cannot reach', async () => {
    const closed = http.createServer();
    const port = await listen(closed);
    await close(closed);
    await assert.rejects(
      openStore({ endpoint: `https://127.0.0.1:${port}`, key: 'k' }),
      new RegExp(`cannot reach Cosmos DB at https://127\\.0\\.0\\.1:${port}: .*ECONNREFUSED`),
    );
  });
});
