/**
 * Retention review (README "Data kept"): a closed case is due for a retention decision RETENTION_REVIEW_MONTHS
 * after it closed; `escalate retention` lists those due and deletes nothing.
 */
import { strict as assert } from 'node:assert';
import { CaseService } from '../../src/app/caseService';
import type { CaseDoc } from '../../src/app/caseDocument';
import { demoDirectory } from '../../src/app/directoryFile';
import { ProcedureCatalog } from '../../src/app/procedures';
import { dueForRetentionReview } from '../../src/app/retention';
import { runCli } from '../../src/cli/run';
import type { Store } from '../../src/store/cosmos';
import { testStore } from '../store/harness';

const closed = (caseId: string, closedAt: string | null, status = 'withdrawn') => ({
  caseId,
  reference: caseId.toUpperCase(),
  status,
  closedAt,
});

describe('retention review', function () {
  this.timeout(60_000);

  it('is due the given number of months after closure, never for an open case, oldest first', () => {
    const now = new Date('2026-12-20T12:00:00Z');
    const due = dueForRetentionReview(
      [
        closed('b', '2019-12-20T11:00:00Z'), // 84 months ago to the day, an hour earlier: due
        closed('a', '2018-03-01T09:00:00Z', 'resolved'),
        closed('c', '2019-12-20T13:00:00Z'), // an hour short of 84 months: not yet
        closed('d', null, 'open'),
        closed('e', '2010-01-01T00:00:00Z', 'open'), // reopened data never counts
      ],
      now,
      84,
    );
    assert.deepEqual(
      due.map((d) => [d.caseId, d.reviewDueAt]),
      [
        ['a', '2025-03-01T09:00:00.000Z'],
        ['b', '2026-12-20T11:00:00.000Z'],
      ],
    );
  });

  describe('escalate retention (against the embedded store)', () => {
    let store: Store;
    const dir = demoDirectory();

    before(async () => {
      store = await testStore();
      await store.directory.save(dir);
      const raiser = dir.people.find((p) => p.role === 'practitioner' && p.agencyId === dir.agencies[0]!.id)!;
      const other = dir.people.find((p) => p.role === 'practitioner' && p.agencyId !== raiser.agencyId)!;
      for (const [caseId, at, reference] of [
        ['ret-old', '2018-06-04T10:00:00Z', 'CSC/2018/0001'], // the demo's CSC format
        ['ret-new', '2026-06-01T10:00:00Z', 'CSC/2026/0001'],
      ] as const) {
        let now = new Date(at);
        const service = new CaseService({
          cases: store.cases,
          procedures: new ProcedureCatalog(store.settings),
          directory: () => Promise.resolve(dir),
          now: () => now,
        });
        await service.run({
          caseId,
          partnershipId: dir.partnership.id,
          by: raiser.id,
          command: {
            type: 'raise',
            caseId,
            partnershipId: dir.partnership.id,
            procedureId: 'conflict-resolution-flowchart',
            reference,
            theme: 'other',
            summary: 'Disagreement.',
            otherProfessionalId: other.id,
            imminentRisk: false,
            conflictWithOwnManager: false,
            supporterId: null,
          },
        });
        now = new Date(new Date(at).getTime() + 3_600_000);
        await service.run({
          caseId,
          partnershipId: dir.partnership.id,
          by: raiser.id,
          command: { type: 'withdraw', reason: 'Resolved by talking.' },
        });
      }
    });
    after(async () => {
      await store.close();
    });

    it('lists the case closed over 84 months ago and keeps every case', async () => {
      const out: string[] = [];
      const code = await runCli(
        ['retention'],
        { out: (s) => out.push(s), err: (s) => out.push(s) },
        {
          store: () => Promise.resolve({ ...store, close: () => Promise.resolve() }),
          partnershipId: dir.partnership.id,
          now: () => new Date('2026-12-20T12:00:00Z'),
        },
      );
      assert.equal(code, 0, out.join('\n'));
      assert.match(out[0]!, /^1 closed case\(s\) due for a retention decision \(84 months after closure/);
      assert.match(
        out[1]!,
        /^CSC\/2018\/0001 {2}withdrawn, closed Mon 4 Jun 2018, 12:00, review due Wed 4 Jun 2025, 12:00$/,
      );
      assert.equal(out.length, 2);
      assert.ok(await store.cases.get<CaseDoc>('ret-old'), 'nothing is deleted');
    });
  });
});
