/**
 * One deterministic escalation, driven over HTTP like a person in Teams would drive it, on virtual time:
 * each step happens at its instant, and deliveries move the clock only to when something falls due. A person
 * whose action is not saved tries again, as the card asks; Teams retries an invoke that got no answer.
 * The fingerprint of a run is what must not depend on faults: each case's state and audit trail, and the
 * messages people received.
 */
import { strict as assert } from 'node:assert';
import type { CaseDoc } from '../../src/app/caseDocument';
import { cardText, type Harness } from '../support/botHarness';
import type { FakeConnector } from '../support/fakeConnector';
import { DEMO } from '../support/demoPeople';
import type { StoreFaults } from '../support/storeFaults';
import { CASES, PEOPLE, STEPS } from './steps';

export { CASE_A, CASE_B, CASES, PEOPLE, STEPS } from './steps';

export interface Fingerprint {
  cases: Record<string, { state: unknown; events: unknown[] }>;
  /** One line per message delivered (not card updates): conversation and what it said, sorted. */
  messages: string[];
}

/** What a person saw when an action was not saved, and whether trying again worked. */
export interface Attempt {
  step: string;
  tries: number;
  failures: string[];
}

/** The bot a journey talks to: in this process (the harness) or in a child process that may be killed. */
export interface JourneyBot {
  invoke(
    aad: string,
    verb: string,
    data: Record<string, unknown>,
  ): Promise<{ status: number; card: unknown }>;
  install(aad: string): Promise<void>;
  message(aad: string, text: string, conversation?: { id: string; type: string }): Promise<unknown>;
  /** Reads and writes for the test itself (never faulted). */
  readCase(caseId: string): Promise<CaseDoc | null>;
  writeCase(doc: CaseDoc): Promise<CaseDoc>;
  dueCount(nowIso: string): Promise<number>;
  pendingCount(): Promise<number>;
  sweep(): Promise<void>;
  dispatch(): Promise<void>;
  connector: FakeConnector;
}

/** Virtual time: it moves only when the journey moves it, or when the bot sleeps (see TestTime). */
export interface JourneyTime {
  ms(): number;
  /** Move the clock to `iso`, never back. */
  freezeAt(iso: string): void | Promise<void>;
}

/** The in-process harness as a journey bot; the test's reads go past injected store faults. */
export function harnessBot(h: Harness, faults?: StoreFaults): JourneyBot {
  const unfaulted = <T>(fn: () => Promise<T>) => (faults ? faults.paused(fn) : fn());
  const cases = h.app.store.cases;
  return {
    invoke: (aad, verb, data) => h.invoke(aad, verb, data),
    install: (aad) => h.install(aad),
    message: (aad, text, conversation) => h.message(aad, text, conversation),
    readCase: (id) => unfaulted(() => cases.get<CaseDoc>(id)),
    writeCase: (doc) => unfaulted(() => cases.replace(doc)),
    dueCount: async (now) => (await unfaulted(() => cases.findDue<CaseDoc>(now, 10))).length,
    pendingCount: async () => (await unfaulted(() => cases.findPendingOutbox<CaseDoc>(1))).length,
    sweep: () => h.app.sweep.runNow(),
    dispatch: () => h.app.dispatch.runNow(),
    connector: h.connector,
  };
}

export class JourneyRun {
  readonly attempts: Attempt[] = [];

  constructor(
    readonly bot: JourneyBot,
    readonly time: JourneyTime,
  ) {}

  async doc(caseId: string): Promise<CaseDoc> {
    const d = await this.bot.readCase(caseId);
    assert.ok(d, `case ${caseId} exists`);
    return d;
  }

  /**
   * `who` sends `verb` from a card showing the case as it is now, until the answer says `done`
   * (up to 6 tries; a try that gets no HTTP answer is Teams' own retry).
   */
  async act(
    step: string,
    who: string,
    verb: string,
    data: Record<string, unknown>,
    done: RegExp,
  ): Promise<void> {
    const caseId = String(data.caseId);
    const v = verb === 'raise' ? 0 : (await this.doc(caseId)).version;
    const attempt: Attempt = { step, tries: 0, failures: [] };
    this.attempts.push(attempt);
    for (let i = 0; i < 6; i++) {
      attempt.tries++;
      const answer = await this.invoke(who, verb, { ...data, v });
      if (done.test(answer)) return;
      attempt.failures.push(answer);
    }
    assert.fail(`${step}: not saved after 6 tries: ${attempt.failures.join(' | ').slice(0, 600)}`);
  }

