/**
 * The dispatcher when attempts overlap: a send slower than its lease, taken over by another instance; a card
 * update whose case moves on while the pass runs; a message given back, and a later one to the same person.
 */
import { strict as assert } from 'node:assert';
import { Writable } from 'node:stream';
import type { CaseDoc } from '../../src/app/caseDocument';
import type { Effect } from '../../src/domain/case';
import { createLogger } from '../../src/log';
import type { SendOutcome, Sender } from '../../src/delivery/contract';
import { Dispatcher } from '../../src/delivery/dispatcher';
import { OutboxWriter } from '../../src/delivery/outboxWriter';
import type { Store } from '../../src/store/cosmos';
import type { OutboxItem } from '../../src/app/caseDocument';
import { caseDoc, testStore } from '../store/harness';
import { VirtualTime } from '../support/virtualTime';

const T0 = '2026-12-07T10:00:00.000Z';

/** A promise and the function that settles it. */
function gate<T = void>(): { promise: Promise<T>; open: (v: T) => void } {
  let open!: (v: T) => void;
  const promise = new Promise<T>((r) => (open = r));
  return { promise, open };
}

/** Sends 'sent' at once, or waits for the outcome a test hands it (`hold`). */
class GatedSender implements Sender {
  readonly attempts: { id: string; version: number }[] = [];
  readonly started = gate();
  hold: Promise<SendOutcome> | null = null;
  onTarget: (() => Promise<void>) | null = null;

  async target(_doc: CaseDoc, effect: Effect): Promise<string> {
    if (this.onTarget) await this.onTarget();
    return effect.kind === 'notify' ? `user:${effect.to}` : `cards:${effect.caseId}`;
  }
  async send(doc: CaseDoc, effect: Effect): Promise<SendOutcome> {
    this.attempts.push({
      id: effect.kind === 'refreshCards' ? effect.kind : `${effect.kind}:${effect.seq}`,
      version: doc.version,
    });
    this.started.open();
    return this.hold ? await this.hold : { kind: 'sent' };
  }
  fallback(): Promise<SendOutcome> {
    return Promise.resolve({ kind: 'sent' });
  }
}

const notify = (caseId: string, seq: number, to = 'ann'): Effect => ({
  kind: 'notify',
  to,
  reason: 'reminder',
  caseId,
  seq,
});

function item(id: string, eventVersion: number, effect: Effect, extra: Partial<OutboxItem> = {}): OutboxItem {
  return {
    id,
    eventVersion,
    index: 0,
    createdAt: T0,
    status: 'pending',
    attempts: 0,
    notBefore: T0,
    effect: effect,
    ...extra,
  };
}

/** Warnings the dispatcher logged, by event. */
function warnings(): { log: ReturnType<typeof createLogger>; events: string[] } {
  const events: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean))
        events.push((JSON.parse(line) as { event: string }).event);
      done();
    },
  });
  return { log: createLogger('warn', stream), events };
}

