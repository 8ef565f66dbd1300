/** The whole seed 000 journey through HTTP: real activities in, recorded connector traffic out. */
import { strict as assert } from 'node:assert';
import type { CaseDoc } from '../../src/app/caseService';
import { verifyChain } from '../../src/domain/case';
import { buttons, cardText, choicesOf, startHarness, type Harness } from '../support/botHarness';
import { BO_CHANNEL, DEMO } from '../support/demoPeople';

const verbs = (card: unknown) => buttons(card).map((b) => b.verb);
const EVIDENCE = 'Telephone call on Monday and a face-to-face meeting on Tuesday; we could not agree.';

describe('Teams journey, seed 000 (HTTP in, fake Bot Connector out)', function () {
  this.timeout(120_000);
  let h: Harness;
  let caseId = '';
  let v = 0;

  before(async () => {
    h = await startHarness();
    for (const p of [DEMO.priya, DEMO.jamie, DEMO.cscManager, DEMO.healthManager, DEMO.grace, DEMO.lead])
      await h.install(p);
    await h.message(DEMO.grace, 'help', { id: BO_CHANNEL, type: 'channel' });
    h.connector.received.length = 0;
  });
  after(async () => {
    await h.close();
  });

  const doc = async () => (await h.app.store.cases.get<CaseDoc>(caseId))!;
  const toPerson = (aad: string) => h.connector.sentTo(`a:personal-${aad}`);
  const lastCardTo = (aad: string) => {
    const sent = toPerson(aad);
    return h.connector.cards(sent[sent.length - 1]!)[0]!;
  };

  it('raise: the form lists the procedures and people of other agencies; submitting it opens stage 1', async () => {
    await h.message(DEMO.priya, 'raise');
    const form = lastCardTo(DEMO.priya);
    assert.match(cardText(form), /Case \/ Conflict Resolution Flowchart/);
    const others = choicesOf(form, 'otherProfessionalId').map((c) => c.title);
    assert.ok(others.some((t) => /Jamie Reid — Community Health/.test(t)));
    assert.ok(
      !others.some((t) => /Children/.test(t)),
      'people of my own agency are not offered as the other professional',
    );
    caseId = buttons(form).find((b) => b.verb === 'raise')!.data.caseId as string;
    const r = await h.invoke(DEMO.priya, 'raise', {
      caseId,
      v: 0,
      procedureId: 'conflict-resolution-flowchart',
      otherProfessionalId: DEMO.jamie,
      reference: 'CSC/2026/0042',
      theme: 'Threshold for a strategy discussion',
      summary: 'We disagree on whether the threshold is met.',
      imminentRisk: 'false',
      conflictWithOwnManager: 'false',
    });
    assert.equal(r.status, 200);
    assert.match(cardText(r.card), /Case CSC\/2026\/0042/);
    assert.match(cardText(r.card), /Stage 1: Direct Professional to Professional Discussion/);
    assert.match(cardText(r.card), /by Wed 9 Dec 2026, 10:00 \(2 working days/);
    assert.match(cardText(r.card), /does not count as the discussion this stage requires/);
    assert.ok(verbs(r.card).includes('openDiscussion'));
    assert.ok(!verbs(r.card).includes('acknowledge'), 'the raiser does not acknowledge');
    v = (await doc()).version;
  });

  it('tells the other professional, whose card asks them to acknowledge', async () => {
    await h.settle();
    const card = lastCardTo(DEMO.jamie);
    assert.match(cardText(card), /raised with you/);
    assert.ok(verbs(card).includes('acknowledge'));
    const r = await h.invoke(DEMO.jamie, 'acknowledge', { caseId, v });
    assert.match(cardText(r.card), /Acknowledged by Jamie Reid/);
    assert.ok(!verbs(r.card).includes('acknowledge'));
  });

  it('records the stage 1 discussion and asks to escalate with evidence; the line manager is asked to approve', async () => {
    v = (await doc()).version;
    const d = await h.invoke(DEMO.priya, 'recordDiscussion', {
      caseId,
      v,
      heldAtDate: '2026-12-07',
      heldAtTime: '09:30',
      method: 'telephone',
      attendeeIds: `${DEMO.priya},${DEMO.jamie}`,
      summary: 'Talked it through.',
      outcome: 'unresolved',
    });
    assert.match(cardText(d.card), /Discussion recorded/);
    const noEvidence = await h.invoke(DEMO.priya, 'requestEscalation', {
      caseId,
      v: (await doc()).version,
      evidence: '',
    });
    assert.match(cardText(noEvidence.card), /Escalate to the next stage/, 'the form comes back');
    assert.match(cardText(noEvidence.card), /Required/);
    const r = await h.invoke(DEMO.priya, 'requestEscalation', {
      caseId,
      v: (await doc()).version,
      evidence: EVIDENCE,
    });
    assert.match(cardText(r.card), /waiting for Tom Clarke to approve/);
    assert.ok(!verbs(r.card).includes('approveOutcome'), 'the practitioner sees status, not Approve');
    await h.settle();
    const managerCard = lastCardTo(DEMO.cscManager);
    assert.match(cardText(managerCard), /asked to approve/);
    assert.ok(verbs(managerCard).includes('approveOutcome') && verbs(managerCard).includes('openReject'));
  });

  it('refuses an approval from someone else, and applies the manager’s', async () => {
    const before = await doc();
    const forged = await h.invoke(DEMO.healthManager, 'approveOutcome', { caseId, v: before.version });
    assert.doesNotMatch(cardText(forged.card), /Approved\./);
    assert.equal((await doc()).version, before.version, 'nothing written');
    const r = await h.invoke(DEMO.cscManager, 'approveOutcome', { caseId, v: before.version });
    assert.match(cardText(r.card), /Stage 2: Direct Manager to Manager Discussion/);
    await h.settle();
    assert.match(cardText(lastCardTo(DEMO.healthManager)), /This case has reached you/);
  });

  it('escalates automatically when the stage 2 deadline passes, and alerts the business office with reference, stage and deadline only', async () => {
    const res = await fetch(`${h.app.url}/test/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ advanceTo: '2026-12-15T10:00:00.000Z' }),
    });
    assert.equal(res.status, 200);
    const d = await doc();
    assert.equal(d.state.stage.stageId, 'stage-3');
    assert.match(d.state.stage.enteredBecause, /deadline passed/);
    const alerts = h.connector.sentTo(BO_CHANNEL).map((r) => h.connector.cards(r)[0]!);
    assert.ok(alerts.some((a) => /escalated automatically/.test(cardText(a))));
    for (const a of alerts) {
      assert.doesNotMatch(cardText(a), /disagree|threshold|Talked it through|Priya|Jamie/i);
      assert.match(cardText(a), /CSC\/2026\/0042/);
    }
  });

  it('keeps a verifiable audit trail of every step', async () => {
    const d = await doc();
    assert.equal(verifyChain(d.events).ok, true);
    assert.ok(d.events.some((e) => e.type === 'DiscussionRecorded' && e.by === DEMO.priya));
    assert.ok(d.events.every((e) => /Z$/.test(e.at)));
  });
});
