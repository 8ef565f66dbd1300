/** Three instances sweeping and dispatching at once, through the real Teams sender, with 429 and 503 injected at the connector. */
import { strict as assert } from 'node:assert';
import type { CaseDoc } from '../../src/app/caseDocument';
import { createLogger } from '../../src/log';
import { Dispatcher } from '../../src/delivery/dispatcher';
import { sweepOnce } from '../../src/scheduler/sweep';
import { startHarness, type Harness } from '../support/botHarness';
import { DEMO } from '../support/demoPeople';
import { TestTime } from '../support/testTime';

describe('several bot instances at once (fake Bot Connector with faults)', function () {
  this.timeout(120_000);
  let h: Harness;
  // virtual: every wait (Retry-After, backoff, rate limit) moves this clock at once
  const time = new TestTime('2026-12-07T10:00:00.000Z');
  const cases = Array.from({ length: 6 }, (_, i) => `6c6c6c6c-0000-4000-8000-00000000000${i}`);

  before(async () => {
    h = await startHarness({}, undefined, { clock: time.clock, sleep: time.sleep });
    for (const p of [DEMO.priya, DEMO.jamie, DEMO.cscManager, DEMO.healthManager, DEMO.grace])
      await h.install(p);
    for (const caseId of cases) {
      await h.invoke(DEMO.priya, 'raise', {
        caseId,
        v: 0,
        procedureId: 'conflict-resolution-flowchart',
        otherProfessionalId: DEMO.jamie,
        reference: `CSC/2026/000${caseId.slice(-1)}`,
        theme: 'threshold',
        summary: 'Disagreement.',
      });
    }
    await h.settle(); // deliver the raise notifications first
    h.connector.received.length = 0;
  });
  after(async () => {
    await h.close();
  });

  it('fires every deadline once and delivers every message once, despite 429s, 503s and an instance that died', async () => {
    const log = createLogger('silent');
    const { service, sender } = h.app.parts;
    h.app.clock.advanceTo(new Date('2026-12-09T10:05:00.000Z'));
    const now = () => h.app.clock.now();
    // instance "dead" found the due cases and stopped before firing them: nothing of it remains to wait for
    assert.equal((await h.app.store.cases.findDue(now().toISOString(), 100)).length, cases.length);
    for (let i = 0; i < 4; i++)
      h.connector.faults.push({ match: /activities/, fault: { status: 429, retryAfterSeconds: 1 } });
    for (let i = 0; i < 4; i++) h.connector.faults.push({ match: /activities/, fault: { status: 503 } });
    const instances = ['a', 'b', 'c'];
    const dispatchers = instances.map(
      (id) =>
        new Dispatcher({
          cases: h.app.store.cases,
          sender,
          now,
          sleep: time.sleep,
          instanceId: id,
          log,
          random: () => 0,
        }),
    );
    const round = async () => {
      await Promise.all(
        instances.map((id) => sweepOnce({ cases: h.app.store.cases, service, now, instanceId: id, log })),
      );
      await Promise.all(dispatchers.map((d) => d.drainOnce()));
    };
    await round();
    for (let i = 0; i < 12; i++) {
      await round();
      h.app.clock.advanceTo(new Date(now().getTime() + 10_000)); // past every retry backoff
    }
    const docs = await Promise.all(cases.map(async (id) => (await h.app.store.cases.get<CaseDoc>(id))!));
    for (const d of docs) {
      assert.equal(d.state.stage.stageId, 'stage-2', `${d.caseId} escalated`);
      assert.equal(
        d.events.filter((e) => e.type === 'StageEntered' && e.data.stageId === 'stage-2').length,
        1,
        `${d.caseId} escalated once`,
      );
      const statuses = d.outbox.map((o) => o.status);
      assert.ok(
        statuses.every((s) => s === 'sent' || s === 'gaveUp'),
        `${d.caseId}: ${statuses.join(',')}`,
      );
    }
    const delivered = h.connector.received.filter(
      (r) => r.method === 'POST' && r.status === 200 && r.conversationId !== '',
    );
    const keys = delivered.map((r) => `${r.conversationId}|${JSON.stringify(r.body.attachments)}`);
    assert.equal(new Set(keys).size, keys.length, 'no message delivered twice');
    const sentItems = docs.flatMap((d) =>
      d.outbox.filter(
        (o) =>
          o.status === 'sent' &&
          o.createdAt >= '2026-12-09T10:05:00.000Z' &&
          (o.effect as { kind: string }).kind !== 'refreshCards',
      ),
    );
    assert.equal(
      delivered.length,
      sentItems.length,
      'every message marked sent reached the connector exactly once',
    );
    assert.ok(
      h.connector.received.some((r) => r.status === 429) &&
        h.connector.received.some((r) => r.status === 503),
      'faults were injected',
    );
    for (const manager of [DEMO.cscManager, DEMO.healthManager]) {
      assert.equal(
        h.connector.sentTo(`a:personal-${manager}`).length,
        cases.length,
        'each manager told once per case',
      );
    }
  });
});
