/**
 * A case that runs for years (issue #20): 2,000 events made by real commands through the application service
 * into the embedded store, its messages delivered by the real dispatcher, on a virtual clock. Its document stays
 * small (older events are in archive documents), and it still saves, verifies, exports and escalates on its
 * deadline.
 */
import { strict as assert } from 'node:assert';
import { ARCHIVE_POLICY, readLog } from '../../src/app/caseArchive';
import type { CaseDoc } from '../../src/app/caseDocument';
import { CaseService } from '../../src/app/caseService';
import { ProcedureCatalog } from '../../src/app/procedures';
import { runCli } from '../../src/cli/run';
import type { SendOutcome, Sender } from '../../src/delivery/contract';
import { Dispatcher } from '../../src/delivery/dispatcher';
import { storedBytes, verifyChain, type Effect } from '../../src/domain/case';
import { createLogger } from '../../src/log';
import { sweepOnce } from '../../src/scheduler/sweep';
import type { Store } from '../../src/store/cosmos';
import { testDirectory } from '../support/directory';
import { raiseCommand } from '../support/journey';
import { VirtualTime } from '../support/virtualTime';
import { testStore } from '../store/harness';

const CASE = 'long-case-1';
const EVENTS = 2_000;

/** Delivers everything at once: the long case's messages are not what this test is about. */
const sender: Sender = {
  target: (_doc, effect: Effect) =>
    Promise.resolve(effect.kind === 'notify' ? `user:${effect.to}` : 'office'),
  send: (): Promise<SendOutcome> => Promise.resolve({ kind: 'sent' }),
  fallback: (): Promise<SendOutcome> => Promise.resolve({ kind: 'sent' }),
};

