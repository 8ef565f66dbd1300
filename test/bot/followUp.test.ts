/** Agreed actions followed up, proposals held at a deadline, imminent risk from the card (HTTP in, fake Bot Connector out). */
import { strict as assert } from 'node:assert';
import type { CaseDoc } from '../../src/app/caseDocument';
import { buttons, cardText, startHarness, type Harness } from '../support/botHarness';
import { BO_CHANNEL, DEMO } from '../support/demoPeople';

describe('follow-up on the case card (HTTP in, fake Bot Connector out)', function () {
  this.timeout(120_000);
  let h: Harness;
  let caseId = '';
  let n = 0;

  beforeEach(async () => {
    h = await startHarness();
    for (const p of [DEMO.priya, DEMO.jamie, DEMO.sam, DEMO.policeManager, DEMO.healthManager, DEMO.grace])
      await h.install(p);
    await h.message(DEMO.grace, 'help', { id: BO_CHANNEL, type: 'channel' });
    caseId = `0f0e0d0c-0000-4000-8000-${String(++n).padStart(12, '0')}`;
  });
  afterEach(async () => {
    await h.close();
  });

  const doc = async () => (await h.app.store.cases.get<CaseDoc>(caseId))!;
  const v = async () => (await doc()).version;
  const sent = (conversation: string) =>
    h.connector.sentTo(conversation).map((r) => cardText(h.connector.cards(r)[0]!));
  const toPerson = (aad: string) => sent(`a:personal-${aad}`);
  const advanceTo = async (iso: string) => {
    const res = await fetch(`${h.app.url}/test/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ advanceTo: iso }),
    });
    assert.equal(res.status, 200);
  };
  const raise = async (by: string, other: string, procedureId: string) => {
    const r = await h.invoke(by, 'raise', {
      caseId,
      v: 0,
      procedureId,
      otherProfessionalId: other,
      reference: 'CSC/2026/0202',
      theme: 'threshold',
      summary: 'We disagree on whether the threshold is met.',
      imminentRisk: 'false',
      conflictWithOwnManager: 'false',
    });
    assert.equal(r.status, 200);
    await h.settle();
  };

  it('an action’s owner is reminded before it is due, and an overdue action shows as overdue on the stage card', async () => {
    await raise(DEMO.priya, DEMO.jamie, 'conflict-resolution-flowchart');
    await h.invoke(DEMO.jamie, 'acknowledge', { caseId, v: await v() });
    await h.invoke(DEMO.priya, 'agreePlan', {
      caseId,
      v: await v(),
      plan: 'Health shares the contacts; we meet again next week.',
      action0Text: 'Share the last three contacts',
      action0Owner: DEMO.jamie,
      action0Due: '2026-12-10', // 17:00 London; the owner is reminded one working day before
    });
    await h.settle();
    const before = toPerson(DEMO.jamie).length;

    await advanceTo('2026-12-09T17:05:00.000Z');
    const reminded = toPerson(DEMO.jamie).slice(before);
    assert.ok(
      reminded.some(
        (t) =>
          /Reminder/.test(t) &&
          /Share the last three contacts — Jamie Reid, by Thu 10 Dec 2026, 17:00/.test(t),
      ),
      'the owner is reminded, with the action on the card',
    );
    const notYet = await h.invoke(DEMO.priya, 'refresh', { caseId });
    assert.doesNotMatch(cardText(notYet.card), /Overdue/);

    await advanceTo('2026-12-10T17:05:00.000Z');
    const card = (await h.invoke(DEMO.priya, 'refresh', { caseId })).card;
    assert.match(
      cardText(card),
      /⚠️ Share the last three contacts — Jamie Reid, by Thu 10 Dec 2026, 17:00\nOverdue/,
    );
    const overdue = JSON.stringify(card).match(/\{[^{}]*"text":"Overdue"[^{}]*\}/)?.[0] ?? '';
    assert.match(overdue, /"color":"Attention"/, 'in colour as well as in words');
    assert.match(
      cardText(card),
      /What has been agreed so far\nPlan agreed by Priya Shah: Health shares the contacts/,
    );
    assert.ok(
      sent(BO_CHANNEL).some(
        (t) => /An agreed action on a case is overdue/.test(t) && /CSC\/2026\/0202/.test(t),
      ),
      'the business office is told',
    );
    assert.equal(
      (await doc()).state.stage.stageId,
      'stage-1',
      'an overdue action alerts here; it does not escalate',
    );
  });

  it('a pending proposal survives a passing deadline: not escalated, the people asked reminded, the business office alerted', async () => {
    await raise(DEMO.priya, DEMO.jamie, 'conflict-resolution-flowchart');
    await h.invoke(DEMO.jamie, 'resolve', {
      caseId,
      v: await v(),
      summary: 'A joint visit on Friday.',
    });
    await h.settle();
    const before = toPerson(DEMO.priya).length;
    const alertsBefore = sent(BO_CHANNEL).length;
    const plan = (await doc()).state.stage.clocks.find((k) => k.clockId === 'plan')!;
    await advanceTo(new Date(new Date(plan.dueAt!).getTime() + 5 * 60_000).toISOString());

    const d = await doc();
    assert.equal(d.state.stage.stageId, 'stage-1', 'not escalated');
    assert.equal(d.state.status, 'open');
    assert.ok(d.state.stage.resolution, 'the proposal is kept');
    const toPriya = toPerson(DEMO.priya).slice(before);
    assert.ok(
      toPriya.some(
        (t) => /Reminder/.test(t) && /Resolution proposed by Jamie Reid: A joint visit on Friday/.test(t),
      ),
      'the person asked to agree is reminded',
    );
    assert.ok(
      toPriya.some((t) => /while a proposal waits/.test(t)),
      'the card says the deadline is held',
    );
    assert.ok(
      sent(BO_CHANNEL)
        .slice(alertsBefore)
        .some((t) => /A deadline passed/.test(t) && /CSC\/2026\/0202/.test(t)),
      'the business office is alerted',
    );
    const card = (await h.invoke(DEMO.priya, 'refresh', { caseId })).card;
    assert.ok(
      buttons(card).some((b) => b.verb === 'agreeResolution'),
      'it can still be agreed',
    );
  });

  it('imminent risk marked from the card shows the banner, and the business office is alerted', async () => {
    await raise(DEMO.sam, DEMO.jamie, 'bscp-escalation-procedure');
    const alertsBefore = sent(BO_CHANNEL).length;
    const card = (await h.invoke(DEMO.sam, 'refresh', { caseId })).card;
    assert.doesNotMatch(cardText(card), /Imminent risk of harm/);
    const button = buttons(card).find((b) => b.verb === 'openSetRisk');
    assert.equal(button?.title, 'Mark imminent risk');
    const form = await h.invoke(DEMO.sam, 'openSetRisk', button.data);
    assert.match(cardText(form.card), /Mark imminent risk of harm/);
    assert.ok(
      buttons(form.card).some((b) => b.verb === 'setImminentRisk' && b.title === 'Mark imminent risk'),
    );

    const set = await h.invoke(DEMO.sam, 'setImminentRisk', {
      caseId,
      v: await v(),
      reason: 'The child disclosed new injuries this morning.',
    });
    const text = cardText(set.card);
    assert.match(
      text,
      /⚠️ Imminent risk of harm: urgent timescales apply\. The child disclosed new injuries/,
    );
    assert.ok(
      text.indexOf('Imminent risk of harm') < text.indexOf('Case CSC/2026/0202'),
      'at the top of the card',
    );
    assert.match(text, /Stage 1: Senior Staff/, 'stage 1 starts at once');
    assert.ok(buttons(set.card).every((b) => b.verb !== 'openSetRisk'));
    await h.settle();
    const alerts = sent(BO_CHANNEL).slice(alertsBefore);
    assert.ok(alerts.some((t) => /A child is at imminent risk of harm/.test(t) && /CSC\/2026\/0202/.test(t)));
    for (const t of alerts) assert.doesNotMatch(t, /injuries|threshold/i, 'alerts carry no case detail');
  });
});
