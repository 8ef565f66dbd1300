/** Out of office rules (domain/away.ts) and the application function that checks and saves (app/away.ts). */
import { strict as assert } from 'node:assert';
import { clearAway, setAway, type AwayDeps } from '../../src/app/away';
import { awayProblems, delegateCandidates, mayActFor, mayDelegate } from '../../src/domain/away';
import type { Delegation, Directory } from '../../src/domain/directory';
import { DomainError } from '../../src/domain/errors';
import { testDirectory } from '../support/directory';

const NOW = new Date('2026-12-07T10:00:00Z'); // Monday 7 December 2026, London
const away = (over: Partial<Delegation> = {}): Delegation => ({
  personId: 'csc-manager',
  delegateId: 'csc-seniorManager',
  from: '2026-12-08',
  to: '2026-12-11',
  ...over,
});

function fakeDeps(dir: Directory): AwayDeps & { saved: Delegation[]; removed: string[] } {
  const saved: Delegation[] = [];
  const removed: string[] = [];
  return {
    partnershipId: dir.partnership.id,
    directory: () => Promise.resolve(dir),
    delegations: {
      save: (_p, d) => Promise.resolve(void saved.push(d)),
      remove: (_p, id) => Promise.resolve(void removed.push(id)),
    },
    now: () => NOW,
    saved,
    removed,
  };
}

describe('out of office', () => {
  const dir = testDirectory();

  it('lets managers and partnership roles delegate, never practitioners', () => {
    assert.equal(mayDelegate(dir, 'csc-manager'), true);
    assert.equal(mayDelegate(dir, 'bo-1'), true);
    assert.equal(mayDelegate(dir, 'chair-1'), true);
    assert.equal(mayDelegate(dir, 'csc-practitioner'), false);
  });

  it('a delegate is a manager or above in the same agency, or another business office member', () => {
    assert.equal(mayActFor(dir, 'csc-manager', 'csc-seniorManager'), true);
    assert.equal(mayActFor(dir, 'csc-manager', 'csc-practitioner'), false);
    assert.equal(mayActFor(dir, 'csc-manager', 'csc-manager'), false);
    assert.equal(mayActFor(dir, 'bo-1', 'bo-2'), true);
    assert.ok(
      delegateCandidates(dir, 'csc-manager').every((p) => p.agencyId === 'csc' && p.role !== 'practitioner'),
    );
  });

  it('says what is wrong with the dates and the delegate, field by field', () => {
    const today = '2026-12-07';
    assert.deepEqual(awayProblems(dir, away(), today), {});
    assert.deepEqual(awayProblems(dir, away({ to: 'soon' }), today), { to: 'A date, please.' });
    assert.equal(
      awayProblems(dir, away({ to: '2026-12-01', from: '2026-11-30' }), today).to,
      'The last day has already passed.',
    );
    assert.deepEqual(awayProblems(dir, away({ from: '2026-12-11', to: '2026-12-08' }), today), {
      to: 'The last day is before the first day.',
      delegateId: 'This person cannot act for you.',
    });
    assert.match(awayProblems(dir, away({ to: '2028-01-01' }), today).to ?? '', /At most a year/);
    assert.deepEqual(awayProblems(dir, away({ delegateId: '' }), today), {
      delegateId: 'Choose who acts for you.',
    });
  });

  it('saves a valid request, returns the problems of an invalid one unsaved, and refuses a practitioner', async () => {
    const deps = fakeDeps(dir);
    const ok = await setAway(deps, away());
    assert.equal(ok.ok, true);
    assert.deepEqual(deps.saved, [away()]);
    const bad = await setAway(deps, away({ delegateId: 'csc-practitioner' }));
    assert.deepEqual(bad, { ok: false, errors: { delegateId: 'This person cannot act for you.' } });
    assert.equal(deps.saved.length, 1, 'nothing more saved');
    await assert.rejects(
      setAway(deps, away({ personId: 'csc-practitioner' })),
      (e: unknown) => e instanceof DomainError && e.code === 'NOT_ALLOWED',
    );
  });

  it('clears an out-of-office only when there is one', async () => {
    const withOne = { ...dir, delegations: [away()] };
    const deps = fakeDeps(withOne);
    assert.equal(await clearAway(deps, 'csc-manager'), true);
    assert.deepEqual(deps.removed, ['csc-manager']);
    assert.equal(await clearAway(fakeDeps(dir), 'csc-manager'), false);
  });
});
