/**
 * Issue #17, channels: commands typed with or without an @mention of the bot (anywhere in the message, any letter
 * case, extra spaces, trailing punctuation); short replies to what is not understood; references in any letter
 * case; "no such case" points to "my cases" and says nothing of cases the person is not involved in.
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

const REFERENCE = 'CSC/2026/5678';
const AT = '<at>Escalate</at>';
const CHANNEL = { id: BO_CHANNEL, type: 'channel' };
const GROUP = { id: '19:group-chat-of-three@thread.v2', type: 'groupChat' };
const HELP_TITLE = /resolving professional disagreements/;
const REPORT_TITLE = /disagreements report/;

describe('commands in channels, with or without an @mention (issue #17)', function () {
  this.timeout(60_000);
  let h: Harness;

  /** Sends `text` as Teams would: with a mention entity when the text holds the bot's mention. */
  async function say(
    aad: string,
    text: string,
    where?: { id: string; type: string },
  ): Promise<{ shared: Recorded[]; personal: Recorded[]; all: Recorded[] }> {
    const entities = text.includes(AT)
      ? [{ type: 'mention', text: AT, mentioned: { id: '28:escalate-bot', name: 'Escalate' } }]
      : undefined;
    const before = h.connector.received.length;
    const r = await h.post(teamsActivity(h.connector.url, aad, { type: 'message', text, entities }, where));
    assert.equal(r.status, 200);
    const all = h.connector.received.slice(before);
    const mine = `a:personal-${aad}`;
    return {
      all,
      shared: where ? all.filter((x) => x.conversationId === where.id) : [],
      personal: all.filter((x) => x.conversationId === mine),
    };
  }
  const textOf = (r: Recorded) => cardText(h.connector.cards(r)[0]);
  /** The one card sent to `records`' conversation, as text. */
  function only(records: Recorded[]): string {
    assert.equal(records.length, 1, 'one reply');
    return textOf(records[0]!);
  }
  /** A short reply: a couple of lines, not the help card. */
  function assertShort(text: string): void {
    assert.doesNotMatch(text, HELP_TITLE, 'not the help card');
    const lines = text.split('\n').filter((l) => l.trim() !== '' && l !== 'Help');
    assert.ok(lines.length <= 3, `short: ${lines.length} lines`);
    assert.ok(text.length < 400, `short: ${text.length} characters`);
  }

  before(async () => {
    h = await startHarness();
    for (const p of [DEMO.priya, DEMO.jamie, DEMO.grace, DEMO.sam]) await h.install(p);
    await h.message(DEMO.priya, 'raise');
    const sent = h.connector.sentTo(`a:personal-${DEMO.priya}`);
    const caseId = buttons(h.connector.cards(sent[sent.length - 1]!)[0]).find((b) => b.verb === 'raise')!.data
      .caseId as string;
    const r = await h.invoke(DEMO.priya, 'raise', raiseData(caseId, DEMO.jamie, REFERENCE));
    assert.match(cardText(r.card), /Case CSC\/2026\/5678/);
    await h.settle();
  });
  after(async () => {
    await h.close();
  });

  for (const text of [
    `${AT} report`,
    'report',
    'REPORT',
    `${AT}   Report.`,
    `report ${AT}`,
    `${AT} report 2026-01-01 2026-12-31`,
  ])
    it(`"${text}" in the business office channel gives the report there`, async () => {
      const { shared, all } = await say(DEMO.grace, text, CHANNEL);
      assert.equal(all.length, 1);
      assert.match(only(shared), REPORT_TITLE);
    });

  for (const text of ['@Escalate  help  ', `${AT} help`, `  HELP ${AT}!`, '@escalate, help?', `${AT}`])
    it(`"${text}" in a channel gives the help card there`, async () => {
      const { shared } = await say(DEMO.priya, text, CHANNEL);
      assert.match(only(shared), HELP_TITLE);
    });

  it('a mention anywhere, in a group chat, with a trailing full stop: "my cases" answered in the 1:1 chat', async () => {
    const { shared, personal } = await say(DEMO.priya, `my ${AT} cases.`, GROUP);
    assert.doesNotMatch(only(shared), /CSC/);
    assert.match(only(personal), /CSC\/2026\/5678/);
  });

  it('a message with odd entities (no type, a mention naming nobody) is still answered', async () => {
    const before = h.connector.received.length;
    const entities = [{}, { type: 'mention', text: AT }, { type: 'clientInfo', locale: 'en-GB' }];
    const activity = teamsActivity(
      h.connector.url,
      DEMO.priya,
      { type: 'message', text: `${AT} help`, entities },
      CHANNEL,
    );
    const r = await h.post(activity);
    assert.equal(r.status, 200);
    assert.match(only(h.connector.received.slice(before)), HELP_TITLE);
  });

  it('what is not understood gets a short reply that quotes it and points to help, not the help card', async () => {
    const { shared } = await say(DEMO.priya, `${AT} what can you do`, CHANNEL);
    const text = only(shared);
    assertShort(text);
    assert.match(text, /I didn’t understand “what can you do”\./);
    assert.match(
      text,
      /Type \*\*@Escalate help\*\* to see what I can do\./,
      'how to ask here: with the mention',
    );
    const personal = only((await say(DEMO.priya, 'what can you do')).personal);
    assertShort(personal);
    assert.match(personal, /Type \*\*help\*\* to see what I can do\./, 'in the 1:1 chat: no mention needed');
  });

  it('long typed text is cut short and shown as typed, never as markdown', async () => {
    const long = `[click here](https://example.org/x) **now** ${'and more '.repeat(30)}`;
    const text = only((await say(DEMO.priya, long)).personal);
    assertShort(text);
    const quoted = /“(.*)”/.exec(text)![1]!;
    assert.ok(quoted.endsWith('…'), 'marked as cut');
    assert.ok(quoted.replace(/\\/g, '').length <= 40, `at most 40 characters: ${quoted}`);
    assert.match(quoted, /^\\\[click here\\\]\\\(https:/, 'the link is escaped');
    assert.ok(!text.includes('and more and more and more and more'), 'the rest is not shown');
  });

  it('a chat line in a channel that does not mention the bot and is no command gets no answer', async () => {
    const { all } = await say(DEMO.priya, 'thanks all, see you at the strategy meeting', CHANNEL);
    assert.deepEqual(all, []);
  });

  it('"case" alone gets a short usage reply, in place in a channel', async () => {
    const { shared, personal } = await say(DEMO.priya, `${AT} case`, CHANNEL);
    assert.deepEqual(personal, []);
    const text = only(shared);
    assertShort(text);
    assert.match(text, /followed by the case reference, for example \*\*@Escalate case CSC\/2026\/1234\*\*/);
    const inChat = only((await say(DEMO.priya, 'Case')).personal);
    assertShort(inChat);
    assert.match(
      inChat,
      /Type \*\*case\*\* followed by the case reference, for example \*\*case CSC\/2026\/1234\*\*, or \*\*my cases\*\* for your cases\./,
    );
  });

  it('"case csc/2026/5678" in small letters in a channel opens the case in the 1:1 chat', async () => {
    const { shared, personal } = await say(DEMO.priya, `${AT} case csc/2026/5678`, CHANNEL);
    assert.match(only(shared), /sent this to you in a private chat/);
    assert.doesNotMatch(only(shared), /CSC\/2026\/5678/i);
    assert.match(only(personal), /Case CSC\/2026\/5678/);
  });

  it('references match in any letter case and with spaces or a full stop around them', async () => {
    for (const text of ['case  Csc/2026/5678 ', 'CASE CSC/2026/5678.', `${AT} case csc/2026/5678`])
      assert.match(only((await say(DEMO.jamie, text)).personal), /Case CSC\/2026\/5678/, text);
  });

  it('an unknown reference suggests "my cases", and says the same of a case the person is not involved in', async () => {
    const unknown = only((await say(DEMO.priya, 'case CSC/2026/9999')).personal);
    assertShort(unknown);
    assert.match(
      unknown,
      /I can’t find a case CSC\/2026\/9999 that you’re involved in\. Type \*\*my cases\*\* to see your cases\./,
    );
    const notTheirs = only((await say(DEMO.sam, 'case csc/2026/5678')).personal);
    assert.equal(
      notTheirs,
      unknown.replace('CSC/2026/9999', 'csc/2026/5678'),
      'the same answer whether or not the case exists',
    );
  });
});
