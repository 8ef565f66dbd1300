/**
 * The connector client waits out a short Retry-After itself; a long one goes back to the dispatcher, which
 * releases the message's lease and holds the conversation until then (a long wait inside one send would
 * outlive the lease). Every wait is virtual: the tests read the waits asked for, never a stopwatch.
 */
import { strict as assert } from 'node:assert';
import {
  createHttpHeaders,
  createPipelineRequest,
  RestError,
  type PipelineResponse,
} from '@azure/core-rest-pipeline';
import type { CaseDoc } from '../../src/app/caseDocument';
import { connectorRetryPolicy } from '../../src/bot/connectorPolicy';
import { buttons, raiseData, startHarness, type Harness } from '../support/botHarness';
import { DEMO } from '../support/demoPeople';
import { TestTime } from '../support/testTime';

type Answer = { status: number; retryAfter?: string } | Error;

/** Send one request through the policy to a connector answering `answers` in turn. */
async function send(answers: Answer[], random = () => 0) {
  const waits: number[] = [];
  let sent = 0;
  const policy = connectorRetryPolicy({
    sleep: (ms) => Promise.resolve(void waits.push(ms)),
    random,
  });
  const request = createPipelineRequest({ url: 'http://127.0.0.1:1/v3/conversations/a/activities' });
  const next = (): Promise<PipelineResponse> => {
    const a = answers[Math.min(sent++, answers.length - 1)]!;
    if (a instanceof Error) return Promise.reject(a);
    const headers = createHttpHeaders(a.retryAfter ? { 'retry-after': a.retryAfter } : {});
    return Promise.resolve({ request, status: a.status, headers });
  };
  const outcome = await policy.sendRequest(request, next).then(
    (r) => r.status,
    (e: Error) => e,
  );
  return { outcome, waits, sent };
}

describe('the connector client’s retry policy (virtual waits)', () => {
  it('waits out a short Retry-After as asked, up to three times', async () => {
    const throttled = { status: 429, retryAfter: '2' };
    assert.deepEqual(await send([throttled, throttled, throttled, { status: 201 }]), {
      outcome: 201,
      waits: [2_000, 2_000, 2_000],
      sent: 4,
    });
    assert.deepEqual(await send([throttled]), { outcome: 429, waits: [2_000, 2_000, 2_000], sent: 4 });
  });

  it('hands a Retry-After longer than 10 s back at once', async () => {
    assert.deepEqual(await send([{ status: 429, retryAfter: '60' }]), { outcome: 429, waits: [], sent: 1 });
    assert.deepEqual(await send([{ status: 503, retryAfter: '11' }]), { outcome: 503, waits: [], sent: 1 });
  });

  it('backs off after a transient 5xx without Retry-After: 0.5–1 s, 1–2 s, 2–4 s', async () => {
    assert.deepEqual(await send([{ status: 503 }]), { outcome: 503, waits: [500, 1_000, 2_000], sent: 4 });
    const slowest = await send([{ status: 502 }, { status: 500 }, { status: 200 }], () => 0.999_999);
    assert.deepEqual(slowest, { outcome: 200, waits: [1_000, 2_000], sent: 3 });
  });

  it('never sends again after a 429 without Retry-After, a 501, or a dropped connection', async () => {
    assert.deepEqual(await send([{ status: 429 }]), { outcome: 429, waits: [], sent: 1 });
    assert.deepEqual(await send([{ status: 501 }]), { outcome: 501, waits: [], sent: 1 });
    const dropped = new RestError('socket hang up', { code: 'ECONNRESET' });
    const r = await send([dropped, { status: 200 }]);
    assert.equal(r.outcome, dropped);
    assert.deepEqual([r.waits, r.sent], [[], 1]);
  });
});

describe('connector client retries, through the bot', function () {
  let time: TestTime;
  let h: Harness;
  const toJamie = new RegExp(`personal-${DEMO.jamie}/activities`);
  const posts = () => h.connector.received.filter((r) => r.method === 'POST' && toJamie.test(r.path));

  beforeEach(async () => {
    time = new TestTime('2026-12-07T10:00:00.000Z');
    h = await startHarness({}, undefined, { clock: time.clock, sleep: time.sleep });
    for (const p of [DEMO.priya, DEMO.jamie]) await h.install(p);
    h.connector.received.length = 0;
  });
  afterEach(async () => {
    await h.close();
  });

  /** Priya raises a case with Jamie: the bot then tells Jamie. */
  async function raise(reference: string): Promise<string> {
    await h.message(DEMO.priya, 'raise');
    const form = h.connector.cards(h.connector.sentTo(`a:personal-${DEMO.priya}`).at(-1)!)[0]!;
    const caseId = buttons(form).find((b) => b.verb === 'raise')!.data.caseId as string;
    await h.invoke(DEMO.priya, 'raise', raiseData(caseId, DEMO.jamie, reference));
    return caseId;
  }

  it('waits out a 429 with Retry-After 2 s three times itself (virtually), then sends once', async () => {
    for (let i = 0; i < 3; i++)
      h.connector.faults.push({
        match: toJamie,
        fault: { status: 429, retryAfterSeconds: 2 },
        method: 'POST',
      });
    await raise('CSC/2026/0043');
    time.waits.length = 0;
    await h.settle();
    assert.deepEqual(
      posts().map((r) => r.status),
      [429, 429, 429, 200],
    );
    assert.deepEqual(
      time.waits.filter((w) => w === 2_000),
      [2_000, 2_000, 2_000],
      'asked to wait 2 s three times',
    );
  });

  it('hands a 429 with a long Retry-After back to the dispatcher, which sends the message once it has passed', async () => {
    h.connector.faults.push({
      match: toJamie,
      fault: { status: 429, retryAfterSeconds: 60 },
      method: 'POST',
    });
    const caseId = await raise('CSC/2026/0044');
    await h.settle();
    assert.ok(
      !time.waits.some((w) => w >= 60_000),
      `the client did not wait the minute out: ${time.waits.join(', ')}`,
    );
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
