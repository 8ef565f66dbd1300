/** The HTTP edge: JSON bodies only, streamed size limit, nothing on disk, loopback Host, channel, cached /readyz, modes. */
import { strict as assert } from 'node:assert';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from '../../src/config';
import { cachedReadiness } from '../../src/server';
import { openStore } from '../../src/store/cosmos';
import { startHarness, TENANT, teamsActivity, type Harness } from '../support/botHarness';
import { DEMO } from '../support/demoPeople';

const APP_ID = 'a1b2c3d4-0000-4000-8000-00000000a99a';
const PRODUCTION = {
  MicrosoftAppId: APP_ID,
  MicrosoftAppPassword: 'secret',
  MicrosoftAppType: 'SingleTenant',
  MicrosoftAppTenantId: TENANT,
  COSMOS_ENDPOINT: 'https://x.documents.azure.com',
  COSMOS_KEY: 'key',
};

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  return [];
}

interface RawAnswer {
  status: number;
  body: string;
  /** How many of the chunks had been written when the answer came. */
  written: number;
}

/** One request over a plain socket, so headers (Host, chunked bodies, a lying Content-Length) are exactly ours. */
function raw(
  url: string,
  opts: {
    method?: string;
    path: string;
    headers?: Record<string, string>;
    chunks?: Buffer[];
    gapMs?: number;
  },
): Promise<RawAnswer> {
  const { hostname, port } = new URL(url);
  const chunks = opts.chunks ?? [];
  let written = 0;
  return new Promise((resolve, reject) => {
    const req = http.request({
      hostname,
      port,
      method: opts.method ?? 'POST',
      path: opts.path,
      headers: opts.headers,
      agent: false,
    });
    req.flushHeaders();
    let answered = false;
    req.on('error', (e) => {
      if (!answered) reject(e); // a write cut off after the answer is expected
    });
    req.on('response', (res) => {
      answered = true;
      const at = written;
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => {
        req.destroy();
        resolve({ status: res.statusCode ?? 0, body, written: at });
      });
      res.on('error', () => resolve({ status: res.statusCode ?? 0, body, written: at }));
    });
    const next = () => {
      if (answered) return;
      if (written === chunks.length) {
        if (!opts.headers?.['content-length'] || written > 0) req.end();
        return;
      }
      req.write(chunks[written++]);
      setTimeout(next, opts.gapMs ?? 0);
    };
    next();
  });
}

