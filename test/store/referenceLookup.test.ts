/** Finding a case by its reference: any letter case, spaces around it ignored, old documents too (issue #17). */
import { strict as assert } from 'node:assert';
import { bulkCreate } from '../../src/local/bulkCreate';
import type { Store } from '../../src/store/cosmos';
import { caseDoc, REAL_ACCOUNT, testStore } from './harness';

describe(`case lookup by reference (${REAL_ACCOUNT ? 'real Cosmos DB account' : 'embedded Cosmos-compatible server'})`, function () {
  this.timeout(120_000);
  let store: Store;
  const ids = async (reference: string, partnershipId = 'refs') =>
    (await store.cases.findByReference(partnershipId, reference)).map((d) => d.caseId).sort();

  before(async () => {
    store = await testStore();
    await store.cases.create(caseDoc('r-upper', { partnershipId: 'refs', reference: 'CSC/2026/5678' }));
    const mixed = await store.cases.create(
      caseDoc('r-mixed', { partnershipId: 'refs', reference: 'Hx/2026/1' }),
    );
    await store.cases.replace({ ...mixed, version: 2 });
    await store.cases.create(caseDoc('r-elsewhere', { partnershipId: 'other', reference: 'CSC/2026/5678' }));
    // written before the lookup key was stored: the documents as they were, without it
    await bulkCreate(store.cases, [
      caseDoc('r-old-upper', { partnershipId: 'refs', reference: 'MASH/2025/77' }),
      caseDoc('r-old-lower', { partnershipId: 'refs', reference: 'ehcp-2025-9' }),
    ]);
  });
  after(async () => {
    await store.close();
  });

  it('finds a reference typed in any letter case, with spaces around it', async () => {
    for (const typed of ['CSC/2026/5678', 'csc/2026/5678', 'Csc/2026/5678', '  csc/2026/5678\t'])
      assert.deepEqual(await ids(typed), ['r-upper'], typed);
  });

  it('finds a mixed-case reference however it is typed, also after the case was saved again', async () => {
    for (const typed of ['Hx/2026/1', 'HX/2026/1', 'hx/2026/1', 'hX/2026/1'])
      assert.deepEqual(await ids(typed), ['r-mixed'], typed);
  });

  it('finds documents saved before the lookup key existed, typed as stored, in capitals or in small letters', async () => {
    assert.deepEqual(await ids('mash/2025/77'), ['r-old-upper']);
    assert.deepEqual(await ids(' MASH/2025/77 '), ['r-old-upper']);
    assert.deepEqual(await ids('EHCP-2025-9'), ['r-old-lower']);
    assert.deepEqual(await ids('ehcp-2025-9'), ['r-old-lower']);
  });

  it('stays within the partnership and finds nothing for another reference', async () => {
    assert.deepEqual(await ids('csc/2026/5678', 'other'), ['r-elsewhere']);
    assert.deepEqual(await ids('CSC/2026/9999'), []);
    assert.deepEqual(await ids('CSC/2026/567'), []);
  });

  it('keeps the lookup key out of the document the application reads', async () => {
    const [found] = await store.cases.findByReference('refs', 'csc/2026/5678');
    assert.equal(found?.reference, 'CSC/2026/5678');
    assert.ok(!('referenceKey' in found), 'found by reference');
    const read = await store.cases.get('r-mixed');
    assert.ok(read && !('referenceKey' in read), 'read by id');
    const raw = await store.cases.container.item('r-mixed', 'r-mixed').read<Record<string, unknown>>();
    assert.equal(raw.resource?.referenceKey, 'HX/2026/1', 'stored beside the reference');
  });
});
