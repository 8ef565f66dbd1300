/**
 * The production build: tsconfig.build.json compiles src/ only, and the compiled bot, started in production mode
 * with placeholder settings and an unreachable Cosmos DB, stops with a message naming what it cannot reach,
 * without touching a dev dependency. A preload refuses every package the lockfile marks dev-only (exactly
 * what `npm ci --omit=dev` leaves out) and reports any attempt, so the embedded Cosmos server cannot load.
 */
import { strict as assert } from 'node:assert';
import { execFile, execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const ROOT = path.resolve(__dirname, '../..');
const TSC = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const APP_ID = '11111111-2222-4333-8444-555555555555';
const TENANT = '99999999-8888-4777-8666-555555555555';
const run = promisify(execFile);

/** Refuses (as "Cannot find module") and reports every module the lockfile marks dev-only. */
const GUARD = `
const Module = require('node:module');
const path = require('node:path');
const lock = require(${JSON.stringify(path.join(ROOT, 'package-lock.json'))});
const root = ${JSON.stringify(ROOT)};
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const file = resolve.call(this, request, ...rest);
  const rel = path.relative(root, file).split(path.sep).join('/');
  const at = rel.lastIndexOf('node_modules/');
  if (at >= 0) {
    const parts = rel.slice(at).split('/');
    const pkg = parts.slice(0, parts[1].startsWith('@') ? 3 : 2).join('/');
    const entry = lock.packages[rel.slice(0, at) + pkg];
    if (entry && entry.dev) {
      process.stderr.write('DEV DEPENDENCY REQUESTED: ' + request + '\\n');
      const e = new Error("Cannot find module '" + request + "'");
      e.code = 'MODULE_NOT_FOUND';
      throw e;
    }
  }
  return file;
};
`;

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const { port } = s.address() as { port: number };
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

interface Exit {
  code: number;
  stdout: string;
  stderr: string;
}

describe('production build', function () {
  this.timeout(240_000);
  let dir: string;

  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'escalate-build-'));
    // exactly what `npm run build` compiles, into a scratch folder
    execFileSync(process.execPath, [TSC, '-p', 'tsconfig.build.json', '--outDir', path.join(dir, 'dist')], {
      cwd: ROOT,
      stdio: 'pipe',
    });
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    writeFileSync(path.join(dir, 'guard.cjs'), GUARD);
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  /** node dist/src/index.js with only these settings (and a PATH without the Azure CLI). */
  async function start(settings: Record<string, string>): Promise<Exit> {
    const env = { PATH: path.dirname(process.execPath), LOG_LEVEL: 'info', ...settings };
    const args = ['--require', './guard.cjs', 'dist/src/index.js'];
    return run(process.execPath, args, { cwd: dir, env, timeout: 120_000 }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (e: { code?: number; stdout?: string; stderr?: string }) => ({
        code: e.code ?? -1,
        stdout: e.stdout ?? '',
        stderr: e.stderr ?? '',
      }),
    );
  }

  /** The mode the bot logged at start (its first JSON line is the redacted configuration). */
  function modeLogged(stdout: string): string | undefined {
    for (const line of stdout.split('\n'))
      try {
        const entry = JSON.parse(line) as { event?: string; config?: { mode?: string } };
        if (entry.event === 'config') return entry.config?.mode;
      } catch {
        // not a JSON line
      }
    return undefined;
  }

  /**
   * The embedded server was never asked for. Optional packages a dependency tries and does without may be asked
   * for (debug tries supports-color): the start went on to the store, so a production install copes with them.
   */
  function assertNoEmbeddedServer(exit: Exit): void {
    assert.doesNotMatch(exit.stderr, /DEV DEPENDENCY REQUESTED: @vercel\/cosmosdb-server/);
    assert.doesNotMatch(exit.stdout + exit.stderr, /EMBEDDED STORE/);
  }

  it('compiles src/ only (no tests), with the entry point package.json names', () => {
    assert.deepEqual(readdirSync(path.join(dir, 'dist')), ['src']);
    const { main } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { main: string };
    assert.equal(main, 'dist/src/index.js');
    assert.ok(existsSync(path.join(dir, main)));
    assert.ok(existsSync(path.join(dir, 'dist', 'src', 'demo', 'directory.json')));
  });

  it('with a key: starts in production mode and stops naming the Cosmos DB it cannot reach', async () => {
    const port = await closedPort();
    const exit = await start({
      MicrosoftAppId: APP_ID,
      MicrosoftAppPassword: 'placeholder-password',
      MicrosoftAppType: 'SingleTenant',
      MicrosoftAppTenantId: TENANT,
      COSMOS_ENDPOINT: `https://127.0.0.1:${port}`,
      COSMOS_KEY: 'cGxhY2Vob2xkZXI=',
      PORT: '0',
    });
    assert.equal(modeLogged(exit.stdout), 'production', exit.stdout);
    assert.notEqual(exit.code, 0);
    assert.match(
      exit.stderr,
      new RegExp(
        `Escalate failed to start: cannot reach Cosmos DB at https://127\\.0\\.0\\.1:${port}: .*ECONNREFUSED`,
      ),
    );
    assertNoEmbeddedServer(exit);
  });

  it('as the managed identity (as on Azure): stops naming the token it cannot get, and for which identity', async () => {
    const [cosmos, identity] = [await closedPort(), await closedPort()];
    const exit = await start({
      NODE_ENV: 'production',
      HOST: '0.0.0.0',
      MicrosoftAppId: APP_ID,
      MicrosoftAppType: 'UserAssignedMSI',
      MicrosoftAppTenantId: TENANT,
      COSMOS_ENDPOINT: `https://127.0.0.1:${cosmos}`,
      PORT: '0',
      // where App Service offers the identity's tokens: nothing answers there
      IDENTITY_ENDPOINT: `http://127.0.0.1:${identity}/msi/token`,
      IDENTITY_HEADER: 'placeholder',
    });
    assert.equal(modeLogged(exit.stdout), 'production', exit.stdout);
    assert.notEqual(exit.code, 0);
    assert.match(
      exit.stderr,
      new RegExp(
        `Escalate failed to start: cannot get a Microsoft Entra token for Cosmos DB at https://127\\.0\\.0\\.1:${cosmos} as managed identity ${APP_ID}`,
      ),
    );
    assertNoEmbeddedServer(exit);
  });

  it('the guard does refuse a dev dependency (so the checks above mean something)', async () => {
    const { stderr } = await run(
      process.execPath,
      ['--require', './guard.cjs', '-e', "require('@vercel/cosmosdb-server')"],
      { cwd: dir },
    ).catch((e: { stderr: string }) => ({ stderr: e.stderr }));
    assert.match(stderr, /DEV DEPENDENCY REQUESTED: @vercel\/cosmosdb-server/);
  });

  it('lint refuses src/ code that imports the embedded server (or any dev dependency)', async () => {
    const bin = path.join(ROOT, 'node_modules', '.bin', 'depcruise');
    const out = await run(bin, ['test/deploy/fixture/src', '--output-type', 'json'], {
      cwd: ROOT,
      maxBuffer: 64 << 20,
    }).catch((e: { stdout?: string }) => ({ stdout: e.stdout ?? '' }));
    const report = JSON.parse(out.stdout) as {
      summary: { violations: { rule: { name: string }; from: string; to: string }[] };
    };
    assert.deepEqual(
      report.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`),
      [
        'production-needs-no-dev-dependencies: test/deploy/fixture/src/bot/loadsEmbeddedServer.ts → node_modules/@vercel/cosmosdb-server/lib/index.js',
      ],
    );
  });
});
