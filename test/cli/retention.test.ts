/**
 * Retention review (README "Data kept"): a closed case is due for a retention decision RETENTION_REVIEW_MONTHS
 * after it closed; `escalate retention` lists those due and deletes nothing. After the decision,
 * `escalate retention erase` erases one such case (its archives too), recorded so that `audit verify` still passes.
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
      for (const [caseId, at, reference, changes] of [
        ['ret-old', '2018-06-04T10:00:00Z', 'CSC/2018/0001', 0], // the demo's CSC format
        ['ret-new', '2026-06-01T10:00:00Z', 'CSC/2026/0001', 0],
        ['ret-long', '2018-09-03T10:00:00Z', 'CSC/2018/0002', 30], // older events moved to archives
        ['ret-open', '2018-10-01T10:00:00Z', 'CSC/2018/0003', -1], // never closed
      ] as const) {
        let now = new Date(at);
        const service = new CaseService({
          cases: store.cases,
          procedures: new ProcedureCatalog(store.settings),
          directory: () => Promise.resolve(dir),
          now: () => now,
          heads: store.settings,
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
        for (let i = 0; i < changes; i++)
          await service.run({
            caseId,
            partnershipId: dir.partnership.id,
            by: raiser.id,
            command:
              i % 2 === 0
                ? { type: 'setImminentRisk', reason: `Concern ${i}.` }
                : { type: 'clearImminentRisk', reason: `Checked ${i}.` },
          });
        if (changes < 0) continue;
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

    /** Run `escalate` on 20 December 2026 against the test store; its exit code and every line it wrote. */
    async function escalate(...args: string[]): Promise<{ code: number; out: string[] }> {
      const out: string[] = [];
      const code = await runCli(
        args,
        { out: (s) => out.push(s), err: (s) => out.push(s) },
        {
          store: () => Promise.resolve({ ...store, close: () => Promise.resolve() }),
          partnershipId: dir.partnership.id,
          now: () => new Date('2026-12-20T12:00:00Z'),
        },
      );
      return { code, out };
    }
    const documentsOf = async (caseId: string) =>
      (await store.cases.archives(caseId)).length + ((await store.cases.get(caseId)) ? 1 : 0);

    it('lists the cases closed over 84 months ago and keeps every case', async () => {
      const { code, out } = await escalate('retention');
      assert.equal(code, 0, out.join('\n'));
      assert.match(out[0]!, /^2 closed case\(s\) due for a retention decision \(84 months after closure/);
      assert.match(
        out[1]!,
        /^CSC\/2018\/0001 {2}withdrawn, closed Mon 4 Jun 2018, 12:00, review due Wed 4 Jun 2025, 12:00$/,
      );
      assert.match(out[2]!, /^CSC\/2018\/0002 {2}withdrawn, closed Mon 3 Sept? 2018/);
      assert.equal(out.length, 3);
      assert.ok(await store.cases.get<CaseDoc>('ret-old'), 'nothing is deleted');
    });

    it('erases only a closed case due for review, and only with --yes', async () => {
      const notDue = await escalate('retention', 'erase', '--case', 'CSC/2026/0001', '--yes');
      assert.equal(notDue.code, 1);
      assert.match(notDue.out.join('\n'), /CSC\/2026\/0001 is not yet due for a retention decision/);
      const open = await escalate('retention', 'erase', '--case', 'CSC/2018/0003', '--yes');
      assert.equal(open.code, 1);
      assert.match(open.out.join('\n'), /CSC\/2018\/0003 is still open: only a closed case can be erased/);
      assert.equal(await documentsOf('ret-open'), 1);
      const unknown = await escalate('retention', 'erase', '--case', 'CSC/2018/9999', '--yes');
      assert.equal(unknown.code, 1);
      assert.match(unknown.out.join('\n'), /no case with reference CSC\/2018\/9999/);
      const asked = await escalate('retention', 'erase', '--case', 'csc/2018/0002');
      assert.equal(asked.code, 0);
      assert.match(asked.out[0]!, /^would erase CSC\/2018\/0002 \(ret-long\).*Run again with --yes/);
      assert.ok((await documentsOf('ret-long')) > 1, 'nothing erased without --yes; the case has archives');
      assert.ok((await documentsOf('ret-new')) === 1);
    });

    it('erases the case with its archives, and audit verify reports it erased, not deleted', async () => {
      const before = await documentsOf('ret-long');
      const erased = await escalate('retention', 'erase', '--case', 'CSC/2018/0002', '--yes');
      assert.equal(erased.code, 0, erased.out.join('\n'));
      assert.equal(
        erased.out[0],
        `erased CSC/2018/0002 (ret-long), withdrawn, closed Mon 3 Sept 2018, 12:00: ${before} documents`,
      );
      assert.equal(await documentsOf('ret-long'), 0, 'the case document and every archive are gone');
      assert.equal((await escalate('retention')).out.length, 2, 'the other case due is still there');

      const verified = await escalate('audit', 'verify');
      assert.equal(verified.code, 0, verified.out.join('\n'));
      assert.ok(verified.out.includes('1 case(s) erased after a retention decision (recorded; not a break)'));
      const again = await escalate('retention', 'erase', '--case', 'CSC/2018/0002', '--yes');
      assert.equal(again.code, 1, 'nothing left to erase');
    });

    it('reports an erasure interrupted after its record, and finishes it when run again', async () => {
      await store.settings.recordErasure(dir.partnership.id, {
        caseId: 'ret-old',
        closedAt: '2018-06-04T11:00:00.000Z',
        erasedAt: '2026-12-20T12:00:00.000Z',
      });
      const interrupted = await escalate('audit', 'verify');
      assert.equal(interrupted.code, 0, interrupted.out.join('\n'));
      assert.ok(
        interrupted.out.includes(
          '1 case(s) recorded as erased still have their case document (an interrupted erasure: run escalate retention erase again): ret-old',
        ),
        interrupted.out.join('\n'),
      );
      const finished = await escalate('retention', 'erase', '--case', 'CSC/2018/0001', '--yes');
      assert.equal(finished.code, 0, finished.out.join('\n'));
      assert.equal(await documentsOf('ret-old'), 0);
      const verified = await escalate('audit', 'verify');
      assert.ok(verified.out.includes('2 case(s) erased after a retention decision (recorded; not a break)'));
    });

    it('still reports a case deleted without a recorded decision as a break', async () => {
      await store.cases.erase('ret-new');
      const verified = await escalate('audit', 'verify');
      assert.equal(verified.code, 1);
      assert.match(
        verified.out.join('\n'),
        /BROKEN case ret-new .*the case is missing but \d+ events were recorded for it: deleted/,
      );
    });
  });
});
