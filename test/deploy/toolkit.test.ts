/**
 * The Microsoft 365 Agents Toolkit project (m365agents*.yml, env/, infra/) against the code, since no Bicep compiler
 * or Azure is reachable here: the app settings the Bicep sets are settings config.ts reads and make a valid
 * production configuration; every ${{VAR}} the Toolkit expands is declared in env/; the containers the Bicep
 * creates are the ones the store checks; the deployed package holds what production needs and nothing else.
 */
import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../src/config';
import { CONTAINERS } from '../../src/store/cosmos';

// js-yaml (a dependency of date-holidays and mocha) and ignore (of eslint, the same version the Toolkit's zip
// deploy uses) are already installed: no new dependency for these checks
// eslint-disable-next-line @typescript-eslint/no-require-imports
const yaml = require('js-yaml') as { load(text: string): unknown };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ignore = require('ignore') as () => { add(p: string): unknown; ignores(p: string): boolean };

const ROOT = path.resolve(__dirname, '../..');
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');

/** Settings App Service itself reads (not our code), each with its reason. */
const PLATFORM_SETTINGS: Record<string, string> = {
  WEBSITE_RUN_FROM_PACKAGE: 'App Service runs the app from the zip the deploy step uploads',
  SCM_DO_BUILD_DURING_DEPLOYMENT:
    'App Service must not build: the zip holds dist/ and production node_modules',
};

/** Settings production gets from elsewhere than the Bicep, each with who supplies it and a sample value. */
const SUPPLIED_ELSEWHERE: Record<string, { by: string; sample: string }> = {
  PORT: { by: 'App Service sets it for the Node container', sample: '8080' },
};

/** Optional settings the administrator adds to the web app later (README "Deploy to Azure"), with sample values. */
const ADMIN_SETTINGS: Record<string, { when: string; sample: string }> = {
  GRAPH_ENABLED: { when: 'once the identity holds the Graph application permissions', sample: 'true' },
  TEAMS_APP_CATALOG_ID: {
    when: 'after atk publish (TEAMS_APP_PUBLISHED_APP_ID), for installs through Graph',
    sample: '22222222-3333-4444-8555-666666666666',
  },
};

/** Sample values for the settings the Bicep computes from resources (identity, Cosmos DB, Application Insights). */
const RESOURCE_VALUES: Record<string, string> = {
  MicrosoftAppId: '11111111-2222-4333-8444-555555555555',
  MicrosoftAppTenantId: '99999999-8888-4777-8666-555555555555',
  COSMOS_ENDPOINT: 'https://escalate123456.documents.azure.com:443/',
  COSMOS_DATABASE: 'escalate',
  PARTNERSHIP_ID: 'bscp',
  APPLICATIONINSIGHTS_CONNECTION_STRING:
    'InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://uksouth-1.in.applicationinsights.azure.com/',
};

/** Variables set in env/ that the administrator fills in before provisioning, or that the Toolkit generates. */
const FILLED_BEFORE_PROVISION: Record<string, string> = {
  PARTNERSHIP_ID: 'the administrator: the partnership id of the directory to import',
  RESOURCE_SUFFIX: 'the Toolkit: six random characters at the first provision',
};

/** The name/value pairs of the web app's appSettings in infra/azure.bicep. */
function bicepAppSettings(): Map<string, string> {
  const bicep = read('infra/azure.bicep');
  const block = /appSettings: \[([\s\S]*?)\n\s*\]/.exec(bicep)?.[1] ?? '';
  const settings = new Map<string, string>();
  for (const m of block.matchAll(/name: '([^']+)'\s*\n\s*value: ([^\n]+)/g))
    settings.set(m[1]!, m[2]!.replace(/\s*\/\/.*$/, '').trim());
  return settings;
}

