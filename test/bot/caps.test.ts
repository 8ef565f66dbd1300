/** A case at its limit, through HTTP: one more discussion is refused on the card; the deadline still escalates it. */
import { strict as assert } from 'node:assert';
import { readLog } from '../../src/app/caseArchive';
import type { CaseDoc } from '../../src/app/caseDocument';
import { CASE_LIMITS, verifyChain } from '../../src/domain/case';
import { buttons, cardText, raiseData, startHarness, type Harness } from '../support/botHarness';
import { BO_CHANNEL, DEMO } from '../support/demoPeople';

describe('case limits through the bot (HTTP in, fake Bot Connector out)', function () {
  this.timeout(120_000);
  let h: Harness;
  let caseId = '';

  // every \`it\` starts from the same case: raised and holding as many discussions as a stage can
  before(async () => {
    h = await startHarness();
    for (const p of [DEMO.priya, DEMO.jamie, DEMO.grace]) await h.install(p);
    await h.message(DEMO.grace, 'help', { id: BO_CHANNEL, type: 'channel' });
    await h.message(DEMO.priya, 'raise');
    const sent = h.connector.sentTo(`a:personal-${DEMO.priya}`);
    const form = h.connector.cards(sent[sent.length - 1]!)[0]!;
    caseId = buttons(form).find((b) => b.verb === 'raise')!.data.caseId as string;
    const r = await h.invoke(DEMO.priya, 'raise', raiseData(caseId, DEMO.jamie, 'CSC/2026/0777'));
    assert.equal(r.status, 200);
    for (let n = 1; n <= CASE_LIMITS.discussionsPerStage; n++) {
      const ok = await discuss(n);
      assert.match(cardText(ok.card), /Discussion recorded/, `discussion ${n}`);
    }
  });
  after(async () => {
    await h.close();
  });

  const doc = async () => (await h.app.store.cases.get<CaseDoc>(caseId))!;
  const discuss = async (n: number) =>
    h.invoke(DEMO.priya, 'recordDiscussion', {
      caseId,
      v: (await doc()).version,
      heldAtDate: '2026-12-07',
      heldAtTime: '09:30',
      method: 'telephone',
      attendeeIds: `${DEMO.priya},${DEMO.jamie}`,
      summary: `Call number ${n}: still no agreement.`,
      outcome: 'unresolved',
    });

  it(`refuses a ${CASE_LIMITS.discussionsPerStage + 1}st discussion at a stage with a clear message on the card`, async () => {
    const before = (await doc()).version;
    const refused = await discuss(CASE_LIMITS.discussionsPerStage + 1);
    assert.equal(refused.status, 200);
    const text = cardText(refused.card);
    assert.match(
      text,
      /This stage already has 50 recorded discussions, the most one stage can hold \(50\)\. Escalate the case if it is not resolved, or ask the business office for help\./,
    );
    assert.match(text, /Case CSC\/2026\/0777/, 'the case card, with the notice on top');
    assert.equal((await doc()).version, before, 'nothing written');
    assert.equal((await doc()).state.stage.discussions.length, CASE_LIMITS.discussionsPerStage);
  });

  it('still escalates automatically on its deadline, and tells the business office', async () => {
    h.connector.received.length = 0;
    const res = await fetch(`${h.app.url}/test/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ advanceTo: '2026-12-09T10:05:00.000Z' }), // stage 1 was due Wed 9 Dec, 10:00
    });
    assert.equal(res.status, 200);
    const d = await doc();
    assert.equal(d.state.stage.stageId, 'stage-2');
    assert.match(d.state.stage.enteredBecause, /deadline passed/);
    assert.equal(verifyChain((await readLog(h.app.store.cases, d)).events).ok, true); // archives and document
    const alerts = h.connector.sentTo(BO_CHANNEL).map((r) => cardText(h.connector.cards(r)[0]!));
    assert.ok(alerts.some((a) => /escalated automatically/.test(a) && /CSC\/2026\/0777/.test(a)));
  });
});
