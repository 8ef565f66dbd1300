/**
 * DESIGN.md §8: nothing of a case is posted in a shared conversation (channel, group or meeting chat). Commands
 * typed or clicked there are answered in the person's 1:1 chat; the shared conversation gets a neutral card.
 * Assertions are on everything the fake Bot Connector received for each conversation.
 */
import { strict as assert } from 'node:assert';
import {
  buttons,
  cardText,
  raiseData,
  startHarness,
  teamsActivity,
  type Harness,
} from '../support/botHarness';
import type { Recorded } from '../support/fakeConnector';
import { BO_CHANNEL, DEMO } from '../support/demoPeople';

const REFERENCE = 'CSC/2026/7310';
const GROUP = '19:group-chat-of-four@thread.v2';
const SUMMARY = 'Different views on whether the threshold is met.';

/** Everything of the case that must never reach a shared conversation. */
function caseDetailsIn(records: Recorded[]): string[] {
  const text = JSON.stringify(records.map((r) => r.body));
  return [REFERENCE, SUMMARY, 'Jamie Reid', 'Priya', 'Stage 1', 'Threshold'].filter((s) => text.includes(s));
}

describe('shared conversations carry nothing of a case', function () {
  this.timeout(60_000);
  let h: Harness;
  let caseId = '';

  before(async () => {
    h = await startHarness();
    for (const p of [DEMO.priya, DEMO.jamie, DEMO.grace]) await h.install(p);
    await h.message(DEMO.grace, 'help', { id: BO_CHANNEL, type: 'channel' });
    const form = await h.message(DEMO.priya, 'raise');
    assert.equal(form.status, 200);
    const sent = h.connector.sentTo(`a:personal-${DEMO.priya}`);
    caseId = buttons(h.connector.cards(sent[sent.length - 1]!)[0]).find((b) => b.verb === 'raise')!.data
      .caseId as string;
    const r = await h.invoke(DEMO.priya, 'raise', {
      ...raiseData(caseId, DEMO.jamie, REFERENCE),
      summary: SUMMARY,
    });
    assert.match(cardText(r.card), /Case CSC\/2026\/7310/);
    await h.settle();
  });
  after(async () => {
    await h.close();
  });

  for (const where of [
    { id: BO_CHANNEL, type: 'channel', name: 'a team channel' },
    { id: GROUP, type: 'groupChat', name: 'a group chat' },
  ]) {
    for (const command of [`case ${REFERENCE}`, 'my cases', 'cases', 'raise']) {
      it(`"${command}" in ${where.name}: the answer goes to the 1:1 chat, the shared conversation gets a neutral card`, async () => {
        const before = h.connector.received.length;
        const r = await h.message(DEMO.priya, command, where);
        assert.equal(r.status, 200);
        const after = h.connector.received.slice(before);
        const shared = after.filter((x) => x.conversationId === where.id);
        const personal = after.filter((x) => x.conversationId === `a:personal-${DEMO.priya}`);
        assert.equal(shared.length, 1, 'one reply in the shared conversation');
        assert.deepEqual(caseDetailsIn(shared), [], 'nothing of the case in the shared conversation');
        assert.match(cardText(h.connector.cards(shared[0]!)[0]), /sent this to you in a private chat/);
        assert.equal(personal.length, 1, 'the answer is in the 1:1 chat');
        const answer = cardText(h.connector.cards(personal[0]!)[0]);
        if (command.startsWith('case')) assert.match(answer, /Case CSC\/2026\/7310/);
        if (command === 'raise') assert.match(answer, /Raise a professional disagreement/);
        if (command !== 'raise') assert.match(answer, /CSC\/2026\/7310/);
      });
    }
  }

  it('the answer reaches someone who never chatted with the bot: a 1:1 chat is opened for them', async () => {
    const before = h.connector.received.length;
    await h.message(DEMO.ellie, 'my cases', { id: GROUP, type: 'groupChat' });
    const after = h.connector.received.slice(before);
    assert.ok(
      after.some((x) => x.method === 'POST' && x.path === '/v3/conversations'),
      'a conversation created',
    );
    assert.ok(
      after.some((x) => x.conversationId === `a:personal-29:${DEMO.ellie}`),
      'the answer is in it',
    );
    const shared = after.filter((x) => x.conversationId === GROUP);
    assert.equal(shared.length, 1);
    assert.match(cardText(h.connector.cards(shared[0]!)[0]), /sent this to you in a private chat/);
  });

  it('when no 1:1 chat can be opened, the shared conversation is told so, still without the case', async () => {
    h.connector.unreachable.add(`29:${DEMO.sam}`);
    const before = h.connector.received.length;
    await h.message(DEMO.sam, 'my cases', { id: GROUP, type: 'groupChat' });
    const shared = h.connector.received.slice(before).filter((x) => x.conversationId === GROUP);
    assert.equal(shared.length, 1);
    assert.match(cardText(h.connector.cards(shared[0]!)[0]), /couldn’t open a private chat/);
  });

  it('"Open the case" on a business office alert opens it in the clicker\'s 1:1 chat; the alert stays as it is', async () => {
    const before = h.connector.received.length;
    const invoke = teamsActivity(
      h.connector.url,
      DEMO.grace,
      {
        type: 'invoke',
        name: 'adaptiveCard/action',
        value: { action: { type: 'Action.Execute', verb: 'openCase', data: { caseId } }, trigger: 'manual' },
      },
      { id: BO_CHANNEL, type: 'channel' },
    );
    const r = await h.post(invoke);
    assert.equal(r.status, 200);
    const body = JSON.parse(r.text) as { type: string; value: unknown };
    assert.equal(
      body.type,
      'application/vnd.microsoft.activity.message',
      'a message, not a card replacing the alert',
    );
    assert.match(String(body.value), /sent this to you in a private chat/);
    assert.ok(!r.text.includes(REFERENCE), 'the invoke answer in the channel carries nothing of the case');
    const after = h.connector.received.slice(before);
    assert.deepEqual(caseDetailsIn(after.filter((x) => x.conversationId === BO_CHANNEL)), []);
    const personal = after.filter((x) => x.conversationId === `a:personal-${DEMO.grace}`);
    assert.equal(personal.length, 1);
    assert.match(cardText(h.connector.cards(personal[0]!)[0]), /Case CSC\/2026\/7310/);
  });

  it('an automatic refresh of an old case card in a channel shows nothing of the case', async () => {
    const invoke = teamsActivity(
      h.connector.url,
      DEMO.priya,
      {
        type: 'invoke',
        name: 'adaptiveCard/action',
        value: {
          action: { type: 'Action.Execute', verb: 'refresh', data: { caseId } },
          trigger: 'automatic',
        },
      },
      { id: GROUP, type: 'groupChat' },
    );
    const before = h.connector.received.length;
    const r = await h.post(invoke);
    assert.equal(r.status, 200);
    assert.ok(!r.text.includes(REFERENCE) && !r.text.includes(SUMMARY));
    assert.equal(h.connector.received.length, before, 'nothing sent anywhere for a refresh');
  });

  it('help stays in the shared conversation (it is about the bot, not a case)', async () => {
    const before = h.connector.received.length;
    await h.message(DEMO.priya, 'help', { id: GROUP, type: 'groupChat' });
    const after = h.connector.received.slice(before);
    assert.equal(after.length, 1);
    assert.equal(after[0]!.conversationId, GROUP);
    assert.match(cardText(h.connector.cards(after[0]!)[0]), /Escalate/);
  });
});
