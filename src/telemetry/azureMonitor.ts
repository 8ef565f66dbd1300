/**
 * Telemetry to Application Insights through the Azure Monitor OpenTelemetry distro: incoming requests (the HTTP
 * instrumentation), dependencies (Cosmos DB and the Bot Connector over HTTP; Azure SDK spans through the Azure
 * SDK instrumentation), case events (customEvents) and metrics (customMetrics). Live metrics, statsbeat and log
 * forwarding are off: the only endpoint is the connection string's. The distro installs process-wide providers
 * and patches, so one runs at a time, and stopping undoes them: a process (a test run) goes on as before.
 */
import { createRequire } from 'node:module';
import type { IncomingMessage } from 'node:http';
import { AzureLogger, getLogLevel, setLogLevel } from '@azure/logger';
import {
  _getSdkInstance,
  shutdownAzureMonitor,
  useAzureMonitor,
  type AzureMonitorOpenTelemetryOptions,
} from '@azure/monitor-opentelemetry';
import { context, diag, metrics, propagation, trace } from '@opentelemetry/api';
import { logs } from '@opentelemetry/api-logs';
import { setTelemetrySdkEnvironment } from '../config';
import { recorder } from './recorder';
import { scrubbingProcessor } from './scrub';
import type { Telemetry } from './telemetry';

type InstrumentationConfig = NonNullable<
  NonNullable<AzureMonitorOpenTelemetryOptions['instrumentationOptions']>['http']
>;

let running = false;

/** Start sending telemetry to the Application Insights resource of `connectionString`. */
export function startAzureMonitor(connectionString: string): Telemetry {
  if (running) throw new Error('Application Insights telemetry is already running in this process');
  running = true;
  setTelemetrySdkEnvironment();
  const azureSdkLog = { level: getLogLevel(), log: AzureLogger.log };
  useAzureMonitor(optionsFor(connectionString));
  // the distro turns every Azure SDK's own warnings on, to the console, beside our JSON log: as they were
  setLogLevel(azureSdkLog.level);
  AzureLogger.log = azureSdkLog.log;
  patchLoadedModules();
  return recorder(stop);
}

function optionsFor(connectionString: string): AzureMonitorOpenTelemetryOptions {
  const http: InstrumentationConfig & { ignoreIncomingRequestHook(req: IncomingMessage): boolean } = {
    enabled: true,
    // Teams' requests only (and the local test routes): not the platform's health probes, which would be most
    // of the requests table, nor anything else the process serves (the embedded store, locally)
    ignoreIncomingRequestHook: (req) => !/^\/(api|test)\//.test(req.url ?? ''),
  };
  const off = { enabled: false };
  return {
    azureMonitorExporterOptions: { connectionString },
    // every request is kept: a partnership's traffic is a few hundred card actions a day
    samplingRatio: 1,
    tracesPerSecond: 0,
    enableLiveMetrics: false,
    browserSdkLoaderOptions: { enabled: false },
    instrumentationOptions: {
      http,
      azureSdk: { enabled: true },
      mongoDb: off,
      mySql: off,
      postgreSql: off,
      redis: off,
      redis4: off,
      // our JSON log lines (pino) stay in the process's output: none is forwarded
      bunyan: off,
      winston: off,
    },
    spanProcessors: [scrubbingProcessor],
  };
}

/**
 * An instrumentation patches a module when it is next required. The app's modules were loaded before telemetry
 * could start (it needs the configuration), so each instrumented one is required once more, which applies the
 * patch to the module everyone already holds.
 */
function patchLoadedModules(): void {
  const load = createRequire(__filename);
  for (const name of ['http', 'https', '@azure/core-tracing']) {
    try {
      load(name);
    } catch {
      // not installed: nothing to patch
    }
  }
}

/**
 * Shut the distro down (its providers flush), then undo what it set up process-wide, which
 * `shutdownAzureMonitor` leaves: the instrumentations' patches, the registered providers, its diagnostic logger.
 */
async function stop(): Promise<void> {
  // the distro keeps its instrumentations on the SDK instance only (read here, guarded, to switch them off)
  const sdk = _getSdkInstance() as unknown as { _instrumentations?: { disable(): void }[] } | undefined;
  const instrumentations = sdk?._instrumentations ?? [];
  try {
    await shutdownAzureMonitor();
  } finally {
    for (const i of instrumentations) i.disable();
    trace.disable();
    metrics.disable();
    logs.disable();
    propagation.disable();
    context.disable();
    diag.disable();
    running = false;
  }
}
