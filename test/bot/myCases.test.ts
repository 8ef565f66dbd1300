/**
 * "My cases" through HTTP: a person's open cases, the nearest date first (the next deadline or one of their own
 * actions), each with its theme, stage, what is expected of them next and only their own open actions.
 */
import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import type { CaseDoc } from '../../src/app/caseDocument';
import { MAX } from '../../src/domain/case';
import { bulkCreate } from '../../src/local/bulkCreate';
import {
  buttons,
  cardText,
  discussionData,
  raiseData,
  startHarness,
  type Harness,
} from '../support/botHarness';
import { DEMO } from '../support/demoPeople';

/** The rows of a "my cases" card: each case's section, with its heading and all its text. */
function rowsOf(card: Record<string, any>): { heading: string; text: string; caseId: string }[] {
  return (card.body as Record<string, any>[])
    .filter((b) => b.type === 'Container' && buttons(b).some((x) => x.verb === 'openCase'))
    .map((b) => ({
      heading: b.items[0].text as string,
      text: cardText(b),
      caseId: buttons(b)[0]!.data.caseId as string,
    }));
}

const LONG_ACTION =
  'Send the [chronology](https://example.org) of home visits to the health visitor, with the notes of the strategy discussion held last week, the dates of every missed appointment and the school’s attendance record.';
const SAM_ACTION = 'Check the police notes for callouts to the family address';
const JAMIE_ACTION = 'Book the paediatric assessment';

