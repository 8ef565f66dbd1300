/** The deadline sweep: fires each clock exactly once with several instances (one of them dead), walks a procedure. */
import { strict as assert } from 'node:assert';
import type { CaseDoc } from '../../src/app/caseDocument';
import { CaseService } from '../../src/app/caseService';
import { ProcedureCatalog } from '../../src/app/procedures';
import { SYSTEM } from '../../src/domain/case';
import { createLogger } from '../../src/log';
import { sweepOnce, type SweepDeps } from '../../src/scheduler/sweep';
import type { Store } from '../../src/store/cosmos';
import { testDirectory } from '../support/directory';
import { raiseCommand } from '../support/journey';
import { VirtualTime } from '../support/virtualTime';
import { testStore } from '../store/harness';

const FLOW = 'conflict-resolution-flowchart';
const BSCP = 'bscp-escalation-procedure';

describe('deadline sweep', function () {
  this.timeout(120_000);
  let store: Store;
  const time = new VirtualTime(Date.parse('2026-12-07T10:00:00.000Z'));
  let service: CaseService;
  const deps = (instanceId: string): SweepDeps => ({
    cases: store.cases,
    service,
    now: time.now,
    instanceId,
    log: createLogger('silent'),
  });

  before(async () => {
    store = await testStore();
    const dir = testDirectory();
    service = new CaseService({
      cases: store.cases,
      procedures: new ProcedureCatalog(),
      directory: () => Promise.resolve(dir),
      now: time.now,
    });
  });
  after(async () => {
    await store.close();
  });

  async function raise(caseId: string, procedureId = FLOW, imminentRisk = false): Promise<void> {
    await service.run({
      caseId,
      partnershipId: 'p1',
      by: 'csc-practitioner',
      command: raiseCommand(procedureId, { caseId, imminentRisk }),
    });
  }

  it('walks seed 000 from raise to the final stage with nobody acting, each reminder and escalation on the calendar', async () => {
    time.advanceTo('2026-12-21T10:00:00.000Z');
    await raise('walk-000');
    const fired: string[] = [];
    for (let i = 0; i < 40; i++) {
      const doc = (await store.cases.get<CaseDoc>('walk-000'))!;
      if (!doc.nextDueAt) break;
      time.advanceTo(doc.nextDueAt);
      await sweepOnce(deps('solo'));
    }
    const doc = (await store.cases.get<CaseDoc>('walk-000'))!;
    for (const e of doc.events)
      if (e.by === SYSTEM)
        fired.push(
          `${e.at} ${e.type}${e.type === 'StageEntered' ? ` ${String(e.data.stageId)}#${String(e.data.level)}` : ''}`,
        );
    assert.deepEqual(
      fired.filter((f) => /StageEntered|ClockPassed/.test(f)),
      [
        '2026-12-23T10:00:00.000Z ClockPassed',
        '2026-12-23T10:00:00.000Z StageEntered stage-2#1',
        '2027-01-04T10:00:00.000Z ClockPassed',
        '2027-01-04T10:00:00.000Z StageEntered stage-3#1',
        '2027-01-11T10:00:00.000Z ClockPassed',
        '2027-01-11T10:00:00.000Z StageEntered stage-3#2',
        '2027-01-18T10:00:00.000Z ClockPassed',
        '2027-01-18T10:00:00.000Z StageEntered stage-4#1',
        '2027-01-20T10:00:00.000Z ClockPassed',
        '2027-01-20T10:00:00.000Z StageEntered stage-5#1',
        '2027-01-27T10:00:00.000Z ClockPassed',
      ],
    );
    assert.ok(fired.includes('2026-12-22T10:00:00.000Z ReminderSent'), 'reminder one working day before');
    assert.ok(
      fired.includes('2026-12-31T10:00:00.000Z ReminderSent'),
      'stage 2 reminder skips the New Year bank holiday',
    );
    const told = doc.outbox.map((o) => o.effect as { kind: string; to?: string; reason: string });
    assert.ok(
      told.some((e) => e.kind === 'notify' && e.to === 'csc-director' && e.reason === 'stageEntered'),
    );
    assert.ok(told.some((e) => e.kind === 'notify' && e.to === 'lead-1' && e.reason === 'stageEntered'));
    assert.ok(told.some((e) => e.kind === 'alert' && e.reason === 'deadlinePassed'));
    assert.equal(doc.nextDueAt, null);
  });

  it('walks seed 002 with imminent risk straight from stage 1 to the Chair', async () => {
    time.advanceTo('2027-02-01T10:00:00.000Z');
    await raise('walk-002', BSCP, true);
    for (let i = 0; i < 40; i++) {
      const doc = (await store.cases.get<CaseDoc>('walk-002'))!;
      if (!doc.nextDueAt) break;
      time.advanceTo(doc.nextDueAt);
      await sweepOnce(deps('solo'));
    }
    const doc = (await store.cases.get<CaseDoc>('walk-002'))!;
    const stages = doc.events.filter((e) => e.type === 'StageEntered').map((e) => String(e.data.stageId));
    assert.deepEqual(stages, ['stage-1', 'stage-2', 'stage-3', 'stage-4']);
    assert.ok(doc.outbox.some((o) => (o.effect as { to?: string }).to === 'chair-1'));
  });

  it('never escalates on a Saturday a clock that is only due on Monday', async () => {
    time.advanceTo('2027-03-04T10:00:00.000Z'); // Thursday
    await raise('weekend');
    time.advanceTo('2027-03-06T12:00:00.000Z'); // Saturday
    await sweepOnce(deps('solo'));
    const doc = (await store.cases.get<CaseDoc>('weekend'))!;
    assert.equal(doc.state.stage.stageId, 'stage-1');
    assert.equal(doc.state.stage.clocks[0]!.dueAt, '2027-03-08T10:00:00.000Z');
  });

  it('fires every clock exactly once with three sweepers at once, undelayed by a fourth that died mid-sweep', async () => {
    time.advanceTo('2027-04-05T10:00:00.000Z');
    const ids = Array.from({ length: 12 }, (_, i) => `multi-${i}`);
    for (const id of ids) await raise(id);
    time.advanceTo('2027-04-07T10:00:01.000Z'); // every stage 1 deadline has passed
    // a fourth instance reads the due cases and dies before firing any: it leaves nothing behind to wait for
    const due = (await store.cases.findDue(time.now().toISOString(), 100)).map((d) => d.caseId);
    assert.ok(
      ids.every((id) => due.includes(id)),
      'all twelve are due',
    );
    const results = await Promise.all(['a', 'b', 'c'].map((i) => sweepOnce(deps(i))));
    // every case due now (the test before left one too): each due item is applied once, in this sweep
    const applied = (await Promise.all(due.map((id) => store.cases.get<CaseDoc>(id))))
      .flatMap((d) => d!.events)
      .filter((e) => e.at === time.now().toISOString() && ['ClockPassed', 'ReminderSent'].includes(e.type));
    assert.equal(
      results.reduce((n, r) => n + r.fired, 0),
      applied.length,
      'the three sweepers together fired each due item exactly once',
    );
    for (const id of ids) {
      const doc = (await store.cases.get<CaseDoc>(id))!;
      const passed = doc.events.filter((e) => e.type === 'ClockPassed');
      const entered = doc.events.filter((e) => e.type === 'StageEntered' && e.data.stageId === 'stage-2');
      assert.equal(entered.length, 1, `${id} escalated once`);
      assert.equal(
        entered[0]!.at,
        '2027-04-07T10:00:01.000Z',
        `${id} escalated at the first sweep after its deadline`,
      );
      assert.equal(
        new Set(passed.map((e) => String(e.data.clockId))).size,
        passed.length,
        `${id}: no clock fired twice`,
      );
    }
  });
});