describe('outbox dispatcher, overlapping attempts', function () {
  this.timeout(60_000);
  let store: Store;
  before(async () => {
    store = await testStore();
  });
  after(async () => {
    await store.close();
  });

  const dispatcher = (
    id: string,
    time: VirtualTime,
    sender: Sender,
    opts: { cases?: Store['cases']; log?: ReturnType<typeof createLogger> } = {},
  ) =>
    new Dispatcher({
      cases: opts.cases ?? store.cases,
      sender,
      now: time.now,
      sleep: time.sleep,
      instanceId: id,
      log: opts.log ?? createLogger('silent'),
      leaseMs: 60_000,
      cardUpdateDelayMs: 0,
      random: () => 0.5,
    });
  const outbox = async (caseId: string) => (await store.cases.get<CaseDoc>(caseId))!.outbox;

  /**
   * Instance a leases `caseId`'s one message and is still sending it when its lease runs out; `answer`
   * ends the send, `pass` is a's pass.
   */
  async function slowSendPastItsLease(caseId: string, log?: ReturnType<typeof createLogger>) {
    const time = new VirtualTime(Date.parse(T0));
    await store.cases.create(
      caseDoc(caseId, {
        hasPendingOutbox: true,
        outbox: [item(`${caseId}:1:0`, 1, notify(caseId, 1))],
      }) as CaseDoc,
    );
    const slow = new GatedSender();
    const answer = gate<SendOutcome>();
    slow.hold = answer.promise;
    const pass = dispatcher('a', time, slow, { log }).drainOnce();
    await slow.started.promise; // a has leased it and is sending
    time.ms += 5 * 60_000; // a's lease has run out
    return { time, answer, pass };
  }

  it('keeps the takeover’s record when a send that outlived its lease then succeeds (the office was told to check)', async () => {
    const a = warnings();
    const { time, answer, pass: passA } = await slowSendPastItsLease('o-1', a.log);
    await dispatcher('b', time, new GatedSender()).drainOnce();
    assert.equal(
      (await outbox('o-1')).find((i) => i.id === 'o-1:1:0')!.status,
      'gaveUp',
      'b finds the expired lease: outcome unknown',
    );
    answer.open({ kind: 'sent' });
    await passA;
    const items = await outbox('o-1');
    const m = items.find((i) => i.id === 'o-1:1:0')!;
    assert.equal(m.status, 'gaveUp', 'the first record stands');
    assert.equal(m.lastError, 'sender stopped before recording the outcome');
    assert.equal(
      items.filter((i) => i.id === 'o-1:1:0:gaveUp').length,
      1,
      'the office is asked to check, once',
    );
    assert.ok(a.events.includes('outcomeAlreadyRecorded'));
  });

  it('keeps the sender’s record when it settles first, though the takeover had already read the lease as expired', async () => {
    const { time, answer, pass: passA } = await slowSendPastItsLease('o-2');
    const read = gate();
    const paused = gate();
    const cases = Object.create(store.cases) as Store['cases'];
    cases.findPendingOutbox = async <T>(limit: number) => {
      const docs = await store.cases.findPendingOutbox(limit);
      read.open();
      await paused.promise; // b holds a copy showing a's lease expired
      return docs as T[];
    };
    const passB = dispatcher('b', time, new GatedSender(), { cases }).drainOnce();
    await read.promise;
    answer.open({ kind: 'retry', status: 503, error: 'RestError 503' });
    await passA; // a records: retry later
    paused.open();
    await passB;
    const m = (await outbox('o-2')).find((i) => i.id === 'o-2:1:0')!;
    assert.equal(m.status, 'retrying', 'a’s record stands; the message will be sent again');
    assert.equal(
      (await outbox('o-2')).some((i) => i.id.endsWith(':gaveUp')),
      false,
    );
  });

  it('draws a card update from the case as it is when sent, not as the pass found it', async () => {
    const time = new VirtualTime(Date.parse(T0));
    const refresh: Effect = { kind: 'refreshCards', caseId: 'o-3' };
    await store.cases.create(
      caseDoc('o-3', {
        version: 3,
        hasPendingOutbox: true,
        outbox: [item('o-3:3:0', 3, refresh)],
      }) as CaseDoc,
    );
    const sender = new GatedSender();
    sender.onTarget = async () => {
      sender.onTarget = null;
      // someone acts while the pass is building its queues
      const doc = (await store.cases.get<CaseDoc>('o-3'))!;
      await store.cases.replace({ ...doc, version: 4 });
    };
    await dispatcher('a', time, sender).drainOnce();
    assert.deepEqual(sender.attempts, [{ id: 'refreshCards', version: 4 }]);
  });

  it('draws again a card its person acted on while an update drawn before that was being sent', async () => {
    const time = new VirtualTime(Date.parse(T0));
    const refresh: Effect = { kind: 'refreshCards', caseId: 'o-9' };
    const jamiesCard = { conversationKey: 'user:jamie' as const, activityId: 'act-1', personId: 'jamie' };
    await store.cases.create(
      caseDoc('o-9', {
        version: 3,
        hasPendingOutbox: true,
        outbox: [item('o-9:3:0', 3, refresh)],
        cards: [{ ...jamiesCard, shown: 2 }],
      }) as CaseDoc,
    );
    const sender = new GatedSender();
    const answer = gate<SendOutcome>();
    sender.hold = answer.promise;
    const pass = dispatcher('a', time, sender).drainOnce();
    await sender.started.promise; // the update drawn at version 3 is on its way to Teams
    // Jamie acts on his card meanwhile: his save records that the card shows version 4, and asks for updates
    const doc = (await store.cases.get<CaseDoc>('o-9'))!;
    await store.cases.replace({
      ...doc,
      version: 4,
      cards: [{ ...jamiesCard, shown: 4 }],
      outbox: [...doc.outbox, item('o-9:4:0', 4, refresh)],
    });
    answer.open({ kind: 'sent' });
    await pass;
    const after = (await store.cases.get<CaseDoc>('o-9'))!;
    assert.equal(after.cards?.[0]?.shown, 3, 'which arrived last is unknown: the card may show version 3');
    assert.deepEqual(
      after.outbox.map((o) => o.id),
      ['o-9:4:0'],
      'the update for version 4 still waits, and will draw the card again',
    );
    await store.cases.erase('o-9'); // the other tests' passes must not find it waiting
  });

  it('never lets a later message to the same person overtake one given back after a lost lease answer', async () => {
    const time = new VirtualTime(Date.parse(T0));
    const lease = { by: 'a', until: new Date(Date.parse(T0) + 60_000).toISOString() };
    await store.cases.create(
      caseDoc('o-4', {
        hasPendingOutbox: true,
        outbox: [
          item('o-4:1:0', 1, notify('o-4', 1), { status: 'sending', attempts: 1, lease }),
          item('o-4:2:0', 2, notify('o-4', 2)),
        ],
      }) as CaseDoc,
    );
    const sender = new GatedSender();
    const d = dispatcher('a', time, sender);
    await d.drainOnce(); // gives the first back; the second waits behind it
    assert.equal(sender.attempts.length, 0);
    await d.drainOnce();
    assert.deepEqual(
      sender.attempts.map((x) => x.id),
      ['notify:1', 'notify:2'],
    );
    assert.deepEqual(
      (await outbox('o-4')).map((i) => [i.id, i.status, i.attempts]),
      [
        ['o-4:1:0', 'sent', 1],
        ['o-4:2:0', 'sent', 1],
      ],
    );
  });

  it('decides to leave an item only from a fresh copy of the case, never from one held from earlier', async () => {
    await store.cases.create(
      caseDoc('o-5', { hasPendingOutbox: true, outbox: [item('o-5:1:0', 1, notify('o-5', 1))] }) as CaseDoc,
    );
    const held = (await store.cases.get<CaseDoc>('o-5'))!;
    const writer = new OutboxWriter(store.cases);
    writer.startPass([held]);
    const lease = { by: 'a', until: new Date(Date.parse(T0) + 60_000).toISOString() };
    await store.cases.replace({
      ...held,
      outbox: [{ ...held.outbox[0]!, status: 'sending', attempts: 1, lease }],
    }); // leased since the copy was read
    const r = await writer.update('o-5', 'o-5:1:0', (i) =>
      i.status === 'sending' && i.lease?.by === 'a' ? { ...i, status: 'sent', lease: undefined } : null,
    );
    assert.equal(r?.item.status, 'sent');
    assert.equal((await outbox('o-5'))[0]!.status, 'sent');
  });
});
