/** The case repository through the real @azure/cosmos client, against the embedded server (or a real account). */
import { strict as assert } from 'node:assert';
import { bulkCreate } from '../../src/local/bulkCreate';
import type { Store } from '../../src/store/cosmos';
import { ConcurrencyError } from '../../src/app/errors';
import { caseDoc, REAL_ACCOUNT, testStore } from './harness';

describe(`case repository (${REAL_ACCOUNT ? 'real Cosmos DB account' : 'embedded Cosmos-compatible server'})`, function () {
  this.timeout(120_000);
  let store: Store;

  before(async () => {
    store = await testStore();
  });
  after(async () => {
    await store.close();
  });

  it('creates, reads and replaces a case; a missing case reads as null', async () => {
    const created = await store.cases.create(caseDoc('c-1'));
    assert.ok(created._etag);
    const read = await store.cases.get('c-1');
    assert.equal(read?.reference, 'REF-c-1');
    const saved = await store.cases.replace({ ...read, version: 2 });
    assert.equal(saved.version, 2);
    assert.notEqual(saved._etag, read._etag);
    assert.equal(await store.cases.get('nope'), null);
  });

  it('refuses a second create of the same case', async () => {
    await store.cases.create(caseDoc('c-2'));
    await assert.rejects(store.cases.create(caseDoc('c-2')), ConcurrencyError);
  });

  it('refuses a replace made from a stale read (412 → ConcurrencyError)', async () => {
    const doc = await store.cases.create(caseDoc('c-3'));
    await store.cases.replace({ ...doc, version: 2 });
    await assert.rejects(store.cases.replace({ ...doc, version: 3 }), ConcurrencyError);
    assert.equal((await store.cases.get('c-3'))!.version, 2);
  });

  it('lets exactly one of 50 concurrent replaces from the same read win', async () => {
    const doc = await store.cases.create(caseDoc('c-4'));
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) => store.cases.replace({ ...doc, version: 100 + i })),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r) => r.status === 'rejected');
    assert.equal(won.length, 1);
    assert.equal(lost.length, 49);
    for (const r of lost) assert.ok(r.reason instanceof ConcurrencyError);
    const winner = (won[0] as PromiseFulfilledResult<{ version: number }>).value.version;
    assert.equal((await store.cases.get('c-4'))!.version, winner);
  });

  it('finds exactly the due cases among 10,000 stored, earliest first', async () => {
    const now = '2027-03-01T12:00:00.000Z';
    const docs = Array.from({ length: 10_000 }, (_, i) => {
      const due =
        i % 270 === 0
          ? `2027-02-${String(1 + (i % 28)).padStart(2, '0')}T09:00:00.000Z`
          : i % 3 === 0
            ? null
            : '2027-04-01T09:00:00.000Z';
      return caseDoc(`bulk-${i}`, { nextDueAt: due, partnershipId: 'bulk' });
    });
    const expected = docs.filter((d) => d.nextDueAt !== null && d.nextDueAt <= now).map((d) => d.caseId);
    await bulkCreate(store.cases, docs);
    const due = await store.cases.findDue(now, 100);
    assert.equal(expected.length, 38);
    assert.deepEqual(due.map((d) => d.caseId).sort(), [...expected].sort());
    const times = due.map((d) => d.nextDueAt!);
    assert.deepEqual(times, [...times].sort());
  });

  it('finds cases with undelivered messages, by person, by partnership period and by reference', async () => {
    await store.cases.create(
      caseDoc('q-1', {
        partnershipId: 'q',
        hasPendingOutbox: true,
        participants: ['ann'],
        openedAt: '2026-01-10T00:00:00.000Z',
      }),
    );
    await store.cases.create(
      caseDoc('q-2', {
        partnershipId: 'q',
        participants: ['ann', 'bob'],
        status: 'resolved',
        openedAt: '2026-02-10T00:00:00.000Z',
      }),
    );
    await store.cases.create(
      caseDoc('q-3', {
        partnershipId: 'q',
        participants: ['bob'],
        reference: 'HX/1',
        openedAt: '2026-03-10T00:00:00.000Z',
      }),
    );
    assert.ok((await store.cases.findPendingOutbox(50)).some((d) => d.caseId === 'q-1'));
    assert.deepEqual(
      (await store.cases.findForPerson('q', 'ann')).map((d) => d.caseId),
      ['q-1'],
    );
    assert.deepEqual((await store.cases.findForPerson('q', 'ann', true)).map((d) => d.caseId).sort(), [
      'q-1',
      'q-2',
    ]);
    assert.deepEqual(
      (await store.cases.findByPartnership('q', '2026-02-01', '2026-04-01')).map((d) => d.caseId).sort(),
      ['q-2', 'q-3'],
    );
    assert.deepEqual(
      (await store.cases.findByReference('q', 'HX/1')).map((d) => d.caseId),
      ['q-3'],
    );
  });
});
