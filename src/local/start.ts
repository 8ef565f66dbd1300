/** `npm start`: the bot on 127.0.0.1 with the embedded store and demo directory, plus a Teams-like client per demo person. */
import path from 'node:path';
import { demoDirectory } from '../app/directoryFile';
import { loadLocalDemoConfig } from '../config';
import { createLogger } from '../log';
import { startApp } from '../startApp';
import { startPlaygrounds, stopPlaygrounds, type Persona } from './playground';
import { localHooks } from './testHooks';

const D = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** Who can be played: a practitioner, the other agency's practitioner, their managers, the business office. */
export const DEMO_PERSONAS: Persona[] = [
  { key: 'practitioner', personId: D(5), port: 56150, role: 'social worker, Children’s Social Care' },
  { key: 'other-practitioner', personId: D(10), port: 56151, role: 'health visitor, Community Health' },
  { key: 'manager', personId: D(4), port: 56152, role: 'her line manager' },
  { key: 'other-manager', personId: D(9), port: 56153, role: 'his line manager' },
  { key: 'business-office', personId: D(17), port: 56154, role: 'partnership business office' },
];

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
  const [first, ...rest] = playgrounds;
  process.stdout.write(
    [
      '',
      `Escalate is running (local demo, data in memory only). Open ${first!.url} — you are ${first!.person.name} (${first!.persona.role}); type "raise".`,
      `Switch person by opening another window: ${rest.map((p) => `${p.person.name} (${p.persona.role}) ${p.url}`).join(' · ')}.`,
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
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
