/** Bot Framework authentication at the restify boundary, with locally generated keys (no network). */
import { strict as assert } from 'node:assert';
import sinon from 'sinon';
import { generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CaseDoc } from '../../src/app/caseDocument';
import { Clock } from '../../src/app/clock';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/log';
import { startApp, type App } from '../../src/startApp';
import { openStore } from '../../src/store/cosmos';
import { DEMO } from '../support/demoPeople';

const APP_ID = 'a1b2c3d4-0000-4000-8000-00000000a99a';
const TENANT = '11111111-1111-4111-8111-111111111111';
const ISSUER = 'https://api.botframework.com';
const SERVICE_URL = 'http://127.0.0.1:9/connector';

const b64url = (v: Buffer | string) => Buffer.from(v).toString('base64url');

function token(key: KeyObject, kid: string, claims: Record<string, unknown>): string {
  const header = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid }));
  const now = Math.floor(Date.now() / 1000);
  const payload = b64url(
    JSON.stringify({
      iss: ISSUER,
      aud: APP_ID,
      serviceurl: SERVICE_URL,
      nbf: now - 60,
      iat: now - 60,
      exp: now + 3600,
      ...claims,
    }),
  );
  return `${header}.${payload}.${b64url(sign('sha256', Buffer.from(`${header}.${payload}`), key))}`;
}

