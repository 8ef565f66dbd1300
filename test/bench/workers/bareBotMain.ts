/**
 * Section 4 baseline process: the bare bot (restify + CloudAdapter + the same store client) started the way
 * Escalate starts — configuration from the environment, store opened, then listening — so start time and RSS
 * can be compared. Logs `{"event":"started","url":…}` like Escalate does.
 */
import { loadConfig } from '../../../src/config';
import { openStore } from '../../../src/store/cosmos';
import { startBareBot } from '../lib/bareBot';

async function main(): Promise<void> {
  const config = loadConfig();
  const store = await openStore({
    endpoint: config.COSMOS_ENDPOINT || undefined,
    key: config.COSMOS_KEY,
    databaseId: config.COSMOS_DATABASE,
  });
  const bot = await startBareBot(
    config,
    (caseId) => store.cases.get(caseId),
    () => store.ping(),
    config.PORT,
  );
  process.stdout.write(`${JSON.stringify({ event: 'started', url: bot.url })}\n`);
  const stop = () => void bot.close().then(() => store.close().then(() => process.exit(0)));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((e: unknown) => {
  process.stderr.write(`bare bot failed to start: ${(e as Error).message}\n`);
  process.exit(1);
});