/** KEY=value lines of an env/ file. */
function envFile(name: string): Map<string, string> {
  const vars = new Map<string, string>();
  for (const line of read(`env/${name}`).split('\n')) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line.trim());
    if (m) vars.set(m[1]!, m[2]!);
  }
  return vars;
}

const placeholders = (text: string) =>
  [...text.matchAll(/\$\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g)].map((m) => m[1]!);

describe('Agents Toolkit project: Bicep app settings and config.ts', () => {
  const settings = bicepAppSettings();
  const read_by_config = new Set(Object.keys(loadConfig({})));

  it('finds the app settings', () => {
    assert.ok(settings.size >= 10, [...settings.keys()].join());
  });

  it('every app setting the Bicep sets is one config.ts reads (or one App Service reads itself)', () => {
    for (const name of settings.keys())
      assert.ok(read_by_config.has(name) || name in PLATFORM_SETTINGS, `${name} is read by nobody`);
    for (const name of [...Object.keys(PLATFORM_SETTINGS), ...Object.keys(SUPPLIED_ELSEWHERE)])
      assert.ok(!read_by_config.has(name) || name in SUPPLIED_ELSEWHERE, name);
  });

  it('the Bicep settings, with what App Service supplies, are a valid production configuration: the managed identity, no secret', () => {
    const env: Record<string, string> = {};
    for (const [name, value] of settings) {
      if (name in PLATFORM_SETTINGS) continue;
      const literal = /^'(.*)'$/.exec(value)?.[1];
      const sample = literal ?? RESOURCE_VALUES[name];
      assert.ok(sample !== undefined, `give ${name} (= ${value}) a sample value in RESOURCE_VALUES`);
      env[name] = sample;
    }
    for (const [name, { sample }] of Object.entries(SUPPLIED_ELSEWHERE)) env[name] = sample;
    const config = loadConfig(env);
    assert.equal(config.mode, 'production');
    assert.equal(config.MicrosoftAppType, 'UserAssignedMSI');
    assert.equal(config.cosmosAuth, 'identity');
    assert.equal(config.MicrosoftAppPassword, '');
    assert.equal(config.COSMOS_KEY, '');
    assert.equal(config.HOST, '0.0.0.0');
    assert.equal(config.PORT, 8080);
    // what the administrator adds later is read by config.ts and keeps the configuration valid
    const admin = Object.fromEntries(
      Object.entries(ADMIN_SETTINGS).map(([name, { sample }]) => [name, sample]),
    );
    for (const name of Object.keys(admin)) assert.ok(read_by_config.has(name), name);
    assert.equal(loadConfig({ ...env, ...admin }).GRAPH_ENABLED, true);
    // and each of these is needed: without any one, production refuses to start
    for (const name of ['MicrosoftAppId', 'MicrosoftAppType', 'MicrosoftAppTenantId', 'COSMOS_ENDPOINT'])
      assert.throws(() => loadConfig({ ...env, [name]: '' }), new RegExp(name), name);
  });

  it('the identity signs in everywhere: bot (UserAssignedMSI), Cosmos DB data-plane role, web app identity', () => {
    const bicep = read('infra/azure.bicep');
    const bot = read('infra/botRegistration/azurebot.bicep');
    assert.equal(settings.get('MicrosoftAppId'), 'identity.properties.clientId');
    assert.match(bot, /msaAppType: 'UserAssignedMSI'/);
    assert.match(bot, /msaAppMSIResourceId: identityResourceId/);
    assert.match(bot, /channelName: 'MsTeamsChannel'/);
    assert.match(bicep, /var dataContributorRoleId = '00000000-0000-0000-0000-000000000002'/);
    assert.match(bicep, /principalId: identity\.properties\.principalId/);
    assert.match(bicep, /disableLocalAuth: true/);
    assert.match(bicep, /'\$\{identity\.id\}': \{\}/);
    assert.doesNotMatch(bicep, /listKeys|@secure\(\)|Microsoft\.KeyVault/, 'no secret, so no Key Vault');
  });

  it('runs the production entry point on Node 22 LTS', () => {
    const bicep = read('infra/azure.bicep');
    const pkg = JSON.parse(read('package.json')) as { main: string };
    assert.match(bicep, /linuxFxVersion: 'NODE\|22-lts'/);
    assert.equal(/appCommandLine: 'node ([^']+)'/.exec(bicep)?.[1], pkg.main);
  });
});

