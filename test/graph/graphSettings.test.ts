/** Microsoft Graph settings (#19): what config.ts refuses, whose token Graph gets, and how throttling is answered. */
import { strict as assert } from 'node:assert';
import {
  ChainedTokenCredential,
  ClientSecretCredential,
  ManagedIdentityCredential,
  AzureCliCredential,
} from '@azure/identity';
import { ConfigError, loadConfig } from '../../src/config';
import { GraphClient } from '../../src/graph/client';
import { graphCredential } from '../../src/graph/credential';
import { appInstaller } from '../../src/graph/install';
import { FakeGraph, fixedToken } from '../support/fakeGraph';
import { MemoryLog } from '../support/memoryLog';

const CATALOG = '7d1f5c3e-2b4a-4c8e-9f60-1a2b3c4d5e6f';
const PRODUCTION = {
  MicrosoftAppId: '11111111-2222-4333-8444-555555555555',
  MicrosoftAppType: 'UserAssignedMSI',
  MicrosoftAppTenantId: '99999999-8888-4777-8666-555555555555',
  COSMOS_ENDPOINT: 'https://escalate.documents.azure.com',
};

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
    return [];
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
}

describe('Microsoft Graph settings', () => {
  it('is off by default, at https://graph.microsoft.com', () => {
    const c = loadConfig({});
    assert.equal(c.GRAPH_ENABLED, false);
    assert.equal(c.GRAPH_ENDPOINT, 'https://graph.microsoft.com');
    assert.equal(c.TEAMS_APP_CATALOG_ID, '');
    assert.equal(appInstaller(c, new MemoryLog().logger), undefined, 'no installer without GRAPH_ENABLED');
  });

  it('lists every Graph problem at once', () => {
    const found = problems({
      ...PRODUCTION,
      GRAPH_ENDPOINT: 'http://graph.example.org',
      TEAMS_APP_CATALOG_ID: CATALOG,
    });
    assert.ok(
      found.some((p) => /GRAPH_ENDPOINT must be https/.test(p)),
      found.join('; '),
    );
    assert.ok(found.some((p) => /TEAMS_APP_CATALOG_ID does nothing without GRAPH_ENABLED/.test(p)));
    assert.ok(
      problems({ GRAPH_ENABLED: 'true', TEAMS_APP_CATALOG_ID: 'Escalate' }).some((p) =>
        /TEAMS_APP_CATALOG_ID: must be the app catalog id/.test(p),
      ),
    );
    assert.ok(
      problems({ GRAPH_ENABLED: 'true' }).some((p) =>
        /local mode .* needs a loopback GRAPH_ENDPOINT/.test(p),
      ),
      'local mode reaches no real Graph',
    );
    assert.deepEqual(problems({ GRAPH_ENABLED: 'true', GRAPH_ENDPOINT: 'http://127.0.0.1:9' }), []);
  });

  it('Graph gets the bot’s identity: the managed identity, else the app secret; the CLI may use az login', () => {
    const msi = loadConfig({ ...PRODUCTION, GRAPH_ENABLED: 'true' });
    assert.ok(graphCredential(msi, 'bot') instanceof ManagedIdentityCredential);
    assert.ok(graphCredential(msi, 'cli') instanceof ChainedTokenCredential);
    const secret = loadConfig({
      ...PRODUCTION,
      MicrosoftAppType: 'SingleTenant',
      MicrosoftAppPassword: 'not-a-real-secret',
      COSMOS_KEY: 'k',
    });
    assert.ok(graphCredential(secret, 'bot') instanceof ClientSecretCredential);
    const local = loadConfig({});
    assert.ok(graphCredential(local, 'cli') instanceof AzureCliCredential);
    assert.throws(() => graphCredential(local, 'bot'), /GRAPH_ENABLED needs the bot’s identity/);
  });

  it('an installer with GRAPH_ENABLED but no catalog id is off, and says so', () => {
    const log = new MemoryLog();
    const c = loadConfig({ GRAPH_ENABLED: 'true', GRAPH_ENDPOINT: 'http://127.0.0.1:9' });
    assert.equal(appInstaller(c, log.logger, fixedToken()), undefined);
    assert.ok(log.since(0).some((e) => e.event === 'graphInstallsOff'));
  });

  describe('the client', () => {
    const graph = new FakeGraph();
    before(() => graph.start());
    after(() => graph.stop());

    it('answers 429 with the wait Graph asks for (or a backoff), three attempts at most', async () => {
      const waits: number[] = [];
      const client = new GraphClient({
        endpoint: graph.url,
        credential: fixedToken(),
        sleep: (ms) => Promise.resolve(void waits.push(ms)),
      });
      const user = 'bbbbbbbb-0000-4000-8000-000000000001';
      graph.installStatus.set(user, 429);
      const r = await client.call('installedApps.post', 'POST', `/users/${user}/teamwork/installedApps`, {
        body: { 'teamsApp@odata.bind': `${graph.url}/v1.0/appCatalogs/teamsApps/${CATALOG}` },
      });
      assert.equal(r.status, 429);
      assert.equal(graph.installsFor(user).length, 3);
      assert.deepEqual(waits, [2000, 4000]);
    });

    it('an unreachable Graph is status 0 with the error’s name, never a throw', async () => {
      const client = new GraphClient({ endpoint: 'http://127.0.0.1:9', credential: fixedToken() });
      const r = await client.call('users.get', 'GET', '/users/x');
      assert.equal(r.status, 0);
      assert.ok(r.code);
    });
  });
});
