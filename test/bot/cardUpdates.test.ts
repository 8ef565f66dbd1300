/**
 * Card updates in place wait a moment (CARD_UPDATE_DELAY_MS), by which time the message the same action
 * sent has been recorded. An update of a card drawn from the same version would show the same, minus its
 * headline ("… raised with you", "You are asked to approve…"): it is not sent. A later change is.
 */
import { strict as assert } from 'node:assert';
import type { CaseDoc } from '../../src/app/caseDocument';
import {
  buttons,
  cardText,
  discussionData,
  raiseData,
  startHarness,
  type Harness,
} from '../support/botHarness';
import { DEMO } from '../support/demoPeople';
import { TestTime } from '../support/testTime';

describe('card updates in place, after their delay', function () {
  this.timeout(60_000);
  const time = new TestTime('2026-12-07T10:00:00.000Z');
  let h: Harness;
  let caseId = '';

  before(async () => {
    h = await startHarness({ CARD_UPDATE_DELAY_MS: '2000' }, undefined, { clock: time.clock });
    for (const p of [DEMO.priya, DEMO.jamie]) await h.install(p);
    h.connector.received.length = 0;
    await h.message(DEMO.priya, 'raise');
    const form = h.connector.cards(h.connector.sentTo(`a:personal-${DEMO.priya}`).at(-1)!)[0]!;
    caseId = buttons(form).find((b) => b.verb === 'raise')!.data.caseId as string;
    const r = await h.invoke(DEMO.priya, 'raise', raiseData(caseId, DEMO.jamie, 'CSC/2026/0043'));
    assert.equal(r.status, 200);
    await h.settle();
  });
  after(async () => {
    await h.close();
  });

  const jamie = `a:personal-${DEMO.jamie}`;
  const updatesTo = (conversationId: string) =>
    h.connector.received.filter((r) => r.method === 'PUT' && r.conversationId === conversationId);
  const later = async (ms: number) => {
    time.freezeAt(new Date(time.ms() + ms).toISOString());
    await h.settle();
  };

  it('leaves the message just sent as it was: its headline stays', async () => {
    const told = h.connector.sentTo(jamie);
    assert.equal(told.length, 1);
    assert.match(cardText(h.connector.cards(told[0]!)[0]), /raised with you/);
    const doc = (await h.app.store.cases.get<CaseDoc>(caseId))!;
    assert.ok(
      doc.outbox.some((o) => (o.effect as { kind: string }).kind === 'refreshCards'),
      'the card update is waiting for its delay',
    );

    await later(3_000);
    const after = (await h.app.store.cases.get<CaseDoc>(caseId))!;
    assert.deepEqual(
      after.outbox.filter((o) => (o.effect as { kind: string }).kind === 'refreshCards'),
      [],
      'the card update was done',
    );
    assert.deepEqual(updatesTo(jamie), [], 'the card drawn from this version was not overwritten');
  });

  it('updates the card once the case has moved on', async () => {
    const v = (await h.app.store.cases.get<CaseDoc>(caseId))!.version;
    const r = await h.invoke(DEMO.jamie, 'acknowledge', { caseId, v });
    assert.equal(r.status, 200);
    await h.settle();
    assert.equal(updatesTo(jamie).length, 0, 'not before the delay');
    await later(3_000);
    const updates = updatesTo(jamie);
    assert.equal(updates.length, 1);
    const doc = (await h.app.store.cases.get<CaseDoc>(caseId))!;
    const ref = doc.cards?.find((c) => c.conversationKey === `user:${DEMO.jamie}`);
    assert.equal(updates[0]!.activityId, ref?.activityId, 'the message sent to Jamie, updated in place');
    const shown = cardText(h.connector.cards(updates[0]!)[0]);
    assert.match(shown, /Acknowledged by Jamie Reid/);
    assert.doesNotMatch(shown, /raised with you/);
  });

  it('never updates the card of someone who may no longer see the case', async () => {
    await h.install(DEMO.ellie);
    // a card of Ellie's on record (say she once stood in for someone): she is not involved in this case now
    const before = (await h.app.store.cases.get<CaseDoc>(caseId))!;
    const ellies = {
      conversationKey: `user:${DEMO.ellie}` as const,
      activityId: 'ellie-card',
      personId: DEMO.ellie,
      shown: before.version,
    };
    await h.app.store.cases.replace({ ...before, cards: [...(before.cards ?? []), ellies] });
    const v = (await h.app.store.cases.get<CaseDoc>(caseId))!.version;
    const r = await h.invoke(
      DEMO.priya,
      'recordDiscussion',
      discussionData(caseId, v, [DEMO.priya, DEMO.jamie], 'Later.'),
    );
    assert.match(cardText(r.card), /Discussion recorded/);
    await later(3_000);
    assert.ok(updatesTo(jamie).length > 0, 'the people involved were updated');
    assert.deepEqual(
      h.connector.received.filter((x) => x.activityId === 'ellie-card'),
      [],
      'nothing of the case reached Ellie',
    );
  });

  it('updates the card a person last acted on in their chat, not an older message further up', async () => {
    const priya = `a:personal-${DEMO.priya}`;
    const doc = async () => (await h.app.store.cases.get<CaseDoc>(caseId))!;
    // Priya records a discussion from the card at the bottom of her chat (not one the bot posted to her)
    const saved = await h.invoke(
      DEMO.priya,
      'recordDiscussion',
      discussionData(caseId, (await doc()).version, [DEMO.priya, DEMO.jamie], 'Spoke on the phone.'),
      'manual',
      'priya-latest-card',
    );
    assert.match(cardText(saved.card), /Discussion recorded/);
    assert.deepEqual(
      (await doc()).cards?.find((c) => c.conversationKey === `user:${DEMO.priya}`),
      {
        conversationKey: `user:${DEMO.priya}`,
        activityId: 'priya-latest-card',
        personId: DEMO.priya,
        shown: (await doc()).version,
      },
    );
    await later(3_000);
    assert.deepEqual(
      updatesTo(priya).filter((u) => u.activityId === 'priya-latest-card'),
      [],
      'the answer already shows it',
    );
    // Jamie records one too: Priya's card follows
    const r = await h.invoke(
      DEMO.jamie,
      'recordDiscussion',
      discussionData(
        caseId,
        (await doc()).version,
        [DEMO.priya, DEMO.jamie],
        'Jamie adds the school’s view.',
      ),
    );
    assert.match(cardText(r.card), /Discussion recorded/);
    await later(3_000);
    const updated = updatesTo(priya).filter((u) => u.activityId === 'priya-latest-card');
    assert.equal(updated.length, 1);
    assert.match(cardText(h.connector.cards(updated[0]!)[0]), /Jamie adds the school’s view/);
  });
});
