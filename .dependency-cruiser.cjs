/**
 * The architecture's dependency rules (DESIGN.md §4), in one place, checked at any depth by `npm run lint`.
 * Paths match `src/<layer>/` anywhere, so the same rules hold for the fixture in test/lint/ that proves them.
 */
const layer = (name) => `(^|/)src/${name}/`;

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'No import cycles, type-only ones included: each module can be read without its dependants.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment: 'The domain imports nothing of ours outside the domain, and no I/O library.',
      from: { path: layer('domain') },
      to: {
        pathNot: [
          layer('domain'),
          '^node_modules/(zod|date-fns|@date-fns|date-holidays)/',
          '(^|/)node:crypto$',
          '^crypto$',
        ],
      },
    },
    {
      name: 'app-owns-its-ports',
      severity: 'error',
      comment:
        'The application imports the domain only: stores, Teams, the scheduler and the CLI plug into its ports.',
      from: { path: layer('app') },
      to: {
        path: [
          layer('store'),
          layer('bot'),
          layer('scheduler'),
          layer('cli'),
          layer('local'),
          layer('telemetry'),
          layer('graph'),
          'botbuilder',
          'restify',
          '@azure/cosmos',
        ],
      },
    },
    {
      name: 'store-and-scheduler-know-no-teams',
      severity: 'error',
      from: { path: [layer('store'), layer('scheduler'), layer('delivery')] },
      to: { path: [layer('bot'), layer('cli'), layer('local'), 'botbuilder'] },
    },
    {
      name: 'graph-is-an-adapter',
      comment:
        'Microsoft Graph (src/graph/) plugs into ports the app and the bot define: it knows no Teams turn, store, loop or command line.',
      severity: 'error',
      from: { path: layer('graph') },
      to: {
        path: [
          layer('bot'),
          layer('cli'),
          layer('local'),
          layer('store'),
          layer('scheduler'),
          layer('delivery'),
          'botbuilder',
          '@azure/cosmos',
        ],
      },
    },
    {
      name: 'cli-knows-no-teams',
      severity: 'error',
      from: { path: layer('cli') },
      to: { path: [layer('bot'), layer('local'), 'botbuilder'] },
    },
    {
      name: 'telemetry-sdk-only-in-telemetry',
      severity: 'error',
      comment:
        'The rest of the app calls the small Telemetry interface (src/telemetry/telemetry.ts); only src/telemetry/ knows Azure Monitor and OpenTelemetry.',
      from: { path: '(^|/)src/', pathNot: layer('telemetry') },
      to: { path: '(^|/)node_modules/(@azure/monitor-opentelemetry|@opentelemetry/)' },
    },
    {
      name: 'production-never-loads-test-hooks',
      severity: 'error',
      comment:
        'Test-only hooks (the test clock, the store interceptor) live in src/local/, which only the local start loads.',
      from: { path: '(^|/)src/', pathNot: [layer('local')] },
      to: { path: layer('local') },
    },
    {
      name: 'production-needs-no-dev-dependencies',
      severity: 'error',
      comment:
        'A production install (npm ci --omit=dev) has no dev dependencies: outside src/local/, only src/store/embeddedServer.ts uses one (the in-process Cosmos server, loaded lazily when no COSMOS_ENDPOINT is set, which production mode refuses).',
      from: { path: '(^|/)src/', pathNot: [layer('local'), '(^|/)src/store/embeddedServer\\.ts$'] },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '(^|/)dist/' },
  },
};
