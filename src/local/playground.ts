/** Microsoft 365 Agents Playground instances for local runs: one per demo person, each with its own config and port. */
import { childProcessEnv } from '../config';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Directory, Person } from '../domain/directory';

export const LOCAL_TENANT = '11111111-1111-4111-8111-111111111111';
export const LOCAL_BOT_ID = '00000000-0000-4000-8000-0000000000b0';

export interface Persona {
  key: string; // 'practitioner', 'manager', …
  personId: string;
  port: number;
  role: string; // how the start line describes them
}

export interface RunningPlayground {
  persona: Persona;
  person: Person;
  url: string;
  process: ChildProcess;
}

const yamlString = (s: string) => JSON.stringify(s);

function userBlock(p: Person, indent: string, index: number): string {
  const [given, ...rest] = p.name.split(' ');
  const upn = `${p.name.toLowerCase().replace(/[^a-z]+/g, '.')}@demo.example`;
  return [
    `${indent}id: ${yamlString(`user-${index}`)}`,
    `${indent}name: ${yamlString(p.name)}`,
    `${indent}userPrincipleName: ${yamlString(upn)}`,
    `${indent}aadObjectId: ${yamlString(p.id)}`,
    `${indent}givenName: ${yamlString(given ?? p.name)}`,
    `${indent}surname: ${yamlString(rest.join(' ') || p.name)}`,
    `${indent}email: ${yamlString(upn)}`,
  ].join('\n');
}

/** The playground's own configuration file, mapping its users and channel to the demo directory. */
export function playgroundYaml(dir: Directory, me: Person, company: Person[]): string {
  const index = (p: Person) => dir.people.indexOf(p) + 1;
  // the playground wants exactly 5 other users: the other personas first, then others from the directory
  const pool = [...company, ...dir.people.filter((p) => !company.includes(p))];
  const others = pool.filter((p) => p.id !== me.id).slice(0, 5);
  const channel = dir.partnership.businessOfficeChannel?.conversationId ?? '19:business-office@thread.tacv2';
  return [
    'version: "0.1.1"',
    `tenantId: ${yamlString(LOCAL_TENANT)}`,
    'bot:',
    `  id: ${yamlString(LOCAL_BOT_ID)}`,
    '  name: Escalate',
    'currentUser:',
    userBlock(me, '  ', index(me)),
    'users:',
    ...others.map((p) => `  - ${userBlock(p, '    ', index(p)).trimStart()}`),
    'personalChat:',
    `  id: ${yamlString(`a:personal-${me.id}`)}`,
    'groupChat:',
    '  id: "19:escalate-demo-group@thread.v2"',
    '  name: Case discussion (demo group chat)',
    'team:',
    '  id: "19:partnership-team@thread.tacv2"',
    `  name: ${yamlString(dir.partnership.name)}`,
    '  aadGroupId: "22222222-2222-4222-8222-222222222222"',
    '  channels:',
    `    - id: ${yamlString(channel)}`,
    '      name: Business Office',
    '',
  ].join('\n');
}

async function waitForPort(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(url);
      if (res.status < 500) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline)
      throw new Error(`the playground at ${url} did not start within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

function failedToStart(r: RunningPlayground, workDir: string): Promise<never> {
  return new Promise((_, reject) => {
    r.process.once('exit', (code) =>
      reject(
        new Error(
          `the playground for ${r.persona.key} stopped (exit ${code}); see ${path.join(workDir, r.persona.key, 'devTools')}`,
        ),
      ),
    );
  });
}

export function playgroundCli(): string {
  return require.resolve('@microsoft/m365agentsplayground/cli.js');
}

/** Start one playground per persona, pointed at the bot; resolves when every one answers. */
export async function startPlaygrounds(
  dir: Directory,
  personas: readonly Persona[],
  botEndpoint: string,
  workDir: string,
): Promise<RunningPlayground[]> {
  const running: RunningPlayground[] = [];
  for (const persona of personas) {
    const person = dir.people.find((p) => p.id === persona.personId);
    if (!person) throw new Error(`persona ${persona.key} is not in the directory`);
    const cwd = path.join(workDir, persona.key);
    mkdirSync(cwd, { recursive: true });
    const company = personas.map((x) => dir.people.find((p) => p.id === x.personId)!).filter(Boolean);
    writeFileSync(path.join(cwd, '.m365agentsplayground.yml'), playgroundYaml(dir, person, company));
    const child = spawn(
      process.execPath,
      [
        playgroundCli(),
        'start',
        '--disable-telemetry',
        '-p',
        String(persona.port),
        '-e',
        botEndpoint,
        '-c',
        'msteams',
      ],
      {
        cwd,
        env: childProcessEnv({
          BOT_ENDPOINT: botEndpoint,
          TEAMSAPPTESTER_BROWSER: 'none',
          DEFAULT_CHANNEL_ID: 'msteams',
        }),
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    running.push({ persona, person, url: `http://localhost:${persona.port}`, process: child });
  }
  try {
    await Promise.all(
      running.map((r) => Promise.race([waitForPort(r.url, 60_000), failedToStart(r, workDir)])),
    );
  } catch (e) {
    await stopPlaygrounds(running);
    throw e;
  }
  return running;
}

export async function stopPlaygrounds(running: RunningPlayground[]): Promise<void> {
  await Promise.all(
    running.map(
      (r) =>
        new Promise<void>((resolve) => {
          if (r.process.exitCode !== null || r.process.signalCode) return resolve();
          r.process.once('exit', () => resolve());
          r.process.kill('SIGTERM');
          setTimeout(() => r.process.kill('SIGKILL'), 3000).unref();
        }),
    ),
  );
}