  private async invoke(who: string, verb: string, data: Record<string, unknown>): Promise<string> {
    try {
      const r = await this.bot.invoke(who, verb, data);
      return r.status === 200 ? cardText(r.card) : `HTTP ${r.status}`;
    } catch (e) {
      return `no answer (${(e as Error).message})`;
    }
  }

  /** The sweep at this instant, again until nothing is due (a failed pass runs again, as the loop would). */
  async sweep(): Promise<void> {
    const now = () => new Date(this.time.ms()).toISOString();
    for (let i = 0; i < 10; i++) {
      await this.bot.sweep();
      if ((await this.bot.dueCount(now())) === 0) return;
    }
    assert.fail('deadlines still due after 10 sweeps');
  }

  /**
   * Deliver until nothing is pending: a pass now, then one at each instant something falls due (a retry's
   * time, the end of a dead sender's lease), at least a virtual second apart. Fails if messages are still
   * pending after `maxVirtualMin` virtual minutes.
   */
  async settle(maxVirtualMin = 30): Promise<void> {
    const until = this.time.ms() + maxVirtualMin * 60_000;
    for (;;) {
      await this.bot.dispatch();
      if ((await this.bot.pendingCount()) === 0) return;
      const next = Math.max((await this.nextDue()) ?? 0, this.time.ms() + 1_000);
      if (next > until) assert.fail(`messages still undelivered after ${maxVirtualMin} virtual minutes`);
      await this.time.freezeAt(new Date(next).toISOString());
    }
  }

  /** The earliest instant an undelivered message may be sent (again). */
  private async nextDue(): Promise<number | undefined> {
    const docs = await Promise.all(CASES.map((id) => this.bot.readCase(id)));
    const due = docs
      .flatMap((d) => d?.outbox ?? [])
      .filter((o) => o.status === 'pending' || o.status === 'retrying' || o.status === 'sending')
      .map((o) => Date.parse(o.status === 'sending' && o.lease ? o.lease.until : o.notBefore));
    return due.length ? Math.min(...due) : undefined;
  }

  async fingerprint(): Promise<Fingerprint> {
    const cases: Fingerprint['cases'] = {};
    for (const id of CASES) {
      const d = await this.doc(id);
      cases[id] = { state: d.state, events: d.events };
    }
    return { cases, messages: delivered(this.bot.connector) };
  }
}

/** Messages the connector accepted: conversation, then the card's lines that do not depend on when it was drawn. */
export function delivered(connector: FakeConnector): string[] {
  return connector.received
    .filter((r) => r.method === 'POST' && r.status >= 200 && r.status < 300 && r.conversationId !== '')
    .map((r) => {
      const text = connector.cards(r).map(cardText).join('\n');
      const lines = text
        .split('\n')
        .filter((l) => !/\bago\b|\bin \d+ (?:minutes?|hours?|days?|working days?)\b|\bnow\b/i.test(l));
      return `${r.conversationId} | ${lines.slice(0, 4).join(' / ')}${r.body.text ? ` | ${String(r.body.text)}` : ''}`;
    })
    .sort();
}

export interface Hooks {
  /** Before a step's action (faults for the interactive path). */
  beforeStep?: (label: string, j: JourneyRun) => void | Promise<void>;
  /** Before the deliveries that follow a step (faults for the background path). */
  beforeSettle?: (label: string, j: JourneyRun) => void | Promise<void>;
  afterStep?: (label: string, j: JourneyRun) => void | Promise<void>;
}

/** Install everyone at the start instant, then play every step, delivering after each. */
export async function play(j: JourneyRun, hooks: Hooks = {}): Promise<Fingerprint> {
  for (const p of PEOPLE) await j.bot.install(p);
  await j.bot.message(DEMO.grace, 'help', { id: '19:business-office@thread.tacv2', type: 'channel' });
  j.bot.connector.received.length = 0;
  for (const step of STEPS) {
    await j.time.freezeAt(step.at);
    await hooks.beforeStep?.(step.label, j);
    await step.run(j);
    await hooks.beforeSettle?.(step.label, j);
    await j.settle();
    await hooks.afterStep?.(step.label, j);
  }
  return j.fingerprint();
}
