/**
 * The connector client waits out a short Retry-After itself; a long one goes back to the dispatcher, which
 * releases the message's lease and holds the conversation until then (a long wait inside one send would
 * outlive the lease).
 */
import { strict as assert } from 'node:assert';
import type { CaseDoc } from '../../src/app/caseService';
import { buttons, raiseData, startHarness, type Harness } from '../support/botHarness';
import { DEMO } from '../support/demoPeople';
import { TestTime } from '../support/testTime';

describe('connector client retries', function () {
  this.timeout(60_000);
  const time = new TestTime('2026-12-07T10:00:00.000Z');
  let h: Harness;

  before(async () => {
    h = await startHarness({}, undefined, { clock: time.clock });
    for (const p of [DEMO.priya, DEMO.jamie]) await h.install(p);
    h.connector.received.length = 0;
  });
  after(async () => {
    await h.close();
  });

  it('hands a 429 with a long Retry-After back to the dispatcher, which sends the message once it has passed', async () => {
    const toJamie = new RegExp(`personal-${DEMO.jamie}/activities`);
    h.connector.faults.push({
      match: toJamie,
      fault: { status: 429, retryAfterSeconds: 60 },
      method: 'POST',
    });
    await h.message(DEMO.priya, 'raise');
    const form = h.connector.cards(h.connector.sentTo(`a:personal-${DEMO.priya}`).at(-1)!)[0]!;
    const caseId = buttons(form).find((b) => b.verb === 'raise')!.data.caseId as string;
    await h.invoke(DEMO.priya, 'raise', raiseData(caseId, DEMO.jamie, 'CSC/2026/0044'));
    const started = Date.now();
    await h.settle();
    assert.ok(Date.now() - started < 10_000, 'the client did not wait the minute out');
    const posts = () => h.connector.received.filter((r) => r.method === 'POST' && toJamie.test(r.path));
    assert.deepEqual(
      posts().map((r) => r.status),
      [429],
    );
    const told = (await h.app.store.cases.get<CaseDoc>(caseId))!.outbox.find(
      (o) => (o.effect as { kind: string; to?: string }).to === DEMO.jamie,
    )!;
    assert.equal(told.status, 'retrying');
    assert.equal(told.lease, undefined, 'not leased while it waits');
    assert.ok(Date.parse(told.notBefore) >= time.ms() + 59_000, 'held for the minute asked');

    time.freezeAt(new Date(time.ms() + 3 * 60_000).toISOString());
    await h.settle();
    assert.deepEqual(
      posts().map((r) => r.status),
      [429, 200],
      'sent once the wait had passed',
    );
  });
});
