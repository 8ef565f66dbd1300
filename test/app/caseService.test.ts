/** The application service through the real store: ETags, stale cards, idempotency, and nothing lost. */
import { strict as assert } from 'node:assert';
import { CaseService } from '../../src/app/caseService';
import type { CaseDoc } from '../../src/app/caseDocument';
import type { CommandStore } from '../../src/app/ports';
import { ProcedureCatalog } from '../../src/app/procedures';
import { SYSTEM, verifyChain } from '../../src/domain/case';
import { DomainError } from '../../src/domain/errors';
import { StoreUnavailableError } from '../../src/app/errors';
import type { Store } from '../../src/store/cosmos';
import { testDirectory } from '../support/directory';
import { raiseCommand } from '../support/journey';
import { StoreFaults } from '../support/storeFaults';
import { testStore } from '../store/harness';

const FLOW = 'conflict-resolution-flowchart';
const EVIDENCE = 'Two telephone discussions held on 7 and 8 December; no agreement reached.';

describe('case service (load → decide → ETag save → outbox)', function () {
  this.timeout(60_000);
  let store: Store;
  let service: CaseService;
  let now = new Date('2026-12-07T10:00:00.000Z');

  before(async () => {
    store = await testStore();
    const dir = testDirectory();
    service = new CaseService({
      cases: store.cases,
      procedures: new ProcedureCatalog(),
      directory: () => Promise.resolve(dir),
      now: () => now,
    });
  });
  after(async () => {
    await store.close();
  });

  async function raised(caseId: string): Promise<CaseDoc> {
    now = new Date('2026-12-07T10:00:00.000Z');
    const r = await service.run({
      caseId,
      partnershipId: 'p1',
      by: 'csc-practitioner',
      command: raiseCommand(FLOW, { caseId }),
    });
    return r.doc;
  }

  it('stores the raise with its chained events, outbox and next due instant', async () => {
    const doc = await raised('s-1');
    assert.equal(doc.version, 2);
    assert.equal(doc.nextDueAt, '2026-12-08T10:00:00.000Z'); // the reminder comes first
    assert.ok(doc.outbox.some((o) => (o.effect as { to?: string }).to === 'health-practitioner'));
    assert.equal(doc.hasPendingOutbox, true);
    assert.deepEqual(doc.participants.sort(), ['csc-practitioner', 'health-practitioner']);
    assert.equal(verifyChain(doc.events).ok, true);
  });

  it('applies exactly one of 50 concurrent approvals of the same stage; the rest are told the card is stale', async () => {
    const doc = await raised('s-2');
    const talked = await service.run({
      caseId: 's-2',
      partnershipId: 'p1',
      by: 'csc-practitioner',
      command: {
        type: 'recordDiscussion',
        heldAt: '2026-12-07T09:00:00.000Z',
        method: 'telephone',
        attendeeIds: ['csc-practitioner', 'health-practitioner'],
        summary: 'Talked it through.',
        outcome: 'unresolved',
      }, // escalating needs a recorded discussion
      cardVersion: doc.version,
    });
    const asked = await service.run({
      caseId: 's-2',
      partnershipId: 'p1',
      by: 'csc-practitioner',
      command: { type: 'requestEscalation', evidence: EVIDENCE },
      cardVersion: talked.doc.version,
    });
    const v = asked.doc.version;
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) =>
        service.run({
          caseId: 's-2',
          partnershipId: 'p1',
          by: 'csc-manager',
          command: { type: 'approveOutcome' },
          cardVersion: v,
          idempotencyKey: `click-${i}`,
        }),
      ),
    );
    const applied = results.filter((r) => r.status === 'fulfilled' && !r.value.replayed);
    const stale = results.filter(
      (r) => r.status === 'rejected' && (r.reason as DomainError).code === 'STALE_CARD',
    );
    assert.equal(applied.length, 1);
    assert.equal(stale.length + applied.length, 50, 'every other click is told its card is stale');
    const final = (await store.cases.get<CaseDoc>('s-2'))!;
    assert.equal(final.events.filter((e) => e.type === 'OutcomeApproved').length, 1);
    assert.equal(final.state.stage.stageId, 'stage-2');
    assert.equal(verifyChain(final.events).ok, true);
  });

  it('treats the same action sent twice as one (idempotency key)', async () => {
    const doc = await raised('s-3');
    const req = {
      caseId: 's-3',
      partnershipId: 'p1',
      by: 'health-practitioner',
      command: { type: 'acknowledge' as const },
      cardVersion: doc.version,
      idempotencyKey: 'k-ack',
    };
    const first = await service.run(req);
    const second = await service.run(req);
    assert.equal(first.replayed, false);
    assert.equal(second.replayed, true);
    assert.equal(second.doc.version, first.doc.version);
    const final = (await store.cases.get<CaseDoc>('s-3'))!;
    assert.equal(final.events.filter((e) => e.type === 'Acknowledged').length, 1);
  });

  it('applies an additive action from a slightly old card, but refuses one made before the stage changed', async () => {
    const doc = await raised('s-4');
    await service.run({
      caseId: 's-4',
      partnershipId: 'p1',
      by: 'health-practitioner',
      command: { type: 'acknowledge' },
      cardVersion: doc.version,
    });
    const discussion = {
      type: 'recordDiscussion' as const,
      heldAt: '2026-12-07T09:00:00.000Z',
      method: 'telephone' as const,
      attendeeIds: ['csc-practitioner'],
      summary: 'call',
      outcome: 'unresolved' as const,
    };
    const ok = await service.run({
      caseId: 's-4',
      partnershipId: 'p1',
      by: 'csc-practitioner',
      command: discussion,
      cardVersion: doc.version,
    });
    assert.equal(ok.replayed, false);
    await service.run({
      caseId: 's-4',
      partnershipId: 'p1',
      by: 'csc-practitioner',
      command: { type: 'requestEscalation', evidence: EVIDENCE },
    });
    await assert.rejects(
      service.run({
        caseId: 's-4',
        partnershipId: 'p1',
        by: 'csc-practitioner',
        command: discussion,
        cardVersion: doc.version,
      }),
      (e: DomainError) => e.code === 'STALE_CARD',
    );
  });

  it('refuses a case from another partnership as if it did not exist', async () => {
    await raised('s-5');
    await assert.rejects(
      service.run({
        caseId: 's-5',
        partnershipId: 'other',
        by: 'csc-practitioner',
        command: { type: 'withdraw', reason: 'x' },
      }),
      (e: DomainError) => e.code === 'CASE_NOT_FOUND',
    );
  });
});

