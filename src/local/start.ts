/** `npm start`: the bot on 127.0.0.1 with the embedded store and demo directory, plus a Teams-like client per demo person (personas.ts). */
import path from 'node:path';
import { demoDirectory } from '../app/directoryFile';
import { loadLocalDemoConfig } from '../config';
import { createLogger } from '../log';
import { startApp } from '../startApp';
import { DEMO_PERSONAS, personaLines } from './personas';
import { startPlaygrounds, stopPlaygrounds } from './playground';
import { localHooks } from './testHooks';

async function main(): Promise<void> {
  const config = loadLocalDemoConfig();
  const log = createLogger(config.LOG_LEVEL);
  const app = await startApp({ config, log, extend: localHooks });
  const dir = demoDirectory();
  const playgrounds = await startPlaygrounds(
    dir,
    DEMO_PERSONAS,
    `${app.url}/api/messages`,
    path.resolve('devTools', 'playground'),
  );
  process.stdout.write(['', ...personaLines(playgrounds), 'Press Ctrl-C to stop.', ''].join('\n'));
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    process.stdout.write('Stopping…\n');
    void stopPlaygrounds(playgrounds)
      .then(() => app.close())
      .then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: unknown) => {
  process.stderr.write(`npm start failed: ${(e as Error).message}\n`);
  process.exit(1);
});
