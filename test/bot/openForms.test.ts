/**
 * Issue #17 "Never overwrite an open form": "While Jamie was typing into 'Record a discussion', a delayed
 * card update replaced the open form with the case card about 6 seconds later and the text was gone." A card
 * with a form open on it is left alone until the form is submitted or left; the form can still be submitted.
 */
import { strict as assert } from 'node:assert';
import type { CaseDoc } from '../../src/app/caseDocument';
import { HOLD_MS } from '../../src/bot/openForms';
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

describe('a form someone has open is never replaced by a card update', function () {
  this.timeout(60_000);
  const time = new TestTime('2026-12-07T10:00:00.000Z');
  let h: Harness;
  let caseId = '';
  const jamie = `a:personal-${DEMO.jamie}`;
  const updatesTo = (conversationId: string) =>
    h.connector.received.filter((r) => r.method === 'PUT' && r.conversationId === conversationId);
  const doc = async () => (await h.app.store.cases.get<CaseDoc>(caseId))!;
  const jamiesCard = async () =>
    (await doc()).cards!.find((c) => c.conversationKey === `user:${DEMO.jamie}`)!;
  const later = async (ms: number) => {
    time.freezeAt(new Date(time.ms() + ms).toISOString());
    await h.settle();
  };

  beforeEach(async () => {
    h = await startHarness({ CARD_UPDATE_DELAY_MS: '2000' }, undefined, { clock: time.clock });
    for (const p of [DEMO.priya, DEMO.jamie]) await h.install(p);
    await h.message(DEMO.priya, 'raise');
    const form = h.connector.cards(h.connector.sentTo(`a:personal-${DEMO.priya}`).at(-1)!)[0]!;
    caseId = buttons(form).find((b) => b.verb === 'raise')!.data.caseId as string;
    assert.equal(
      (await h.invoke(DEMO.priya, 'raise', raiseData(caseId, DEMO.jamie, 'CSC/2026/0043'))).status,
      200,
    );
    await later(3_000);
  });
  afterEach(async () => {
    await h.close();
  });

  /** Jamie clicks "Record a discussion" on the card he was sent: the form replaces that card. */
  async function jamieOpensTheForm(): Promise<{ activityId: string; v: number }> {
    const ref = await jamiesCard();
    const v = (await doc()).version;
    const opened = await h.invoke(DEMO.jamie, 'openDiscussion', { caseId, v }, 'manual', ref.activityId);
    assert.equal(opened.status, 200);
    assert.ok(
      buttons(opened.card).some((b) => b.verb === 'recordDiscussion'),
      'the form is shown',
    );
    return { activityId: ref.activityId, v };
  }

  /** Priya records something on a case (the first, unless told), so every card of it is due an update. */
  async function priyaChangesTheCase(summary: string, onCase = caseId): Promise<void> {
    const v = (await h.app.store.cases.get<CaseDoc>(onCase))!.version;
    const r = await h.invoke(
      DEMO.priya,
      'recordDiscussion',
      discussionData(onCase, v, [DEMO.priya, DEMO.jamie], summary),
    );
    assert.equal(r.status, 200);
    assert.match(cardText(r.card), /Discussion recorded/);
  }

  /** Jamie submits "Record a discussion" from the message `activityId`, drawn at version `v` of `onCase`. */
  const jamieSubmits = (activityId: string, v: number, summary: string, onCase = caseId) =>
    h.invoke(
      DEMO.jamie,
      'recordDiscussion',
      discussionData(onCase, v, [DEMO.priya, DEMO.jamie], summary),
      'manual',
      activityId,
    );

  it('leaves the form in place when the case changes, and the form can still be submitted', async () => {
    const { activityId, v } = await jamieOpensTheForm();
    await priyaChangesTheCase('Priya spoke to the school.');
    await later(10_000);
    assert.deepEqual(
      updatesTo(jamie).filter((u) => u.activityId === activityId),
      [],
      'no update replaced the form Jamie has open',
    );
    assert.ok(
      updatesTo(`a:personal-${DEMO.priya}`).length + h.connector.sentTo(`a:personal-${DEMO.priya}`).length >
        0,
      'the case did change for others',
    );

    const saved = await jamieSubmits(activityId, v, 'Jamie typed this while Priya was recording.');
    assert.equal(saved.status, 200);
    assert.match(cardText(saved.card), /Discussion recorded/, 'what Jamie typed is saved, not lost');
    const texts = (await doc()).state.stage.discussions.map((d) => d.summary);
    assert.deepEqual(texts, ['Priya spoke to the school.', 'Jamie typed this while Priya was recording.']);

    await priyaChangesTheCase('A further discussion.');
    await later(10_000);
    const updated = updatesTo(jamie).filter((u) => u.activityId === activityId);
    assert.equal(updated.length, 1, 'once the form is submitted, the card follows the case again');
    assert.match(cardText(h.connector.cards(updated[0]!)[0]), /A further discussion/);
  });

  it('follows the case again once Jamie goes back to the case without saving', async () => {
    const { activityId } = await jamieOpensTheForm();
    const back = await h.invoke(DEMO.jamie, 'refresh', { caseId }, 'manual', activityId);
    assert.equal(back.status, 200);
    await priyaChangesTheCase('Recorded after Jamie went back.');
    await later(10_000);
    assert.equal(updatesTo(jamie).filter((u) => u.activityId === activityId).length, 1);
  });

  it('does not update the card a saved submit answered: the answer already shows that version', async () => {
    const { activityId, v } = await jamieOpensTheForm();
    const saved = await jamieSubmits(activityId, v, 'Jamie records first.');
    assert.match(cardText(saved.card), /Discussion recorded/);
    assert.equal((await jamiesCard()).shown, (await doc()).version, 'the save recorded what the card shows');
    await later(10_000);
    assert.deepEqual(updatesTo(jamie), [], 'no update repeats the answer, whose headline stays');

    await priyaChangesTheCase('Priya replies.');
    await later(10_000);
    const updated = updatesTo(jamie).filter((u) => u.activityId === activityId);
    assert.equal(updated.length, 1, 'the form is gone with its save: the card follows the case');
    assert.match(cardText(h.connector.cards(updated[0]!)[0]), /Priya replies/);
  });

  it('follows the case again after a submit that was refused and answered with the case', async () => {
    const { activityId, v } = await jamieOpensTheForm();
    const refused = await jamieSubmits(activityId, v + 5, 'From a card newer than the case.');
    assert.match(cardText(refused.card), /changed since this card was shown/);
    await priyaChangesTheCase('Recorded after the refusal.');
    await later(10_000);
    assert.equal(updatesTo(jamie).filter((u) => u.activityId === activityId).length, 1);
  });

  it('keeps a form about another case opened on a card; once saved, the message is that case’s card', async () => {
    // a second case between the same two people; Jamie reaches it from the first case's card (Help → My cases)
    await h.message(DEMO.priya, 'raise');
    const form = h.connector.cards(h.connector.sentTo(`a:personal-${DEMO.priya}`).at(-1)!)[0]!;
    const other = buttons(form).find((b) => b.verb === 'raise')!.data.caseId as string;
    assert.equal(
      (await h.invoke(DEMO.priya, 'raise', raiseData(other, DEMO.jamie, 'CSC/2026/0044'))).status,
      200,
    );
    await later(3_000);
    const { activityId } = await jamiesCard();
    const v = (await h.app.store.cases.get<CaseDoc>(other))!.version;
    const opened = await h.invoke(DEMO.jamie, 'openDiscussion', { caseId: other, v }, 'manual', activityId);
    assert.ok(buttons(opened.card).some((b) => b.verb === 'recordDiscussion'));
    const before = updatesTo(jamie).filter((u) => u.activityId === activityId).length;

    await priyaChangesTheCase('Priya records on the first case.');
    await later(10_000);
    assert.equal(
      updatesTo(jamie).filter((u) => u.activityId === activityId).length,
      before,
      'the first case’s update leaves the form about the second case alone',
    );

    const saved = await jamieSubmits(activityId, v, 'Typed on the first case’s card.', other);
    assert.match(cardText(saved.card), /Discussion recorded/);
    await priyaChangesTheCase('Priya records again on the first case.');
    await later(10_000);
    const onMessage = () => updatesTo(jamie).filter((u) => u.activityId === activityId);
    assert.equal(
      onMessage().length,
      before,
      'the message now shows the second case: the first leaves it alone',
    );

    // the second case took the message on as Jamie's card: its next change updates it
    await priyaChangesTheCase('Priya replies on the second case.', other);
    await later(10_000);
    assert.equal(onMessage().length, before + 1);
    assert.match(cardText(h.connector.cards(onMessage().at(-1)!)[0]), /Priya replies on the second case/);
  });

  it('lets a form left open longer than a working day give way to the case', async () => {
    const { activityId } = await jamieOpensTheForm();
    time.freezeAt(new Date(time.ms() + HOLD_MS + 60_000).toISOString());
    await priyaChangesTheCase('Recorded the next day.');
    await later(10_000);
    assert.equal(updatesTo(jamie).filter((u) => u.activityId === activityId).length, 1);
  });
});