describe('case service when the store is unreachable', function () {
  this.timeout(60_000);
  it('reports a clear error, changes nothing, and the command can be retried', async function () {
    const store = await testStore();
    if (!store.embeddedIntercept) {
      await store.close();
      this.skip(); // only the embedded server can be stopped from a test
    }
    try {
      const dir = testDirectory();
      const service = new CaseService({
        cases: store.cases,
        procedures: new ProcedureCatalog(),
        directory: () => Promise.resolve(dir),
        now: () => new Date('2026-12-07T10:00:00.000Z'),
      });
      const raised = await service.run({
        caseId: 'down-1',
        partnershipId: 'p1',
        by: 'csc-practitioner',
        command: raiseCommand(FLOW, { caseId: 'down-1' }),
      });
      const faults = new StoreFaults(store);
      const endOutage = faults.outage();
      const started = Date.now();
      const ack = {
        caseId: 'down-1',
        partnershipId: 'p1',
        by: 'health-practitioner',
        command: { type: 'acknowledge' as const },
        cardVersion: raised.doc.version,
        idempotencyKey: 'ack-down',
      };
      await assert.rejects(
        service.run(ack),
        (e: Error) => e instanceof StoreUnavailableError && !/Acknowledged|summary/.test(e.message),
      );
      assert.ok(Date.now() - started < 15_000, 'fails within seconds, as a card click must');
      endOutage();
      faults.detach();
      assert.equal(
        (await store.cases.get<CaseDoc>('down-1'))!.version,
        raised.doc.version,
        'nothing was written',
      );
      const retried = await service.run(ack);
      assert.equal(retried.replayed, false);
      assert.equal(retried.doc.events.filter((e) => e.type === 'Acknowledged').length, 1);
    } finally {
      await store.close();
    }
  });
});