describe('Agents Toolkit project: Cosmos DB containers', () => {
  /** container name → { partition key, included index paths } as the Bicep declares them */
  function bicepContainers(): Map<
    string,
    { partitionKey: string[]; included: string[]; excluded: string[] }
  > {
    const bicep = read('infra/azure.bicep');
    const found = new Map<string, { partitionKey: string[]; included: string[]; excluded: string[] }>();
    const blocks = bicep
      .split(/\nresource /)
      .filter((b) => b.includes("'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@"));
    for (const block of blocks) {
      const paths = (section: string) =>
        [
          ...(new RegExp(`${section}: \\[([\\s\\S]*?)\\n\\s*\\]`).exec(block)?.[1] ?? '').matchAll(
            /'([^']+)'/g,
          ),
        ].map((m) => m[1]!);
      const name = /\n {2}name: '([^']+)'/.exec(block)?.[1] ?? '?';
      found.set(name, {
        partitionKey: paths('paths'),
        included: paths('includedPaths'),
        excluded: paths('excludedPaths'),
      });
    }
    return found;
  }

  it('the Bicep creates exactly the containers the store checks, with the same partition keys and index', () => {
    const found = bicepContainers();
    assert.deepEqual([...found.keys()].sort(), Object.keys(CONTAINERS).sort());
    for (const [name, def] of Object.entries(CONTAINERS)) {
      const c = found.get(name)!;
      assert.deepEqual(c.partitionKey, def.partitionKey.paths, name);
      const policy = (
        def as { indexingPolicy?: { includedPaths: { path: string }[]; excludedPaths: { path: string }[] } }
      ).indexingPolicy;
      assert.deepEqual(c.included, policy?.includedPaths.map((p) => p.path) ?? [], `${name} included paths`);
      assert.deepEqual(c.excluded, policy?.excludedPaths.map((p) => p.path) ?? [], `${name} excluded paths`);
    }
  });

  it('the database the Bicep creates is the one the app opens', () => {
    assert.match(read('infra/azure.bicep'), /var databaseName = 'escalate'/);
    assert.equal(bicepAppSettings().get('COSMOS_DATABASE'), 'databaseName');
    assert.equal(loadConfig({}).COSMOS_DATABASE, 'escalate');
  });
});

