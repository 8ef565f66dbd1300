/** Out of office (delegation) in the core and over HTTP, and the weekly digest's schedule and once-only posting. */
import { strict as assert } from 'node:assert';
import { digestSlot } from '../../src/app/digestSlot';
import { demoDirectory } from '../../src/app/directoryFile';
import type { CaseDoc } from '../../src/app/caseDocument';
import { createLogger } from '../../src/log';
import { digestTicker } from '../../src/scheduler/weeklyDigest';
import type { SendOutcome } from '../../src/delivery/contract';
import type { Store } from '../../src/store/cosmos';
import { ProcedureCatalog } from '../../src/app/procedures';
import { testStore } from '../store/harness';
import { discussionData, cardText, startHarness, type Harness } from '../support/botHarness';
import { DEMO } from '../support/demoPeople';

const EVIDENCE = 'Two telephone discussions this week; we could not agree on the threshold.';

describe('out of office: a manager names a delegate (HTTP)', function () {
  this.timeout(60_000);
  let h: Harness;
  const caseId = '5b0f9b1e-0000-4000-8000-00000000a0a0';
  const doc = async () => (await h.app.store.cases.get<CaseDoc>(caseId))!;

  before(async () => {
    h = await startHarness({}, '2026-12-21T10:00:00.000Z'); // Monday before Christmas
  });
  after(async () => {
    await h.close();
  });

  it('shows the form to a manager and refuses it to a practitioner', async () => {
    const form = await h.message(DEMO.cscManager, 'away');
    assert.equal(form.status, 200);
    const practitioner = await h.invoke(DEMO.priya, 'openAway', {});
    assert.match(cardText(practitioner.card), /Only managers and partnership roles/);
  });

  it('refuses a delegate from another agency or a practitioner, and a range that has passed', async () => {
    for (const [delegateId, field] of [
      [DEMO.healthManager, /This person cannot act for you/],
      [DEMO.ellie, /This person cannot act for you/],
    ] as const) {
      const r = await h.invoke(DEMO.cscManager, 'setAway', {
        delegateId,
        from: '2026-12-21',
        to: '2027-01-04',
      });
      assert.match(cardText(r.card), field);
    }
    const past = await h.invoke(DEMO.cscManager, 'setAway', {
      delegateId: DEMO.cscSenior,
      from: '2026-11-01',
      to: '2026-11-30',
    });
    assert.match(cardText(past.card), /already passed/);
    assert.equal((await h.app.store.directory.load('demo'))!.delegations, undefined);
  });

  it('sends the approval to the delegate while the manager is away, and the card says so', async () => {
    const saved = await h.invoke(DEMO.cscManager, 'setAway', {
      delegateId: DEMO.cscSenior,
      from: '2026-12-21',
      to: '2027-01-04',
    });
    assert.match(cardText(saved.card), /Out of office saved/);
    assert.match(cardText(saved.card), /Helen Moss receives the cases and approvals/);
    await h.invoke(DEMO.priya, 'raise', {
      caseId,
      v: 0,
      procedureId: 'conflict-resolution-flowchart',
      otherProfessionalId: DEMO.jamie,
      reference: 'CSC/2026/0901',
      theme: 'threshold',
      summary: 'Disagreement.',
    });
    // seed 000: "evidence should be provided that all efforts at the previous stage have been explored"
    await h.invoke(
      DEMO.priya,
      'recordDiscussion',
      discussionData(
        caseId,
        (await doc()).version,
        [DEMO.priya, DEMO.jamie],
        'Talked it through.',
        '2026-12-21',
      ),
    );
    const asked = await h.invoke(DEMO.priya, 'requestEscalation', {
      caseId,
      v: (await doc()).version,
      evidence: EVIDENCE,
    });
    assert.match(cardText(asked.card), /Helen Moss \(acting for Tom Clarke, who is away\)/);
    const pending = (await doc()).state.stage.pending!;
    assert.deepEqual(pending.approverIds, [DEMO.cscSenior]);
    assert.deepEqual(pending.actingFor, { [DEMO.cscSenior]: DEMO.cscManager });
    const byManager = await h.invoke(DEMO.cscManager, 'approveOutcome', { caseId, v: (await doc()).version });
    assert.doesNotMatch(cardText(byManager.card), /Approved\./);
    const approved = await h.invoke(DEMO.cscSenior, 'approveOutcome', { caseId, v: (await doc()).version });
    assert.match(cardText(approved.card), /Stage 2/);
    const stage2 = (await doc()).state.stage.participants.find((p) => p.actingFor);
    assert.deepEqual(stage2 && { id: stage2.personId, for: stage2.actingFor }, {
      id: DEMO.cscSenior,
      for: DEMO.cscManager,
    });
    assert.match(cardText(approved.card), /acting for Tom Clarke, who is away/);
  });

  it('lets the manager cancel it on return', async () => {
    const back = await h.message(DEMO.cscManager, 'back');
    assert.equal(back.status, 200);
    assert.equal((await h.app.store.directory.load('demo'))!.delegations, undefined);
  });
});