describe('case service near the store’s 2 MB item limit', () => {
  const dir = testDirectory();
  let stored: CaseDoc | null = null;
  let etag = 0;
  /** An in-memory case store: documents of any size, ETags that change on every write. */
  const cases: CommandStore = {
    get: () => Promise.resolve(stored && structuredClone(stored)),
    create: (d) => Promise.resolve((stored = { ...d, _etag: String(++etag) })),
    replace: (d) => Promise.resolve((stored = { ...d, _etag: String(++etag) })),
  };
  let now = new Date('2026-12-07T10:00:00.000Z');
  const service = new CaseService({
    cases,
    procedures: new ProcedureCatalog(),
    directory: () => Promise.resolve(dir),
    now: () => now,
  });
  /** Stand in for a long case: `bytes` of padding in the stored document. */
  const grow = (bytes: number) => void Object.assign(stored!, { padding: 'x'.repeat(bytes) });
  const run = (by: string, command: Parameters<CaseService['run']>[0]['command']) =>
    service.run({ caseId: 'big-1', partnershipId: 'p1', by, command });
  const sizeAlerts = (effects: { kind: string; reason?: string }[]) =>
    effects.filter((e) => e.kind === 'alert' && e.reason === 'caseNearlyFull');
  const discussion = {
    type: 'recordDiscussion' as const,
    heldAt: '2026-12-07T09:30:00.000Z',
    method: 'telephone' as const,
    attendeeIds: ['csc-practitioner', 'health-practitioner'],
    summary: 'Talked it through.',
    outcome: 'unresolved' as const,
  };

  it('alerts the business office once as the document passes 1 MB, with reference, stage and deadline only', async () => {
    await run('csc-practitioner', raiseCommand(FLOW, { caseId: 'big-1' }));
    grow(1_000_000);
    const first = await run('health-practitioner', { type: 'acknowledge' });
    const alerts = sizeAlerts(first.effects);
    assert.equal(alerts.length, 1);
    assert.deepEqual(Object.keys(alerts[0]!).sort(), [
      'caseId',
      'dueAt',
      'kind',
      'nation',
      'reason',
      'reference',
      'seq',
      'stageLabel',
    ]);
    assert.ok(first.doc.outbox.some((o) => (o.effect as { reason?: string }).reason === 'caseNearlyFull'));
    assert.equal(first.doc.sizeAlerted, 1_000_000);
    const again = await run('csc-practitioner', discussion);
    assert.deepEqual(sizeAlerts(again.effects), [], 'once per threshold');
  });

  it('refuses a person’s input near 1.5 MB, yet the deadline sweep still saves, escalates and alerts again', async () => {
    grow(1_495_000);
    await assert.rejects(
      run('csc-practitioner', discussion),
      (e: unknown) => e instanceof DomainError && e.code === 'CASE_FULL',
    );
    grow(1_500_000);
    now = new Date('2026-12-09T10:00:00.000Z'); // stage 1's plan was due then
    const swept = await run(SYSTEM, { type: 'clockPassed', clockId: 'plan' });
    assert.equal(swept.doc.state.stage.stageId, 'stage-2');
    assert.equal(sizeAlerts(swept.effects).length, 1);
    assert.equal(swept.doc.sizeAlerted, 1_500_000);
  });
});
