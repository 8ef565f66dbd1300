/** Plays the journey once on a fresh app (embedded store), with fault injectors in place. */
import { strict as assert } from 'node:assert';
import { startHarness } from '../support/botHarness';
import type { FakeConnector } from '../support/fakeConnector';
import { MemoryLog, WARN } from '../support/memoryLog';
import { OutboxWriteFaults } from '../support/outboxWriteFaults';
import { StoreFaults } from '../support/storeFaults';
import { TestTime } from '../support/testTime';
import { CASES, harnessBot, JourneyRun, play, STEPS, type Fingerprint, type Hooks } from './journey';

export interface Injectors {
  store: StoreFaults;
  /** The dispatcher's own writes, by kind. */
  outbox: OutboxWriteFaults;
  connector: FakeConnector;
}

/** Arm `arm` just before `step` runs (its click, or its sweep). */
export const onStep =
  (step: string, arm: () => void) =>
  (label: string): void => {
    if (label === step) arm();
  };

export async function runJourney(hooks?: (x: Injectors) => Hooks, env: Record<string, string> = {}) {
  const time = new TestTime(STEPS[0]!.at);
  const log = new MemoryLog('debug');
  const h = await startHarness(env, STEPS[0]!.at, {
    clock: time.clock,
    sleep: time.sleep,
    log: log.logger,
  });
  h.connector.now = () => time.ms();
  const faults = new StoreFaults(h.store);
  const outbox = new OutboxWriteFaults(h.app.store.cases.background);
  const j = new JourneyRun(harnessBot(h, faults), time);
  try {
    const fingerprint = await play(j, hooks ? hooks({ store: faults, outbox, connector: h.connector }) : {});
    const warnings = log
      .since(0)
      .filter((e) => e.level >= WARN)
      .map((e) => `${String(e.event)}:${[e.what, e.err, e.code].find((x) => typeof x === 'string') ?? ''}`);
    // messages the dispatcher itself had to send more than once (the connector client retries some first)
    const docs = await Promise.all(CASES.map((id) => j.doc(id)));
    const resent = docs.flatMap((d) => d.outbox).filter((o) => o.attempts > 1).length;
    return {
      fingerprint,
      faults,
      outbox,
      j,
      warnings,
      received: [...h.connector.received],
      resent,
      connectorFaultsLeft: h.connector.faults.length,
    };
  } finally {
    faults.detach();
    await h.close();
  }
}

/** The run ended as the fault-free one: the same case states and audit trails, and these messages, once each. */
export function assertSameEnd(run: Fingerprint, reference: Fingerprint, messages = reference.messages): void {
  assert.deepEqual(run.cases, reference.cases, 'each case ends in the same state and audit trail');
  assert.deepEqual(run.messages, messages, 'each message received once');
}
