/** "Earlier stages" (openHistory) through HTTP: the receiving manager sees stage 1 after an escalation; others see nothing. */
import { strict as assert } from 'node:assert';
import { buttons, cardText, raiseData, startHarness, type Harness } from '../support/botHarness';
import { DEMO } from '../support/demoPeople';

const EVIDENCE = 'Telephone call on Monday and a face-to-face meeting on Tuesday; we could not agree.';

describe('Earlier stages of a case (openHistory, HTTP in)', function () {
  this.timeout(120_000);
  let h: Harness;
  let caseId = '';

  const version = async () => (await h.app.store.cases.get(caseId))!.version;
  const lastCardTo = (aad: string) => {
    const sent = h.connector.sentTo(`a:personal-${aad}`);
    return h.connector.cards(sent[sent.length - 1]!)[0]!;
  };

  before(async () => {
    h = await startHarness();
    for (const p of [DEMO.priya, DEMO.jamie, DEMO.cscManager, DEMO.healthManager, DEMO.policeManager])
      await h.install(p);
    await h.message(DEMO.priya, 'raise');
    caseId = buttons(lastCardTo(DEMO.priya)).find((b) => b.verb === 'raise')!.data.caseId as string;
    const raised = await h.invoke(DEMO.priya, 'raise', raiseData(caseId, DEMO.jamie, 'CSC/2026/0077'));
    assert.ok(
      !buttons(raised.card).some((b) => b.verb === 'openHistory'),
      'a case at its first stage has no earlier stages to show',
    );
    await h.invoke(DEMO.priya, 'recordDiscussion', {
      caseId,
      v: await version(),
      heldAtDate: '2026-12-07',
      heldAtTime: '09:30',
      method: 'telephone',
      attendeeIds: `${DEMO.priya},${DEMO.jamie}`,
      summary: 'Talked it through.',
      outcome: 'unresolved',
    });
    await h.invoke(DEMO.priya, 'requestEscalation', { caseId, v: await version(), evidence: EVIDENCE });
    const approved = await h.invoke(DEMO.cscManager, 'approveOutcome', { caseId, v: await version() });
    assert.match(cardText(approved.card), /Stage 2: Direct Manager to Manager Discussion/);
    await h.settle();
  });
  after(async () => {
    await h.close();
  });

  it('the receiving manager taps "Earlier stages" and sees stage 1: who took part, its discussion, why it was left', async () => {
    const reached = lastCardTo(DEMO.healthManager);
    assert.match(cardText(reached), /This case has reached you/);
    const button = buttons(reached).find((b) => b.verb === 'openHistory');
    assert.ok(button, 'the case card offers "Earlier stages"');
    assert.equal(button.title, 'Earlier stages');
    const r = await h.invoke(DEMO.healthManager, 'openHistory', button.data);
    assert.equal(r.status, 200);
    const text = cardText(r.card);
    assert.match(text, /Earlier stages of case CSC\/2026\/0077/);
    assert.match(text, /Stage 1: Direct Professional to Professional Discussion/);
    assert.doesNotMatch(text, /Stage 2/, 'only stages already left');
    assert.match(text, /1 discussion recorded/);
    assert.match(text, /Who took part: .*Priya .*Jamie Reid/);
    assert.match(text, /Left: escalation from Stage 1 agreed/, 'why the stage was left');
    assert.deepEqual(
      buttons(r.card).map((b) => b.verb),
      ['refresh'],
      'back to the case, nothing else',
    );
  });

  it('someone who may not see the case learns nothing of it', async () => {
    const r = await h.invoke(DEMO.policeManager, 'openHistory', { caseId, v: await version() });
    assert.equal(r.status, 200);
    assert.match(cardText(r.card), /There is no such case that you can see\./);
    assert.doesNotMatch(cardText(r.card), /CSC\/2026\/0077|Stage 1/);
  });
});
