/** Forged and replayed card actions are refused with a card that explains, and nothing is written. */
import { strict as assert } from 'node:assert';
import type { CaseDoc } from '../../src/app/caseDocument';
import { discussionData, cardText, startHarness, type Harness } from '../support/botHarness';
import { DEMO } from '../support/demoPeople';

const EVIDENCE = 'Two telephone discussions this week; we could not agree on the threshold.';

describe('forged card actions (HTTP)', function () {
  this.timeout(60_000);
  let h: Harness;
  const caseId = '5b0f9b1e-0000-4000-8000-00000000f0f0';
  let version = 0;

  before(async () => {
    h = await startHarness();
    await h.invoke(DEMO.priya, 'raise', {
      caseId,
      v: 0,
      procedureId: 'conflict-resolution-flowchart',
      otherProfessionalId: DEMO.jamie,
      reference: 'CSC/2026/0009',
      theme: 'threshold',
      summary: 'Disagreement.',
    });
    await h.invoke(
      DEMO.priya,
      'recordDiscussion',
      discussionData(caseId, (await doc()).version, [DEMO.priya, DEMO.jamie], 'Talked it through.'),
    );
    await h.invoke(DEMO.priya, 'requestEscalation', { caseId, v: (await doc()).version, evidence: EVIDENCE });
    version = (await doc()).version;
  });
  after(async () => {
    await h.close();
  });

  async function doc(): Promise<CaseDoc> {
    return (await h.app.store.cases.get<CaseDoc>(caseId))!;
  }

  const forged: [string, string, string, Record<string, unknown>, RegExp, ('manual' | 'automatic')?][] = [
    [
      'approval by a practitioner',
      DEMO.jamie,
      'approveOutcome',
      { caseId, v: 0 },
      /Only the manager asked to approve/,
    ],
    [
      'approval by the other agency’s manager',
      DEMO.healthManager,
      'approveOutcome',
      { caseId, v: 0 },
      /Only the manager asked to approve/,
    ],
    [
      'approval by someone not involved',
      DEMO.sam,
      'approveOutcome',
      { caseId, v: 0 },
      /no such case that you can see|not involved/,
    ],
    [
      'a discussion by someone from another agency',
      DEMO.policeManager,
      'recordDiscussion',
      {
        caseId,
        v: 0,
        heldAtDate: '2026-12-07',
        heldAtTime: '09:00',
        method: 'telephone',
        attendeeIds: DEMO.sam,
        summary: 'x',
        outcome: 'resolved',
      },
      /no such case that you can see|not involved/,
    ],
    [
      'a replayed card from before the stage changed',
      DEMO.priya,
      'resolve',
      { caseId, v: 2 },
      /has changed since this card was shown/,
    ],
    [
      'a card version from the future',
      DEMO.cscManager,
      'approveOutcome',
      { caseId, v: 999 },
      /has changed since this card was shown/,
    ],
    ['a card without a version', DEMO.cscManager, 'approveOutcome', { caseId }, /missing its version/],
    [
      'an unknown case',
      DEMO.cscManager,
      'approveOutcome',
      { caseId: '00000000-dead-4000-8000-000000000000', v: 1 },
      /no such case|There is no such case/,
    ],
    ['an unknown verb', DEMO.cscManager, 'deleteCase', { caseId, v: 0 }, /does not know/],
    [
      'malformed data',
      DEMO.cscManager,
      'approveOutcome',
      'not an object' as unknown as Record<string, unknown>,
      /does not name a case/,
    ],
    [
      'a prototype-polluting payload',
      DEMO.cscManager,
      'approveOutcome',
      JSON.parse('{"__proto__":{"isAdmin":true},"caseId":"x"}'),
      /does not name a case/,
    ],
    [
      'a command sent as an automatic refresh',
      DEMO.cscManager,
      'approveOutcome',
      { caseId, v: 0 },
      /automatic card refresh cannot change a case/,
      'automatic',
    ],
    [
      'someone outside the directory',
      '99999999-9999-4999-8999-999999999999',
      'approveOutcome',
      { caseId, v: 0 },
      /not in the directory/,
    ],
  ];

  for (const [name, who, verb, data, expected, trigger] of forged) {
    it(`refuses ${name}`, async () => {
      const before = await doc();
      const payload =
        data && typeof data === 'object' && 'v' in data && data.v === 0 ? { ...data, v: version } : data;
      const r = await h.invoke(who, verb, payload, trigger ?? 'manual');
      assert.equal(r.status, 200, 'always a well-formed invoke response');
      assert.match(cardText(r.card), expected);
      const after = await doc();
      assert.equal(after.version, before.version, 'nothing written');
      assert.equal(({} as Record<string, unknown>).isAdmin, undefined);
    });
  }

  it('still accepts the real manager afterwards, once', async () => {
    const first = await h.invoke(DEMO.cscManager, 'approveOutcome', { caseId, v: version });
    const again = await h.invoke(DEMO.cscManager, 'approveOutcome', { caseId, v: version });
    assert.match(cardText(first.card), /Stage 2/);
    assert.match(cardText(again.card), /Stage 2/, 'a double click returns the same answer');
    assert.equal((await doc()).events.filter((e) => e.type === 'OutcomeApproved').length, 1);
  });
});