describe('Bot Framework authentication (local OpenID metadata, no network)', function () {
  this.timeout(60_000);
  let metadata: Server;
  let app: App;
  const trusted = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 });

  let quiet: sinon.SinonStub;
  before(async () => {
    quiet = sinon.stub(console, 'error'); // CloudAdapter prints each refused token's error; the status code is what we check
    metadata = createServer((req, res) => {
      const base = `http://127.0.0.1:${(metadata.address() as AddressInfo).port}`;
      res.setHeader('content-type', 'application/json');
      if (req.url === '/.well-known/openidconfiguration')
        return res.end(JSON.stringify({ issuer: ISSUER, jwks_uri: `${base}/keys` }));
      if (req.url === '/keys')
        return res.end(
          JSON.stringify({
            keys: [
              {
                ...trusted.publicKey.export({ format: 'jwk' }),
                kid: 'trusted',
                use: 'sig',
                // the Bot Framework's keys endorse many channels: a directline activity can authenticate
                endorsements: ['msteams', 'directline'],
              },
            ],
          }),
        );
      res.statusCode = 404;
      res.end('{}');
    });
    await new Promise<void>((r) => metadata.listen(0, '127.0.0.1', () => r()));
    const url = `http://127.0.0.1:${(metadata.address() as AddressInfo).port}/.well-known/openidconfiguration`;
    // production mode (an app id) needs a Cosmos endpoint: the in-process server, on loopback
    const store = await openStore({});
    const config = loadConfig({
      COSMOS_ENDPOINT: store.endpoint,
      COSMOS_KEY: 'in-process',
      PORT: '0',
      LOG_LEVEL: 'silent',
      DIGEST_DAY: 'off',
      MicrosoftAppId: APP_ID,
      MicrosoftAppPassword: 'not-used',
      MicrosoftAppType: 'SingleTenant',
      MicrosoftAppTenantId: TENANT,
      SWEEP_INTERVAL_SECONDS: '3600',
      DISPATCH_INTERVAL_MS: '60000',
    });
    app = await startApp({
      config,
      store,
      clock: new Clock(),
      log: createLogger('silent'),
      auth: {
        ToBotFromChannelOpenIdMetadataUrl: url,
        ToBotFromEmulatorOpenIdMetadataUrl: url,
        ToBotFromChannelTokenIssuer: ISSUER,
        ToChannelFromBotLoginUrl: 'http://127.0.0.1:9/login',
        ToChannelFromBotOAuthScope: ISSUER,
        ValidateAuthority: false,
      },
    });
  });
  after(async () => {
    quiet.restore();
    await app.close();
    await new Promise<void>((r) => metadata.close(() => r()));
  });

  function raiseInvoke(caseId: string, tenant = TENANT, channelId = 'msteams') {
    return {
      type: 'invoke',
      name: 'adaptiveCard/action',
      id: randomUUID(),
      channelId,
      serviceUrl: SERVICE_URL,
      from: { id: `29:${DEMO.priya}`, aadObjectId: DEMO.priya },
      recipient: { id: `28:${APP_ID}` },
      conversation: { id: `a:personal-${DEMO.priya}`, conversationType: 'personal', tenantId: tenant },
      channelData: { tenant: { id: tenant } },
      value: {
        action: {
          type: 'Action.Execute',
          verb: 'raise',
          data: {
            caseId,
            v: 0,
            procedureId: 'conflict-resolution-flowchart',
            otherProfessionalId: DEMO.jamie,
            reference: 'CSC/2026/0129',
            theme: 'threshold',
            summary: 'x',
          },
        },
        trigger: 'manual',
      },
    };
  }

  async function post(body: unknown, authorization?: string) {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (authorization) headers.authorization = authorization;
    return fetch(`${app.url}/api/messages`, { method: 'POST', headers, body: JSON.stringify(body) });
  }

  const now = Math.floor(Date.now() / 1000);
  const refused: [string, () => string | undefined, number][] = [
    ['no Authorization header', () => undefined, 401],
    ['a garbage token', () => 'Bearer not.a.token', 401],
    [
      'a token for another bot (wrong audience)',
      () => `Bearer ${token(trusted.privateKey, 'trusted', { aud: 'someone-else' })}`,
      401,
    ],
    [
      'a token from the wrong issuer',
      () => `Bearer ${token(trusted.privateKey, 'trusted', { iss: 'https://evil.example' })}`,
      401,
    ],
    [
      'an expired token',
      () =>
        `Bearer ${token(trusted.privateKey, 'trusted', { exp: now - 3600, nbf: now - 7200, iat: now - 7200 })}`,
      401,
    ],
    ['a token signed by an unknown key', () => `Bearer ${token(stranger.privateKey, 'trusted', {})}`, 401],
    ['a token with an unknown key id', () => `Bearer ${token(stranger.privateKey, 'stranger', {})}`, 401],
    [
      'a token for another service URL',
      () => `Bearer ${token(trusted.privateKey, 'trusted', { serviceurl: 'https://smba.example/other' })}`,
      401,
    ],
  ];

  for (const [name, header, status] of refused) {
    it(`refuses ${name} (${status}) and runs no handler`, async () => {
      const caseId = randomUUID();
      const res = await post(raiseInvoke(caseId), header());
      assert.equal(res.status, status);
      assert.equal(await app.store.cases.get<CaseDoc>(caseId), null, 'nothing was written');
    });
  }

  it('refuses another tenant (403), even with a valid token', async () => {
    const caseId = randomUUID();
    const res = await post(
      raiseInvoke(caseId, '99999999-9999-4999-8999-999999999999'),
      `Bearer ${token(trusted.privateKey, 'trusted', {})}`,
    );
    assert.equal(res.status, 403);
    assert.equal(await app.store.cases.get<CaseDoc>(caseId), null);
  });

  it('authenticates before the tenant: unauthenticated is 401 from any tenant, same answer', async () => {
    const other = '99999999-9999-4999-8999-999999999999';
    const answers = [];
    for (const tenant of [TENANT, other])
      for (const auth of [
        undefined,
        'Bearer not.a.token',
        `Bearer ${token(stranger.privateKey, 'trusted', {})}`,
      ]) {
        const caseId = randomUUID();
        const res = await post(raiseInvoke(caseId, tenant), auth);
        answers.push(`${res.status} ${await res.text()}`);
        assert.equal(await app.store.cases.get<CaseDoc>(caseId), null);
      }
    assert.deepEqual(new Set(answers), new Set(['401 {"error":"unauthorized"}']));
  });

  it('refuses another channel (403) with a valid token, and 401 without one', async () => {
    const caseId = randomUUID();
    const valid = `Bearer ${token(trusted.privateKey, 'trusted', {})}`;
    assert.equal((await post(raiseInvoke(caseId, TENANT, 'directline'), valid)).status, 403);
    assert.equal((await post(raiseInvoke(caseId, TENANT, 'directline'))).status, 401);
    assert.equal(await app.store.cases.get<CaseDoc>(caseId), null);
  });

  it('has no test clock in production mode (404)', async () => {
    assert.equal(app.clock.adjustable, false);
    const res = await fetch(`${app.url}/test/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ advanceTo: '2030-01-01T00:00:00Z' }),
    });
    assert.equal(res.status, 404);
  });

  it('accepts a valid token from the channel', async () => {
    const caseId = randomUUID();
    const res = await post(raiseInvoke(caseId), `Bearer ${token(trusted.privateKey, 'trusted', {})}`);
    assert.equal(res.status, 200);
    const body = (await res.json()) as { value: unknown };
    assert.match(JSON.stringify(body.value), /Stage 1/);
    assert.ok(await app.store.cases.get<CaseDoc>(caseId));
  });

  it('refuses oversized bodies (413) and malformed JSON (400) before authentication', async () => {
    const big = await fetch(`${app.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'message', text: 'x'.repeat(400_000) }),
    });
    assert.equal(big.status, 413);
    const bad = await fetch(`${app.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"type": "message",',
    });
    assert.equal(bad.status, 400);
  });
});
