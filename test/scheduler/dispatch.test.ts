/** The outbox dispatcher: in order, within Teams' limits, retries that honour Retry-After, nothing sent twice. */
import { strict as assert } from 'node:assert';
import type { CaseDoc } from '../../src/app/caseDocument';
import type { Effect } from '../../src/domain/case';
import { createLogger } from '../../src/log';
import type { SendOutcome, Sender } from '../../src/delivery/contract';
import { Dispatcher } from '../../src/delivery/dispatcher';
import { bulkCreate } from '../../src/local/bulkCreate';
import type { Store } from '../../src/store/cosmos';
import { caseDoc, testStore } from '../store/harness';
import { VirtualTime } from '../support/virtualTime';

/** A recording sender that answers from a script of outcomes per message, then 'sent'. */
class ScriptedSender implements Sender {
  readonly sent: { id: string; at: number; key: string }[] = [];
  readonly attempts: string[] = [];
  constructor(
    private readonly time: VirtualTime,
    private readonly script: Map<string, SendOutcome[]> = new Map(),
  ) {}
  target(_doc: CaseDoc, effect: Effect): Promise<string> {
    return Promise.resolve(effect.kind === 'notify' ? `user:${effect.to}` : 'conv:office');
  }
  send(doc: CaseDoc, effect: Effect): Promise<SendOutcome> {
    const id = `${doc.caseId}:${effect.kind}:${effect.kind === 'refreshCards' ? 0 : effect.seq}`;
    this.attempts.push(id);
    const next = this.script.get(id)?.shift();
    if (next) return Promise.resolve(next);
    this.sent.push({ id, at: this.time.ms, key: effect.kind === 'notify' ? effect.to : 'office' });
    return Promise.resolve({ kind: 'sent' });
  }
  fallback(): Promise<SendOutcome> {
    return Promise.resolve({ kind: 'sent' });
  }
}

function pending(id: string, eventVersion: number, effect: Effect, at: string) {
  return {
    id,
    eventVersion,
    index: 0,
    createdAt: at,
    status: 'pending' as const,
    attempts: 0,
    notBefore: at,
    effect,
  };
}

const T0 = '2026-12-07T10:00:00.000Z';
const alert = (caseId: string, seq: number): Effect => ({
  kind: 'alert',
  reason: 'deadlinePassed',
  caseId,
  reference: caseId,
  stageLabel: 'Stage 2',
  dueAt: null,
  seq,
});

