/**
 * Fault injection, a process killed mid-command: the bot runs in a child process against a store the test
 * owns, and is killed (SIGKILL, no clean-up) before or after a command's save, after a delivery's lease, or
 * as the connector takes a message. A new process takes over; Teams (the test) sends the unanswered click
 * again. Each case ends exactly as in a run without faults, no message is received twice, and a message
 * whose delivery nobody can confirm is reported to the business office.
 */
import { strict as assert } from 'node:assert';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import createCosmosServer from '@vercel/cosmosdb-server';
import type { CaseDoc } from '../../src/app/caseDocument';
import { demoDirectory } from '../../src/app/directoryFile';
import { openStore, type Store } from '../../src/store/cosmos';
import { invokeActivity, teamsActivity } from '../support/botHarness';
import { DEMO } from '../support/demoPeople';
import { FakeConnector } from '../support/fakeConnector';
import { TestTime } from '../support/testTime';
import { Worker } from '../support/worker';
import type { BotProcessApi, KillPoint } from './botProcess';
import { JourneyRun, play, STEPS, type Fingerprint, type JourneyBot, type JourneyTime } from './journey';
import { assertSameEnd, runJourney } from './runner';

/** The bot process, started again whenever it has died, as a host's supervisor would. */
class ProcessBot implements JourneyBot, JourneyTime {
  private worker: Worker<BotProcessApi> | null = null;
  private url = '';
  starts = 0;

  constructor(
    private readonly endpoint: string,
    private readonly databaseId: string,
    readonly connector: FakeConnector,
    private readonly store: Store,
    private readonly time: TestTime,
  ) {}

  private async alive(): Promise<Worker<BotProcessApi>> {
    if (this.worker?.alive) return this.worker;
    this.starts++;
    const w = Worker.start<BotProcessApi>(path.join(__dirname, 'botProcess.ts'), {
      COSMOS_ENDPOINT: this.endpoint,
      COSMOS_DATABASE: this.databaseId,
      BOT_START_AT: new Date(this.time.ms()).toISOString(),
    });
    this.worker = w;
    this.url = await w.call('url'); // answers once the app listens
    return w;
  }

  /** Arm a kill point in the running process. */
  async arm(point: KillPoint): Promise<void> {
    await (await this.alive()).call('arm', point);
  }

  async kill(): Promise<void> {
    await this.worker?.kill();
  }

  async stop(): Promise<void> {
    await this.worker?.stop();
  }

