/**
 * Issue #17, "References": "'Lily Brown' is refused but 'Lily-Brown' is accepted and sent to the other agency as
 * 'Case Lily-Brown'." Over HTTP with the fake Bot Connector: the raise form explains the raiser's agency's format,
 * a name is refused on the reference field, and nothing reaches the other professional.
 */
import { strict as assert } from 'node:assert';
import { buttons, cardText, raiseData, startHarness, type Harness } from '../support/botHarness';
import { DEMO } from '../support/demoPeople';

const CSC_HELP =
  'Use your agency’s case reference: CSC/ then the year then 4 digits, for example CSC/2026/0042. Never a name.';

/** The input with this id on a card. */
function input(card: unknown, id: string): Record<string, unknown> | undefined {
  let found: Record<string, unknown> | undefined;
  const walk = (n: unknown) => {
    if (Array.isArray(n)) n.forEach(walk);
    else if (n && typeof n === 'object') {
      const o = n as Record<string, unknown>;
      if (o.id === id && typeof o.type === 'string' && o.type.startsWith('Input.')) found = o;
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return found;
}

describe('a case reference is the agency’s own, never a name (issue #17)', function () {
  this.timeout(60_000);
  let h: Harness;

  before(async () => {
    h = await startHarness();
    for (const p of [DEMO.priya, DEMO.jamie]) await h.install(p);
  });
  after(async () => {
    await h.close();
  });

  it('the raise form explains Children’s Social Care’s format; "Lily-Brown" is refused on the reference field and Jamie is told nothing', async () => {
    await h.message(DEMO.priya, 'raise');
    const form = h.connector.cards(h.connector.sentTo(`a:personal-${DEMO.priya}`).at(-1)!)[0]!;
    assert.equal(input(form, 'reference')?.placeholder, 'e.g. CSC/2026/0042');
    assert.match(cardText(form), /CSC\/ then the year then 4 digits\. Never the child’s name\./);
    const caseId = buttons(form).find((b) => b.verb === 'raise')!.data.caseId as string;
    await h.settle();
    const before = h.connector.sentTo(`a:personal-${DEMO.jamie}`).length;

    const r = await h.invoke(DEMO.priya, 'raise', raiseData(caseId, DEMO.jamie, 'Lily-Brown'));
    assert.equal(r.status, 200);
    const text = cardText(r.card);
    const field = text.lastIndexOf('Your agency’s case reference'); // the input's label, not the notice at the top
    const error = text.indexOf(CSC_HELP, field);
    assert.ok(field >= 0 && error > field, `the format is named on the reference field:\n${text}`);
    assert.ok(
      error < text.indexOf('What the disagreement is about', field),
      'the message is on the reference field, before the next one',
    );
    assert.equal(input(r.card, 'reference')?.value, 'Lily-Brown', 'what was typed is kept to correct');

    await h.settle();
    assert.equal(h.connector.sentTo(`a:personal-${DEMO.jamie}`).length, before, 'nothing reached Jamie');
    assert.equal(await h.app.store.cases.get(caseId), null, 'no case was stored');
  });
});