describe('weekly digest', function () {
  this.timeout(60_000);

  it('is due on the configured weekday and time, London time, moved past a bank holiday', () => {
    const slot = digestSlot(new Date('2026-12-02T12:00:00Z'), 'monday', '09:00', 'england-and-wales');
    assert.equal(slot.week, '2026-11-30');
    assert.equal(slot.at.toISOString(), '2026-11-30T09:00:00.000Z');
    assert.equal(slot.period.from.toISOString(), '2026-11-23T00:00:00.000Z');
    assert.equal(slot.period.to.toISOString(), '2026-11-30T00:00:00.000Z');
    // Monday 28 Dec 2026 is the Boxing Day substitute bank holiday: Tuesday instead
    const xmas = digestSlot(new Date('2026-12-28T10:00:00Z'), 'monday', '09:00', 'england-and-wales');
    assert.equal(xmas.at.toISOString(), '2026-12-29T09:00:00.000Z');
    // British Summer Time: 09:00 London is 08:00 UTC
    const summer = digestSlot(new Date('2026-07-09T10:00:00Z'), 'friday', '09:00', 'england-and-wales');
    assert.equal(summer.at.toISOString(), '2026-07-10T08:00:00.000Z');
    // Easter Monday in England, but not in Scotland
    assert.equal(
      digestSlot(new Date('2026-04-06T12:00:00Z'), 'monday', '09:00', 'england-and-wales').at.toISOString(),
      '2026-04-07T08:00:00.000Z',
    );
    assert.equal(
      digestSlot(new Date('2026-04-06T12:00:00Z'), 'monday', '09:00', 'scotland').at.toISOString(),
      '2026-04-06T08:00:00.000Z',
    );
  });

  describe('posting', () => {
    let store: Store;
    before(async () => {
      store = await testStore();
      await store.directory.save(demoDirectory());
    });
    after(async () => {
      await store.close();
    });

    it('posts once a week from any number of instances, and retries a failed post at the next tick', async () => {
      let now = new Date('2026-12-07T08:59:00Z');
      const posted: unknown[] = [];
      let failNext = 1;
      const ticker = (instanceId: string) =>
        digestTicker({
          partnershipId: 'demo',
          day: 'monday',
          time: '09:00',
          jobs: store.settings,
          cases: store.cases,
          procedures: new ProcedureCatalog(store.settings),
          directory: () => Promise.resolve(demoDirectory()),
          render: (figures) => ({ type: 'AdaptiveCard', figures }),
          post: (_p, card): Promise<SendOutcome> => {
            if (failNext-- > 0) return Promise.resolve({ kind: 'retry', status: 503, error: 'HTTP 503' });
            posted.push(card);
            return Promise.resolve({ kind: 'sent' });
          },
          now: () => now,
          instanceId,
          log: createLogger('silent'),
        });
      const [a, b, c] = [ticker('a'), ticker('b'), ticker('c')];
      assert.deepEqual(await Promise.all([a(), b(), c()]), ['notDue', 'notDue', 'notDue']);
      now = new Date('2026-12-07T09:00:30Z');
      const first = await Promise.all([a(), b(), c()]);
      assert.equal(first.filter((x) => x === 'failed').length, 1, first.join());
      assert.equal(posted.length, 0);
      now = new Date('2026-12-07T09:01:30Z');
      const second = await Promise.all([a(), b(), c()]);
      assert.equal(second.filter((x) => x === 'posted').length, 1, second.join());
      assert.equal(posted.length, 1);
      now = new Date('2026-12-08T09:00:00Z');
      await Promise.all([a(), b(), c(), ticker('d')()]);
      assert.equal(posted.length, 1, 'nothing more that week');
      now = new Date('2026-12-14T09:05:00Z');
      await Promise.all([a(), b(), c()]);
      assert.equal(posted.length, 2, 'the next week’s digest');
    });
  });
});