describe('outbox dispatcher', function () {
  this.timeout(120_000);
  let store: Store;
  before(async () => {
    store = await testStore();
  });
  after(async () => {
    await store.close();
  });

  it('retries 429 (after Retry-After) and 503, keeps order per person, and delivers each message once', async () => {
    const time = new VirtualTime(Date.parse(T0));
    const notify = (seq: number): Effect => ({
      kind: 'notify',
      to: 'ann',
      reason: 'reminder',
      caseId: 'd-1',
      seq,
    });
    await store.cases.create(
      caseDoc('d-1', {
        hasPendingOutbox: true,
        outbox: [1, 2, 3].map((n) => pending(`d-1:${n}`, n, notify(n), T0)),
      }) as CaseDoc,
    );
    const sender = new ScriptedSender(
      time,
      new Map([
        ['d-1:notify:1', [{ kind: 'retry', status: 429, retryAfterMs: 5_000, error: '429' }]],
        [
          'd-1:notify:2',
          [
            { kind: 'retry', status: 503, error: '503' },
            { kind: 'retry', status: 503, error: '503' },
          ],
        ],
      ]),
    );
    const d = new Dispatcher({
      cases: store.cases,
      sender,
      now: time.now,
      sleep: time.sleep,
      instanceId: 'a',
      log: createLogger('silent'),
      random: () => 0.5,
    });
    for (let i = 0; i < 20 && sender.sent.length < 3; i++) {
      await d.drainOnce();
      await time.sleep(10_000);
    }
    assert.deepEqual(
      sender.sent.map((s) => s.id),
      ['d-1:notify:1', 'd-1:notify:2', 'd-1:notify:3'],
      'in order, each once',
    );
    assert.ok(sender.sent[0]!.at - Date.parse(T0) >= 5_000, 'Retry-After was honoured');
    const doc = (await store.cases.get<CaseDoc>('d-1'))!;
    assert.deepEqual(
      doc.outbox.map((o) => o.status),
      ['sent', 'sent', 'sent'],
    );
    assert.equal(doc.hasPendingOutbox, false);
  });

  it('never re-sends a message whose outcome is unknown, and tells the business office', async () => {
    const time = new VirtualTime(Date.parse(T0));
    await store.cases.create(
      caseDoc('d-2', {
        hasPendingOutbox: true,
        outbox: [
          pending('d-2:1', 1, { kind: 'notify', to: 'bob', reason: 'reminder', caseId: 'd-2', seq: 1 }, T0),
        ],
      }) as CaseDoc,
    );
    const sender = new ScriptedSender(
      time,
      new Map([['d-2:notify:1', [{ kind: 'uncertain', error: 'socket hang up' }]]]),
    );
    const d = new Dispatcher({
      cases: store.cases,
      sender,
      now: time.now,
      sleep: time.sleep,
      instanceId: 'a',
      log: createLogger('silent'),
    });
    await d.drainOnce();
    await d.drainOnce();
    const doc = (await store.cases.get<CaseDoc>('d-2'))!;
    assert.equal(doc.outbox.find((o) => o.id === 'd-2:1')!.status, 'gaveUp');
    assert.equal(sender.attempts.filter((a) => a === 'd-2:notify:1').length, 1, 'not sent again');
    assert.ok(
      doc.outbox.some((o) => (o.effect as { reason?: string }).reason === 'deliveryUnconfirmed'),
      'the business office is told',
    );
  });

  it('drains a burst of 1,000 alerts to one channel within every Teams limit, in near the minimum time, losing none', async () => {
    const time = new VirtualTime(Date.parse(T0));
    const docs = Array.from({ length: 1000 }, (_, i) =>
      caseDoc(`burst-${i}`, {
        partnershipId: 'burst',
        hasPendingOutbox: true,
        outbox: [pending(`burst-${i}:1`, 1, alert(`burst-${i}`, 1), T0)],
      }),
    );
    await bulkCreate(store.cases, docs);
    const sender = new ScriptedSender(time);
    const d = new Dispatcher({
      cases: store.cases,
      sender,
      now: time.now,
      sleep: time.sleep,
      instanceId: 'a',
      log: createLogger('silent'),
    });
    for (let i = 0; i < 20 && sender.sent.length < 1000; i++) await d.drainOnce(1000);
    const times = sender.sent.map((s) => s.at).sort((a, b) => a - b);
    assert.equal(new Set(sender.sent.map((s) => s.id)).size, 1000, 'every alert delivered once');
    assert.equal(sender.sent.length, 1000);
    const maxIn = (ms: number) => {
      let max = 0;
      for (let i = 0, j = 0; i < times.length; i++) {
        while (times[i]! - times[j]! >= ms) j++;
        max = Math.max(max, i - j + 1);
      }
      return max;
    };
    assert.ok(
      maxIn(1_000) <= 7 && maxIn(2_000) <= 8 && maxIn(30_000) <= 60 && maxIn(3_600_000) <= 1_800,
      'within Teams limits',
    );
    const took = times[times.length - 1]! - times[0]!;
    const minimum = Math.floor((1000 - 1) / 60) * 30_000; // 60 per 30 s is the binding limit
    assert.ok(took >= minimum && took <= minimum * 1.1, `took ${took / 1000} s; minimum ${minimum / 1000} s`);
  });

  it('waits 2 s, then sends one card update for several waiting on a case, without a lease, and settles them all', async () => {
    const time = new VirtualTime(Date.parse(T0));
    const refresh: Effect = { kind: 'refreshCards', caseId: 'd-3' };
    await store.cases.create(
      caseDoc('d-3', {
        version: 3,
        hasPendingOutbox: true,
        outbox: [1, 2, 3].map((seq) => pending(`d-3:${seq}:0`, seq, refresh, T0)),
      }) as CaseDoc,
    );
    const sender = new ScriptedSender(time);
    const writes: string[] = [];
    const cases = {
      findPendingOutbox: (n: number) => store.cases.findPendingOutbox<CaseDoc>(n),
      get: (id: string) => store.cases.get<CaseDoc>(id),
      replace: (doc: CaseDoc) => {
        writes.push(doc.outbox.map((o) => o.status).join(','));
        return store.cases.replace(doc);
      },
    };
    const d = new Dispatcher({
      cases,
      sender,
      now: time.now,
      sleep: time.sleep,
      instanceId: 'a',
      log: createLogger('silent'),
    });
    await d.drainOnce();
    assert.equal(sender.attempts.length, 0, 'a burst of changes is gathered first');
    await time.sleep(2_000);
    await d.drainOnce();
    assert.deepEqual(
      sender.attempts.filter((a) => a.startsWith('d-3')),
      ['d-3:refreshCards:0'],
      'the newest view once',
    );
    assert.deepEqual(writes, [''], 'one write, no lease: the update and those it superseded are gone');
    const doc = (await store.cases.get<CaseDoc>('d-3'))!;
    assert.equal(doc.hasPendingOutbox, false);
    assert.deepEqual(doc.outbox, []);
  });
});
