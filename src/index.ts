/** Entry point: validate the configuration, start, and stop cleanly on SIGINT/SIGTERM. */
import { ConfigError, loadConfig, redacted } from './config';
import { createLogger } from './log';
import { startApp } from './startApp';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`Escalate cannot start: ${e.message}\n`);
      process.exit(2);
    }
    throw e;
  }
  const log = createLogger(config.LOG_LEVEL);
  log.info({ event: 'config', config: redacted(config) }, 'configuration');
  if (config.mode === 'local')
    log.warn(
      { event: 'localMode' },
      'LOCAL MODE (no MicrosoftAppId): no authentication, loopback only. Set MicrosoftAppId for production.',
    );
  const app = await startApp({ config, log });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ event: 'stopping', signal }, 'stopping: finishing requests in flight');
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((e: unknown) => {
  process.stderr.write(`Escalate failed to start: ${(e as Error).message}\n`);
  process.exit(1);
});
