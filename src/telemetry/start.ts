/** Telemetry as configured: Application Insights when its connection string is set, otherwise none at all. */
import type { Config } from '../config';
import { NO_TELEMETRY, type Telemetry } from './telemetry';

export async function startTelemetry(config: Config): Promise<Telemetry> {
  if (!config.APPLICATIONINSIGHTS_CONNECTION_STRING) return NO_TELEMETRY;
  // loaded only when configured: the distro is large, and without it nothing of it is in the process
  const { startAzureMonitor } = await import('./azureMonitor');
  return startAzureMonitor(config.APPLICATIONINSIGHTS_CONNECTION_STRING);
}
