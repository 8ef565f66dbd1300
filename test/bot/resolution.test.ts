/** Agreement closes a case, not a click (HTTP in, fake Bot Connector out): propose, agree, approve, and what each person is sent. */
import { strict as assert } from 'node:assert';
import type { CaseDoc } from '../../src/app/caseDocument';
import { buttons, cardText, startHarness, type Harness } from '../support/botHarness';
import { BO_CHANNEL, DEMO } from '../support/demoPeople';

const SUMMARY = 'We disagree on whether the threshold for a strategy discussion is met.';
const AGREED = 'A joint visit on Friday; health shares the last three contacts with social care.';

describe('resolution by agreement (HTTP in, fake Bot Connector out)', function () {
  this.timeout(120_000);
  let h: Harness;
  let caseId = '';
  let n = 0;

  beforeEach(async () => {
    h = await startHarness();
    for (const p of [
      DEMO.priya,
      DEMO.jamie,
      DEMO.sam,
      DEMO.cscManager,
      DEMO.healthManager,
      DEMO.healthSenior,
      DEMO.grace,
    ])
      await h.install(p);
    await h.message(DEMO.grace, 'help', { id: BO_CHANNEL, type: 'channel' });
    caseId = `0a0b0c0d-0000-4000-8000-${String(++n).padStart(12, '0')}`;
  });
  afterEach(async () => {
    await h.close();
  });

  const doc = async () => (await h.app.store.cases.get<CaseDoc>(caseId))!;
  const v = async () => (await doc()).version;
  const sent = (aad: string) => h.connector.sentTo(`a:personal-${aad}`).map((r) => h.connector.cards(r)[0]!);
  const lastCardTo = (aad: string) => sent(aad).at(-1)!;
  const verbs = (card: unknown) => buttons(card).map((b) => b.verb);

  const raise = async (by: string, other: string, procedureId: string, imminentRisk = false) => {
    const r = await h.invoke(by, 'raise', {
      caseId,
      v: 0,
      procedureId,
      otherProfessionalId: other,
      reference: 'CSC/2026/0101',
      theme: 'threshold',
      summary: SUMMARY,
      imminentRisk: String(imminentRisk),
      conflictWithOwnManager: 'false',
    });
    assert.equal(r.status, 200);
    await h.settle();
    return r.card;
  };

  /** The receiving professional opens "Propose a resolution" from their card and sends it with one agreed action. */
  const propose = async (by: string) => {
    const button = buttons(lastCardTo(by)).find((b) => b.verb === 'openResolve');
    assert.ok(button, 'the card offers "Propose a resolution"');
    assert.equal(button.title, 'Propose a resolution');
    const form = await h.invoke(by, 'openResolve', button.data);
    assert.match(cardText(form.card), /What has been agreed/);
    assert.ok(verbs(form.card).includes('resolve'));
    return h.invoke(by, 'resolve', {
      caseId,
      v: await v(),
      summary: AGREED,
      action0Text: 'Share the last three contacts',
      action0Owner: by,
      action0Due: '2026-12-18',
    });
  };

  it('the receiving professional’s proposal does not close the case until the raising professional agrees; then it closes and both are told', async () => {
    // seed 002 pre-escalation: no manager approves a resolution there
    await raise(DEMO.sam, DEMO.jamie, 'bscp-escalation-procedure');
    const proposed = await propose(DEMO.jamie);
    assert.match(
      cardText(proposed.card),
      /Resolution proposed by Jamie Reid: A joint visit on Friday.*; waiting for Police to agree\./,
    );
    assert.equal((await doc()).state.status, 'open', 'a proposal does not close the case');
    assert.ok(!verbs(proposed.card).includes('agreeResolution'), 'the proposer has agreed already');
    await h.settle();

    const asked = lastCardTo(DEMO.sam);
    assert.match(cardText(asked), /A resolution has been proposed: you are asked to agree or decline/);
    assert.match(cardText(asked), /Share the last three contacts — Jamie Reid/);
    const agree = buttons(asked).find((b) => b.verb === 'agreeResolution');
    assert.equal(agree?.title, 'Agree to this resolution');
    assert.equal(buttons(asked).find((b) => b.verb === 'openDecline')?.title, 'Decline');

    const agreed = await h.invoke(DEMO.sam, 'agreeResolution', agree.data);
    assert.match(cardText(agreed.card), /You agreed to the resolution/);
    assert.match(cardText(agreed.card), /Resolved/);
    assert.equal((await doc()).state.status, 'resolved');
    await h.settle();
    assert.match(cardText(lastCardTo(DEMO.jamie)), /This case has been closed/);
    assert.match(cardText(lastCardTo(DEMO.jamie)), /Resolved/);
  });

  it('where the procedure asks a manager to approve: agreement first, then the proposer’s manager approves, and only then it closes', async () => {
    // seed 002 stage 1 (first line managers; imminent risk starts there): the BSCP asks a manager to approve
    await raise(DEMO.priya, DEMO.jamie, 'bscp-escalation-procedure', true);
    await propose(DEMO.healthManager);
    await h.settle();
    assert.ok(
      !sent(DEMO.healthSenior).some((c) => verbs(c).includes('approveOutcome')),
      'no manager is asked before the other side agrees',
    );
    const asked = lastCardTo(DEMO.cscManager);
    assert.ok(!verbs(asked).includes('openEscalate'), 'no escalating while a resolution waits');
    const agreed = await h.invoke(DEMO.cscManager, 'agreeResolution', { caseId, v: await v() });
    assert.match(
      cardText(agreed.card),
      /Every agency has agreed the resolution proposed by Aisha Khan; waiting for Mark Ellis to approve\./,
    );
    assert.equal((await doc()).state.status, 'open', 'agreed, but not yet approved');
    await h.settle();

    const managerCard = lastCardTo(DEMO.healthSenior);
    assert.match(cardText(managerCard), /You are asked to approve an outcome/);
    assert.match(cardText(managerCard), /Resolution proposed by Aisha Khan: A joint visit/);
    const approve = buttons(managerCard).find((b) => b.verb === 'approveOutcome');
    assert.equal(approve?.title, 'Approve the resolution');
    await h.invoke(DEMO.healthSenior, 'approveOutcome', approve.data);
    assert.equal((await doc()).state.status, 'resolved');
    await h.settle();
    for (const p of [DEMO.cscManager, DEMO.healthManager])
      assert.match(cardText(lastCardTo(p)), /This case has been closed/, p);
  });

  it('seed 000 asks no approval: once the raising professional agrees, the case closes', async () => {
    await raise(DEMO.priya, DEMO.jamie, 'conflict-resolution-flowchart');
    await propose(DEMO.jamie);
    const agreed = await h.invoke(DEMO.priya, 'agreeResolution', { caseId, v: await v() });
    assert.match(cardText(agreed.card), /You agreed to the resolution/);
    assert.equal((await doc()).state.status, 'resolved');
    assert.match(
      cardText(agreed.card),
      /Agreed resolution \(proposed by Jamie Reid\): A joint visit on Friday/,
    );
    assert.doesNotMatch(cardText(agreed.card), /waiting for/, 'nothing waits on a closed case');
  });

  it('a declined resolution goes back to the proposer with the reason, and the case stays open', async () => {
    await raise(DEMO.priya, DEMO.jamie, 'conflict-resolution-flowchart');
    await propose(DEMO.jamie);
    const form = await h.invoke(DEMO.priya, 'openDecline', { caseId, v: await v() });
    assert.match(cardText(form.card), /Decline the proposed resolution/);
    assert.match(cardText(form.card), /Jamie Reid proposed: A joint visit/);
    await h.invoke(DEMO.priya, 'declineResolution', {
      caseId,
      v: await v(),
      reason: 'A visit alone does not answer the threshold question.',
    });
    assert.equal((await doc()).state.status, 'open');
    await h.settle();
    const told = lastCardTo(DEMO.jamie);
    assert.match(cardText(told), /The resolution you proposed was declined/);
    assert.match(cardText(told), /A visit alone does not answer the threshold question/);
    assert.ok(verbs(told).includes('openResolve'), 'a new resolution can be proposed');
  });

  it('the other professional’s first card says what the disagreement is about', async () => {
    await raise(DEMO.priya, DEMO.jamie, 'conflict-resolution-flowchart');
    const first = sent(DEMO.jamie).find((c) => /raised with you/.test(cardText(c)));
    assert.ok(first, 'the other professional is told');
    const text = cardText(first);
    assert.match(text, /A professional disagreement has been raised with you/);
    assert.match(text, /What the disagreement is about/);
    assert.match(text, /Threshold for intervention/, 'the theme, by its label');
    assert.ok(text.includes(SUMMARY), 'the summary, in the person’s own 1:1 chat');
  });

  it('the escalate form says a discussion must be recorded first, and shows why it was refused', async () => {
    await raise(DEMO.priya, DEMO.jamie, 'conflict-resolution-flowchart');
    const card = await h.invoke(DEMO.priya, 'refresh', { caseId });
    const button = buttons(card.card).find((b) => b.verb === 'openEscalate');
    assert.ok(button, 'the button is there even before a discussion');
    const form = await h.invoke(DEMO.priya, 'openEscalate', button.data);
    assert.match(
      cardText(form.card),
      /No discussion is recorded at Stage 1 yet\. A case moves up only after/,
    );
    const refused = await h.invoke(DEMO.priya, 'requestEscalation', {
      caseId,
      v: await v(),
      evidence: 'We talked twice and could not agree on the threshold at all.',
    });
    const text = cardText(refused.card);
    assert.match(text, /Escalate to the next stage/, 'the form comes back');
    assert.match(text, /No discussion is recorded at Stage 1\. Record one held by telephone/);
    assert.match(text, /We talked twice/, 'what was typed is kept');
  });
});