describe('a case with 2,000 events (bounded document, archives)', function () {
  this.timeout(120_000);
  let store: Store;
  let service: CaseService;
  let dispatcher: Dispatcher;
  // Monday 7 December 2026, 09:00 London: stage 1's clocks run in working days from here
  const time = new VirtualTime(Date.parse('2026-12-07T09:00:00.000Z'));
  const log = createLogger('silent');
  const get = async () => (await store.cases.get<CaseDoc>(CASE))!;

  async function cli(...argv: string[]) {
    const out: string[] = [];
    const code = await runCli(
      argv,
      { out: (s) => out.push(s), err: () => undefined },
      {
        store: () => Promise.resolve({ ...store, close: () => Promise.resolve() }),
        partnershipId: 'p1',
        now: time.now,
      },
    );
    return { code, out };
  }

  before(async () => {
    store = await testStore();
    const dir = testDirectory();
    service = new CaseService({
      cases: store.cases,
      procedures: new ProcedureCatalog(),
      directory: () => Promise.resolve(dir),
      now: time.now,
      heads: store.settings,
    });
    dispatcher = new Dispatcher({
      cases: store.cases,
      sender,
      now: time.now,
      sleep: time.sleep,
      instanceId: 'long',
      log,
      cardUpdateDelayMs: 0,
    });
    await service.run({
      caseId: CASE,
      partnershipId: 'p1',
      by: 'csc-practitioner',
      command: raiseCommand('conflict-resolution-flowchart', { caseId: CASE }),
    });
    // a worried practitioner and a reassured one, a thousand times: imminent risk set and cleared, with reasons
    let version = 0;
    for (let i = 0; version < EVENTS; i++) {
      time.ms += 30_000;
      const set = i % 2 === 0;
      const r = await service.run({
        caseId: CASE,
        partnershipId: 'p1',
        by: set ? 'csc-practitioner' : 'health-practitioner',
        command: set
          ? { type: 'setImminentRisk', reason: `Concern ${i}: the school reports bruising again.` }
          : { type: 'clearImminentRisk', reason: `Checked ${i}: a home visit found the child safe.` },
        idempotencyKey: `long:${i}`,
      });
      version = r.doc.version;
      if (i % 25 === 0) await dispatcher.drainOnce();
    }
    await dispatcher.drainOnce();
  });
  after(async () => {
    await store.close();
  });

  it('keeps a small document and the older events in archive documents, one whole log', async () => {
    const doc = await get();
    assert.ok(doc.version >= EVENTS, `version ${doc.version}`);
    const { keep, chunk } = ARCHIVE_POLICY;
    assert.ok(
      doc.events.length >= keep && doc.events.length < keep + chunk + 5,
      `${doc.events.length} events`,
    );
    assert.ok(storedBytes(doc) < 40_000, `the document is ${storedBytes(doc)} bytes`);
    const archives = await store.cases.archives(CASE);
    assert.equal(archives.length, (doc.events[0]!.seq - 1) / chunk);
    const whole = await readLog(store.cases, doc);
    assert.equal(whole.problem, undefined);
    assert.deepEqual(
      whole.events.map((e) => e.seq),
      Array.from({ length: doc.version }, (_, i) => i + 1),
    );
    assert.equal(verifyChain(whole.events).ok, true);
  });

  it('is never returned by a query over cases as an archive document', async () => {
    const everything = [
      ...(await store.cases.findForPerson('p1', 'csc-practitioner', true)),
      ...(await store.cases.findByPartnership('p1')),
      ...(await store.cases.findActiveIn('p1', '2026-01-01T00:00:00Z', '2028-01-01T00:00:00Z')),
      ...(await store.cases.findByReference('p1', 'CSC/2026/0042')),
      ...(await store.cases.findDue('9999-12-31T00:00:00.000Z', 100)),
      ...(await store.cases.findPendingOutbox(100)),
    ];
    for await (const page of store.cases.allOf('p1')) everything.push(...page);
    assert.ok(everything.length >= 5);
    assert.ok(everything.every((d) => d.id === CASE && d.caseId === CASE && d.partnershipId === 'p1'));
  });

  it('verifies with `audit verify`, archives included', async () => {
    const doc = await get();
    const r = await cli('audit', 'verify');
    assert.equal(r.code, 0, r.out.join('\n'));
    assert.ok(r.out.includes(`checked 1 case(s), ${doc.version} event(s)`), r.out.join('\n'));
  });

  it('exports every event with `audit export`, in order and chained', async () => {
    const doc = await get();
    const r = await cli('audit', 'export', '--case', 'CSC/2026/0042');
    assert.equal(r.code, 0);
    const rows = r.out.map((line) => JSON.parse(line) as { seq: number; hash: string; prevHash: string });
    assert.equal(rows.length, doc.version);
    rows.forEach((row, i) => {
      assert.equal(row.seq, i + 1);
      if (i > 0) assert.equal(row.prevHash, rows[i - 1]!.hash);
    });
  });

  it('still saves a person’s action and escalates automatically when its deadline passes', async () => {
    const before = await get();
    const ack = await service.run({
      caseId: CASE,
      partnershipId: 'p1',
      by: 'health-practitioner',
      command: { type: 'acknowledge' },
    });
    assert.equal(ack.doc.version, before.version + ack.events.length);
    let entered: string | undefined;
    for (let i = 0; i < 10 && !entered; i++) {
      const doc = await get();
      assert.ok(doc.nextDueAt, 'stage 1 has a deadline');
      time.advanceTo(doc.nextDueAt);
      await sweepOnce({ cases: store.cases, service, now: time.now, instanceId: 'long', log });
      const after = await get();
      if (after.state.stage.stageId === 'stage-2') entered = doc.nextDueAt;
    }
    assert.ok(entered, 'the case moved to stage 2');
    const whole = (await readLog(store.cases, await get())).events;
    const stage2 = whole.find((e) => e.type === 'StageEntered' && e.data.stageId === 'stage-2');
    assert.equal(stage2?.at, entered, 'escalated at its deadline');
    assert.equal(verifyChain(whole).ok, true);
    assert.equal((await cli('audit', 'verify')).code, 0);
  });
});