  private async post(activity: Record<string, unknown>): Promise<{ status: number; text: string }> {
    const w = await this.alive();
    try {
      const res = await fetch(`${this.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(activity),
      });
      return { status: res.status, text: await res.text() };
    } catch (e) {
      await this.goneIfDead(w);
      throw e; // no answer: the journey sends it again, as Teams would, to the process that takes over
    }
  }

  /**
   * A request got no answer. If the process no longer listens it has died: wait until it has exited, so the
   * next request starts its successor (however long the exit takes to be seen on a loaded machine).
   */
  private async goneIfDead(w: Worker<BotProcessApi>): Promise<void> {
    const listening = await fetch(`${this.url}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (!listening) await w.exit();
  }

  async invoke(aad: string, verb: string, data: Record<string, unknown>) {
    const r = await this.post(invokeActivity(this.connector.url, aad, verb, data));
    return { status: r.status, card: (JSON.parse(r.text) as { value?: unknown }).value ?? {} };
  }

  async install(aad: string): Promise<void> {
    await this.post(
      teamsActivity(this.connector.url, aad, {
        type: 'conversationUpdate',
        membersAdded: [{ id: '28:escalate-bot' }],
      }),
    );
  }

  message(aad: string, text: string, conversation?: { id: string; type: string }) {
    return this.post(teamsActivity(this.connector.url, aad, { type: 'message', text }, conversation));
  }

  readCase = (id: string) => this.store.cases.get<CaseDoc>(id);
  writeCase = (doc: CaseDoc) => this.store.cases.replace(doc);
  dueCount = async (now: string) => (await this.store.cases.findDue<CaseDoc>(now, 10)).length;
  pendingCount = async () => (await this.store.cases.findPendingOutbox<CaseDoc>(1)).length;

  /** A pass that dies with its process is run again by the journey, as the loop of the next process would. */
  async sweep(): Promise<void> {
    await this.pass('sweep');
  }

  async dispatch(): Promise<void> {
    await this.pass('dispatch');
  }

  /** The process's clock moves when it sleeps: ours catches up with it after each pass. */
  private async pass(which: 'sweep' | 'dispatch'): Promise<void> {
    const theirs = await (await this.alive()).call(which).catch(() => undefined);
    if (theirs !== undefined) this.time.catchUp(theirs);
  }

  ms = () => this.time.ms();

  async freezeAt(iso: string): Promise<void> {
    this.time.freezeAt(iso);
    await (await this.alive()).call('freezeAt', iso);
  }
}

interface Scenario {
  name: string;
  step: string;
  point: KillPoint | 'afterDelivery';
  /** The messages expected, given the fault-free ones (default: exactly those). */
  expect?: (reference: string[]) => string[];
}

const BO = '19:business-office@thread.tacv2 | Local demo — not for real cases';
const unconfirmed = `${BO} / A message about a case may not have been delivered (Teams did not confirm it): please check with the people involved / Case reference / CSC/2026/0042`;
const without = (ref: string[], to: string, said: RegExp) => {
  const i = ref.findIndex((m) => m.startsWith(`a:personal-${to} |`) && said.test(m));
  assert.ok(i >= 0, `the fault-free run sent ${String(said)} to ${to}`);
  return ref.filter((_, k) => k !== i);
};

const SCENARIOS: Scenario[] = [
  {
    name: 'killed before a raise is saved: Teams sends it again, it is raised once',
    step: 'raise A',
    point: 'beforeCommandSave',
  },
  {
    name: 'killed after a raise is saved, before the answer: raised once',
    step: 'raise B',
    point: 'afterCommandSave',
  },
  {
    name: 'killed after an approval is saved: the stage changes once, the next managers are told once',
    step: 'approve A',
    point: 'afterCommandSave',
  },
  {
    name: 'killed before the automatic escalation is saved: it escalates once, at the same sweep',
    step: 'deadline A',
    point: 'beforeCommandSave',
  },
  {
    name: 'killed after the automatic escalation is saved: its alerts go out once, from the next process',
    step: 'deadline A',
    point: 'afterCommandSave',
  },
  {
    name: 'killed after leasing a message, before sending it: not sent twice, the business office is asked to check',
    step: 'action A',
    point: 'afterLease',
    expect: (ref) => [...without(ref, DEMO.jamie, /action was assigned/), unconfirmed].sort(),
  },
  {
    name: 'killed as the connector takes a message: received once, the business office is asked to check',
    step: 'request A',
    point: 'afterDelivery',
    expect: (ref) => [...ref, unconfirmed].sort(),
  },
];

describe('a bot process killed mid-command (child process, SIGKILL, a new process takes over)', function () {
  this.timeout(180_000);
  let reference: Fingerprint;
  let server: ReturnType<typeof createCosmosServer>;
  let endpoint = '';

  before(async () => {
    reference = (await runJourney()).fingerprint;
    server = createCosmosServer({ keepAlive: true });
    server.keepAliveTimeout = 10 * 60_000;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    endpoint = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    if (!server) return; // the reference run failed before the server started
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  SCENARIOS.forEach((s, n) => {
    it(s.name, async () => {
      const databaseId = `killed-${n}`;
      const store = await openStore({
        endpoint,
        key: 'kill-tests',
        databaseId,
        agent: new https.Agent({ rejectUnauthorized: false, keepAlive: true }),
      });
      await store.directory.save(demoDirectory());
      const connector = new FakeConnector();
      await connector.start();
      const bot = new ProcessBot(endpoint, databaseId, connector, store, new TestTime(STEPS[0]!.at));
      try {
        let killed = false;
        const fingerprint = await play(new JourneyRun(bot, bot), {
          beforeStep: async (label) => {
            if (label !== s.step) return;
            if (s.point !== 'afterDelivery') return bot.arm(s.point);
            connector.onDelivered = async () => {
              connector.onDelivered = null;
              killed = true;
              await bot.kill();
            };
          },
        });
        assert.ok(
          bot.starts >= 2 && (s.point !== 'afterDelivery' || killed),
          'the process was killed and replaced',
        );
        assertSameEnd(fingerprint, reference, s.expect?.(reference.messages));
      } finally {
        await bot.stop();
        await connector.stop();
        await store.close();
      }
    });
  });
});