describe('my cases (HTTP in, fake Bot Connector out)', function () {
  this.timeout(120_000);
  let h: Harness;
  const ids: Record<'a' | 'b' | 'c', string> = { a: '', b: '', c: '' };

  const version = async (caseId: string) => (await h.app.store.cases.get<CaseDoc>(caseId))!.version;
  const moveClock = async (advanceTo: string) => {
    const res = await fetch(`${h.app.url}/test/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ advanceTo }),
    });
    assert.equal(res.status, 200);
  };
  const raise = async (by: string, other: string, reference: string, theme: string) => {
    const caseId = randomUUID();
    const r = await h.invoke(by, 'raise', { ...raiseData(caseId, other, reference), theme });
    assert.match(cardText(r.card), /Stage 1: Direct Professional to Professional Discussion/, reference);
    return caseId;
  };
  const addAction = async (by: string, caseId: string, owner: string, text: string, due: string) => {
    const r = await h.invoke(by, 'addAction', {
      caseId,
      v: await version(caseId),
      actionText: text,
      actionOwner: owner,
      actionDue: due,
    });
    assert.match(cardText(r.card), /Action added/);
  };
  const myCasesTyped = async (aad: string) => {
    await h.message(aad, 'my cases');
    const sent = h.connector.sentTo(`a:personal-${aad}`);
    return h.connector.cards(sent[sent.length - 1]!)[0]!;
  };

  before(async () => {
    h = await startHarness({}, '2026-12-07T10:00:00.000Z');
    for (const p of [DEMO.priya, DEMO.jamie, DEMO.sam, DEMO.cscManager]) await h.install(p);
    // A: raised first, on Monday; its deadlines fall on Wednesday 9 December, 10:00
    ids.a = await raise(DEMO.priya, DEMO.jamie, 'CSC/2026/0101', 'threshold');
    // B: raised on Tuesday (deadlines Thursday 10 December); Priya's own action is due on Tuesday, 17:00
    await moveClock('2026-12-08T09:00:00.000Z');
    ids.b = await raise(DEMO.priya, DEMO.sam, 'CSC/2026/0102', 'information-sharing');
    await addAction(DEMO.priya, ids.b, DEMO.priya, LONG_ACTION, '2026-12-08');
    await addAction(DEMO.priya, ids.b, DEMO.sam, SAM_ACTION, '2026-12-08');
    const d = await h.invoke(
      DEMO.priya,
      'recordDiscussion',
      discussionData(ids.b, await version(ids.b), [DEMO.priya, DEMO.sam], 'Talked it through.', '2026-12-08'),
    );
    assert.match(cardText(d.card), /Discussion recorded/);
    const e = await h.invoke(DEMO.priya, 'requestEscalation', {
      caseId: ids.b,
      v: await version(ids.b),
      evidence: 'We discussed it by telephone on Tuesday morning and could not agree.',
    });
    assert.match(cardText(e.card), /waiting for Tom Clarke to approve/);
    // C: raised last, by Jamie with Priya (deadlines Thursday 10 December, 09:05); Jamie's action is due Tuesday
    await moveClock('2026-12-08T09:05:00.000Z');
    ids.c = await raise(DEMO.jamie, DEMO.priya, 'HLT_2026_0103', 'communication');
    await addAction(DEMO.jamie, ids.c, DEMO.jamie, JAMIE_ACTION, '2026-12-08');
  });
  after(async () => {
    await h.close();
  });

  it('lists the cases by their nearest date, not in the order raised (B: action Tue; A: Wed; C: Thu)', async () => {
    const rows = rowsOf(await myCasesTyped(DEMO.priya));
    assert.deepEqual(
      rows.map((r) => r.caseId),
      [ids.b, ids.a, ids.c],
      rows.map((r) => r.heading).join(', '),
    );
    assert.deepEqual(
      rows.map((r) => r.heading),
      ['Case CSC/2026/0102', 'Case CSC/2026/0101', 'Case HLT\\_2026\\_0103'],
      'references are shown literally (markdown escaped)',
    );
  });

  it('gives each case its theme, stage, what is expected of me next and the next deadline in words', async () => {
    const [b, a, c] = rowsOf((await h.invoke(DEMO.priya, 'myCases', { caseId: '' })).card);
    for (const r of [a!, b!, c!])
      assert.match(r.text, /Stage 1: Direct Professional to Professional Discussion/, r.heading);
    assert.match(a!.text, /Theme: Threshold for intervention/);
    assert.match(b!.text, /Theme: Information sharing/);
    assert.match(c!.text, /Theme: Communication/);
    assert.match(a!.text, /Next for you:\*\* Record a discussion with Jamie Reid/);
    assert.match(b!.text, /Next for you:\*\* Waiting for Tom Clarke to approve the escalation/);
    assert.match(c!.text, /Next for you:\*\* Acknowledge the disagreement/);
    assert.match(a!.text, /Next deadline: [^\n]*by Wed 9 Dec 2026, 10:00 \(2 working days/);
    assert.match(b!.text, /Next deadline: [^\n]*by Thu 10 Dec 2026, 09:00/);
    assert.match(c!.text, /Next deadline: [^\n]*by Thu 10 Dec 2026, 09:05/);
  });

  it('lists my open actions with their due date, shortened and literal, and nobody else’s', async () => {
    const card = await myCasesTyped(DEMO.priya);
    const [b, a, c] = rowsOf(card);
    const mine = b!.text.split('\n').filter((l) => l.startsWith('Your action'));
    assert.equal(mine.length, 1, b!.text);
    assert.match(
      mine[0]!,
      /^Your action, due by Tue 8 Dec 2026, 17:00: Send the \\\[chronology\\\]\\\(https/,
    );
    assert.ok(mine[0]!.endsWith('…'), 'the text is shortened');
    assert.ok(mine[0]!.length < 220, mine[0]);
    assert.doesNotMatch(a!.text + c!.text, /Your action/);
    const all = cardText(card);
    assert.ok(!all.includes(SAM_ACTION), 'Sam’s action is not listed as mine');
    assert.ok(!all.includes(JAMIE_ACTION), 'Jamie’s action is not listed as mine');
  });

  it('shows each person their own order and actions: Jamie’s action puts the case he raised first', async () => {
    const rows = rowsOf(await myCasesTyped(DEMO.jamie));
    assert.deepEqual(
      rows.map((r) => r.caseId),
      [ids.c, ids.a],
    );
    assert.match(rows[0]!.text, new RegExp(`Your action, due by Tue 8 Dec 2026, 17:00: ${JAMIE_ACTION}`));
    assert.match(rows[1]!.text, /Next for you:\*\* Acknowledge the disagreement/);
    assert.ok(!rows.some((r) => r.text.includes('Send the')), 'Priya’s action is not Jamie’s');
  });

  it('finds the case for the manager asked to approve, who is to approve or reject it', async () => {
    const rows = rowsOf(await myCasesTyped(DEMO.cscManager));
    assert.deepEqual(
      rows.map((r) => r.caseId),
      [ids.b],
    );
    assert.match(rows[0]!.text, /Next for you:\*\* Approve or reject the escalation Priya Shah asked for/);
  });
});

describe('my cases with many cases (HTTP)', function () {
  this.timeout(120_000);
  let h: Harness;
  const CLONES = 39;
  /** Clone i's deadline: half-hours after Tuesday midnight, in an order unlike the order raised. */
  const dueOf = (i: number) =>
    new Date(Date.parse('2026-12-08T00:00:00.000Z') + ((i * 17) % CLONES) * 1_800_000);

  before(async () => {
    h = await startHarness({}, '2026-12-07T10:00:00.000Z');
    await h.install(DEMO.ellie);
    const caseId = randomUUID();
    await h.invoke(DEMO.ellie, 'raise', raiseData(caseId, DEMO.sam, 'CSC/2026/0500'));
    const original = (await h.app.store.cases.get<CaseDoc>(caseId))!;
    // cases seeded straight into the store: the list reads only their state
    const docs = Array.from({ length: CLONES }, (_, i) => {
      const doc = structuredClone(original);
      const id = randomUUID();
      const s = doc.state;
      Object.assign(doc, { id, caseId: id, reference: `CSC/2026/${600 + i}`, events: [], outbox: [] });
      Object.assign(s, { caseId: id, reference: `CSC/2026/${600 + i}` });
      doc.openedAt = s.raisedAt = new Date(Date.parse('2026-12-07T09:00:00.000Z') - i * 60_000).toISOString();
      for (const k of s.stage.clocks) k.dueAt = dueOf(i).toISOString();
      s.stage.actions = Array.from({ length: 5 }, (_, n) => ({
        id: `a${n + 1}`,
        text: `Action ${n + 1} `.padEnd(MAX.reason, 'x'),
        ownerId: DEMO.ellie,
        dueAt: '2026-12-11T17:00:00.000Z',
        completedAt: null,
        by: DEMO.ellie,
      }));
      return doc;
    });
    await bulkCreate(h.app.store.cases, docs);
  });
  after(async () => {
    await h.close();
  });

  it('sorts the whole set, shows the first rows that fit under 28 KB and counts the rest', async () => {
    const card = await (async () => {
      await h.message(DEMO.ellie, 'my cases');
      const sent = h.connector.sentTo(`a:personal-${DEMO.ellie}`);
      return h.connector.cards(sent[sent.length - 1]!)[0]!;
    })();
    const size = Buffer.byteLength(JSON.stringify(card));
    assert.ok(size < 28 * 1024, `${size} bytes`);
    const rows = rowsOf(card);
    assert.ok(rows.length >= 10 && rows.length <= 20, `${rows.length} rows`);
    const expected = Array.from({ length: CLONES }, (_, i) => i)
      .sort((x, y) => dueOf(x).getTime() - dueOf(y).getTime())
      .slice(0, rows.length)
      .map((i) => `Case CSC/2026/${600 + i}`);
    assert.deepEqual(
      rows.map((r) => r.heading),
      expected,
      'the nearest dates of all 40 cases, not of the newest ones',
    );
    assert.match(cardText(card), new RegExp(`\\band ${CLONES + 1 - rows.length} more\\n`));
    assert.match(rows[0]!.text, /and 2 more of your actions/);
  });
});