describe('the HTTP edge (local mode, real server on 127.0.0.1)', function () {
  this.timeout(60_000);
  let h: Harness;
  let tmp: string;
  let savedTmp: string | undefined;
  const messageJson = () =>
    JSON.stringify(teamsActivity(h.connector.url, DEMO.priya, { type: 'message', text: 'help' }));

  before(async () => {
    h = await startHarness();
    // anything a body parser spilled to disk would land here
    savedTmp = process.env.TMPDIR;
    tmp = mkdtempSync(path.join(os.tmpdir(), 'escalate-edge-'));
    process.env.TMPDIR = tmp;
    assert.equal(os.tmpdir(), tmp);
  });
  after(async () => {
    if (savedTmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = savedTmp;
    rmSync(tmp, { recursive: true, force: true });
    await h.close();
  });

  const multipart = () => {
    const b = 'XyZboundary';
    return {
      type: `multipart/form-data; boundary=${b}`,
      body: Buffer.from(
        `--${b}\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n` +
          `Content-Type: application/octet-stream\r\n\r\n${'A'.repeat(50_000)}\r\n--${b}--\r\n`,
      ),
    };
  };

  for (const route of ['/api/messages', '/test/clock'])
    it(`${route}: 415 for multipart, form-encoded, plain text or no Content-Type, and nothing on disk`, async () => {
      const before = readdirSync(tmp);
      const cases: [string | undefined, Buffer][] = [
        [multipart().type, multipart().body],
        ['application/x-www-form-urlencoded', Buffer.from('type=message&text=hi')],
        ['text/plain', Buffer.from(messageJson())],
        [undefined, Buffer.from(messageJson())],
        ['application/json; charset=latin1', Buffer.from(messageJson())],
      ];
      for (const [type, body] of cases) {
        const headers: Record<string, string> = { 'content-length': String(body.length) };
        if (type) headers['content-type'] = type;
        const r = await raw(h.app.url, { path: route, headers, chunks: [body] });
        assert.equal(r.status, 415, `${type ?? 'no Content-Type'}: ${r.body}`);
      }
      assert.deepEqual(readdirSync(tmp), before, 'no file was written');
      assert.equal(h.connector.received.length, 0);
    });

  it('accepts application/json with a UTF-8 charset', async () => {
    const body = Buffer.from(messageJson());
    const r = await raw(h.app.url, {
      path: '/api/messages',
      headers: { 'content-type': 'application/json; charset=utf-8', 'content-length': String(body.length) },
      chunks: [body],
    });
    assert.equal(r.status, 200, r.body);
  });

  it('413 at once when Content-Length is too big, before any of the body is sent', async () => {
    const r = await raw(h.app.url, {
      path: '/api/messages',
      headers: { 'content-type': 'application/json', 'content-length': '10000000' },
    });
    assert.equal(r.status, 413);
    assert.equal(r.written, 0);
  });

  it('413 as soon as a chunked body passes the limit (no Content-Length), not at its end', async () => {
    const limit = loadConfig({}).MAX_BODY_BYTES;
    const chunk = Buffer.alloc(16_384, 0x20);
    const chunks = Array.from({ length: 200 }, () => chunk); // 3.2 MB if it were all sent
    const r = await raw(h.app.url, {
      path: '/api/messages',
      headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      chunks,
      gapMs: 5,
    });
    assert.equal(r.status, 413);
    assert.ok(r.written * chunk.length > limit, 'the limit was passed');
    assert.ok(r.written < 40, `answered after ${r.written} of ${chunks.length} chunks`);
    assert.deepEqual(readdirSync(tmp), []);
    // and the server is still fine
    assert.equal((await fetch(`${h.app.url}/healthz`)).status, 200);
  });

  it('400 for invalid JSON, and a JSON body within the limit is processed', async () => {
    assert.equal((await h.post('{"type":')).status, 400);
    assert.equal((await h.post(messageJson())).status, 200);
  });

  it('refuses an activity from another channel (403) before the bot sees it', async () => {
    const sent = h.connector.received.length;
    for (const channelId of ['directline', 'webchat', 'emulator', undefined]) {
      const activity = teamsActivity(h.connector.url, DEMO.priya, {
        type: 'message',
        text: 'help',
        channelId,
      });
      const r = await h.post(activity);
      assert.equal(r.status, 403, `${channelId}: ${r.text}`);
    }
    await h.settle();
    assert.equal(h.connector.received.length, sent, 'no reply was sent');
  });

  it('answers only loopback Host headers in local mode (403 otherwise: DNS rebinding)', async () => {
    for (const host of ['evil.example:3978', 'evil.example', '127.0.0.1.evil.example', '10.0.0.1:3978'])
      assert.equal(
        (await raw(h.app.url, { method: 'GET', path: '/healthz', headers: { host } })).status,
        403,
        host,
      );
    const body = Buffer.from(messageJson());
    const evil = await raw(h.app.url, {
      path: '/api/messages',
      headers: {
        host: 'evil.example:3978',
        'content-type': 'application/json',
        'content-length': String(body.length),
      },
      chunks: [body],
    });
    assert.equal(evil.status, 403);
    for (const host of ['127.0.0.1:3978', 'localhost', 'LOCALHOST:80', '[::1]:3978', '[::1]'])
      assert.equal(
        (await raw(h.app.url, { method: 'GET', path: '/healthz', headers: { host } })).status,
        200,
        host,
      );
  });

  it('/readyz answers from a short cache: 50 requests, one store ping', async () => {
    const store = h.app.store;
    const ping = store.ping.bind(store);
    let pings = 0;
    store.ping = () => {
      pings++;
      return ping();
    };
    try {
      const answers = await Promise.all(
        Array.from({ length: 25 }, () => fetch(`${h.app.url}/readyz`).then((r) => r.status)),
      );
      for (let i = 0; i < 25; i++) answers.push((await fetch(`${h.app.url}/readyz`)).status);
      assert.deepEqual(new Set(answers), new Set([200]));
      assert.equal(pings, 1);
    } finally {
      store.ping = ping;
    }
  });
});

describe('readiness cache', () => {
  it('pings once per period, one ping in flight, and a failure is not ready', async () => {
    let t = 0;
    let calls = 0;
    let answer: (ok: boolean) => void = () => undefined;
    const ready = cachedReadiness(
      () => {
        calls++;
        return new Promise<boolean>((r) => (answer = r));
      },
      5000,
      () => t,
    );
    const first = [ready(), ready(), ready()];
    assert.equal(calls, 1, 'one ping in flight');
    answer(true);
    assert.deepEqual(await Promise.all(first), [true, true, true]);
    t = 4999;
    assert.equal(await ready(), true);
    assert.equal(calls, 1);
    t = 5000;
    const again = ready();
    assert.equal(calls, 2);
    answer(false);
    assert.equal(await again, false);
    const failing = cachedReadiness(() => Promise.reject(new Error('down')));
    assert.equal(await failing(), false);
  });
});

describe('modes (config)', () => {
  it('is production whenever MicrosoftAppId is set, whatever NODE_ENV says', () => {
    for (const NODE_ENV of ['Production', 'staging', 'development', undefined]) {
      const env: Record<string, string> = { ...PRODUCTION };
      if (NODE_ENV) env.NODE_ENV = NODE_ENV;
      const c = loadConfig(env);
      assert.equal(c.mode, 'production', String(NODE_ENV));
      assert.equal(c.production, true);
    }
    assert.equal(loadConfig({ NODE_ENV: 'PRODUCTION', ...PRODUCTION }).mode, 'production');
    assert.equal(loadConfig({}).mode, 'local');
    assert.equal(loadConfig({}).production, false);
    assert.equal(loadConfig({ NODE_ENV: 'staging' }).mode, 'local');
  });

  it('NODE_ENV=production in any case without an app id is production, and refused for lack of one', () => {
    for (const NODE_ENV of ['production', 'Production', 'PRODUCTION'])
      assert.ok(
        problemsOf({ NODE_ENV }).some((p) => p.startsWith('MicrosoftAppId')),
        NODE_ENV,
      );
  });

  for (const NODE_ENV of ['Production', 'staging', undefined])
    it(`refuses the test clock with a MicrosoftAppId and NODE_ENV ${NODE_ENV ?? 'unset'}`, () => {
      const env: Record<string, string> = { ...PRODUCTION, ESCALATE_TEST_CLOCK: 'true' };
      if (NODE_ENV) env.NODE_ENV = NODE_ENV;
      assert.throws(
        () => loadConfig(env),
        (e) => e instanceof ConfigError && /ESCALATE_TEST_CLOCK/.test(e.message),
      );
    });

  it('refuses the test clock off loopback', () => {
    assert.ok(
      problemsOf({ ESCALATE_TEST_CLOCK: 'true', HOST: '0.0.0.0' }).some((p) => /ESCALATE_TEST_CLOCK/.test(p)),
    );
    assert.equal(loadConfig({ ESCALATE_TEST_CLOCK: 'true' }).ESCALATE_TEST_CLOCK, true);
  });

  it('local mode refuses a real Cosmos DB endpoint, accepts a loopback one', () => {
    assert.throws(
      () => loadConfig({ COSMOS_ENDPOINT: 'https://x.documents.azure.com', COSMOS_KEY: 'key' }),
      (e) => e instanceof ConfigError && /COSMOS_ENDPOINT/.test(e.message),
    );
    assert.throws(() => loadConfig({ COSMOS_ENDPOINT: 'not a url', COSMOS_KEY: 'key' }), ConfigError);
    for (const endpoint of ['https://127.0.0.1:8081', 'https://localhost:8081', 'https://[::1]:8081'])
      assert.equal(loadConfig({ COSMOS_ENDPOINT: endpoint, COSMOS_KEY: 'key' }).mode, 'local');
  });

  it('a Cosmos endpoint without COSMOS_KEY is a start-up error unless the managed identity signs in (no emulator key)', async () => {
    assert.equal(
      loadConfig({ ...PRODUCTION, COSMOS_KEY: '', MicrosoftAppType: 'UserAssignedMSI' }).cosmosAuth,
      'identity',
    );
    for (const env of [{ COSMOS_ENDPOINT: 'https://127.0.0.1:8081' }, { ...PRODUCTION, COSMOS_KEY: '' }])
      assert.throws(
        () => loadConfig(env),
        (e) => e instanceof ConfigError && e.problems.some((p) => p.startsWith('COSMOS_KEY')),
      );
    await assert.rejects(
      openStore({ endpoint: 'https://127.0.0.1:9' }),
      (e) => e instanceof ConfigError && /COSMOS_KEY/.test(e.message),
    );
  });
});