describe('Agents Toolkit project: yml files and env/ templates', () => {
  const YML: Record<string, string> = {
    'm365agents.yml': '.env.dev',
    'm365agents.playground.yml': '.env.playground',
  };

  it('the top level holds only the Toolkit files the template has', () => {
    const yml = readdirSync(ROOT).filter((f) => /^m365agents.*\.ya?ml$/.test(f));
    assert.deepEqual(yml.sort(), Object.keys(YML).sort());
  });

  for (const [file, envName] of Object.entries(YML))
    it(`${file} parses, and every variable it uses is declared in env/${envName}`, () => {
      const doc = yaml.load(read(file)) as Record<string, unknown>;
      assert.equal(doc.version, 'v1.11');
      assert.equal(doc.environmentFolderPath, './env');
      for (const stage of ['provision', 'deploy', 'publish'])
        for (const step of (doc[stage] as { uses?: unknown }[] | undefined) ?? [])
          assert.match(String(step.uses), /^[a-zA-Z]+\/[a-zA-Z]+$/, `${file} ${stage}`);
      const declared = envFile(envName);
      assert.equal(declared.get('TEAMSFX_ENV'), envName.slice('.env.'.length));
      for (const name of placeholders(read(file)))
        assert.ok(declared.has(name), `${file}: ${name} not in env/${envName}`);
    });

  it('what provision and publish expand (parameters, manifest) is declared in env/.env.dev too', () => {
    const declared = envFile('.env.dev');
    for (const file of ['infra/azure.parameters.json', 'appPackage/manifest.json'])
      for (const name of placeholders(read(file)))
        assert.ok(declared.has(name), `${file}: ${name} not in env/.env.dev`);
  });

  it('the ARM parameters are never empty when provisioning (the Toolkit refuses an unexpanded placeholder)', () => {
    const declared = envFile('.env.dev');
    const used = placeholders(read('infra/azure.parameters.json'));
    const empty = used.filter((name) => !declared.get(name));
    assert.deepEqual(empty.sort(), Object.keys(FILLED_BEFORE_PROVISION).sort());
  });

  it('the Bicep outputs land in env/.env.dev (arm/deploy writes them), and deploy and the manifest use them', () => {
    const outputs = [...read('infra/azure.bicep').matchAll(/^output (\w+) /gm)].map((m) => m[1]!);
    const declared = envFile('.env.dev');
    for (const name of outputs) assert.ok(declared.has(name), name);
    const used = new Set([
      ...placeholders(read('m365agents.yml')),
      ...placeholders(read('appPackage/manifest.json')),
    ]);
    for (const name of ['AZURE_APP_SERVICE_RESOURCE_ID', 'BOT_ID', 'BOT_DOMAIN']) {
      assert.ok(outputs.includes(name), name);
      assert.ok(used.has(name), name);
    }
  });

  it('publish validates, zips and publishes the package zip.js builds (manifest, two icons, BOT_ID and BOT_DOMAIN)', () => {
    const doc = yaml.load(read('m365agents.yml')) as Record<
      string,
      { uses: string; with?: Record<string, string> }[]
    >;
    assert.deepEqual(
      doc.publish!.map((s) => s.uses),
      [
        'teamsApp/validateManifest',
        'teamsApp/zipAppPackage',
        'teamsApp/validateAppPackage',
        'teamsApp/publishAppPackage',
      ],
    );
    assert.equal(doc.publish![1]!.with!.manifestPath, './appPackage/manifest.json');
    assert.deepEqual(
      placeholders(read('appPackage/manifest.json')).sort(),
      ['BOT_DOMAIN', 'BOT_ID', 'BOT_ID'].sort(),
    );
    assert.match(
      read('appPackage/zip.js'),
      /replaceAll\('\$\{\{BOT_ID\}\}'[\s\S]*replaceAll\('\$\{\{BOT_DOMAIN\}\}'/,
    );
  });

  it('deploy builds, keeps production dependencies only, and zips package.json, dist/src, cards and node_modules', () => {
    const doc = yaml.load(read('m365agents.yml')) as Record<
      string,
      { uses: string; with: Record<string, string> }[]
    >;
    assert.deepEqual(
      doc.deploy!.map((s) => s.with.args ?? s.uses),
      [
        'ci --no-audit --no-fund',
        'run build',
        'ci --omit=dev --no-audit --no-fund',
        'azureAppService/zipDeploy',
      ],
    );
    const ig = ignore();
    for (const line of read(doc.deploy![3]!.with.ignoreFile!).split('\n')) ig.add(line.trim());
    const shipped = (p: string) => !ig.ignores(p);
    for (const p of [
      'package.json',
      'package-lock.json',
      'dist/src/index.js',
      'cards/caseCard.json',
      'node_modules/zod/package.json',
    ])
      assert.ok(shipped(p), p);
    for (const p of [
      'src/index.ts',
      'test/deploy/toolkit.test.ts',
      'dist/test/x.js',
      'env/.env.dev',
      '.env',
      'infra/azure.bicep',
      'README.md',
      '.git/HEAD',
    ])
      assert.ok(!shipped(p), p);
  });
});
