/**
 * DESIGN.md §8 "Plain words": a deadline at the start of a day reads as the end of the previous working day,
 * on the card a person receives (HTTP in, fake Bot Connector out).
 */
import { strict as assert } from 'node:assert';
import { buttons, cardText, raiseData, startHarness, type Harness } from '../support/botHarness';
import { DEMO } from '../support/demoPeople';

describe('deadlines in plain words on cards', function () {
  this.timeout(60_000);
  let h: Harness;

  before(async () => {
    h = await startHarness({}, '2026-12-12T10:00:00.000Z'); // a Saturday
    for (const p of [DEMO.priya, DEMO.jamie]) await h.install(p);
  });
  after(async () => {
    await h.close();
  });

  it('raised on a Saturday, 2 working days are "by the end of Tue 15 Dec 2026", never "Wed …, 00:00"', async () => {
    await h.message(DEMO.priya, 'raise');
    const form = h.connector.cards(h.connector.sentTo(`a:personal-${DEMO.priya}`).at(-1)!)[0]!;
    const caseId = buttons(form).find((b) => b.verb === 'raise')!.data.caseId as string;
    const r = await h.invoke(DEMO.priya, 'raise', raiseData(caseId, DEMO.jamie, 'CSC/2026/0500'));
    const text = cardText(r.card);
    assert.match(text, /by the end of Tue 15 Dec 2026 \(2 working days/);
    assert.doesNotMatch(text, /00:00/);
    await h.settle();
    const told = cardText(h.connector.cards(h.connector.sentTo(`a:personal-${DEMO.jamie}`).at(-1)!)[0]);
    assert.match(told, /by the end of Tue 15 Dec 2026/, 'the other professional reads the same');
    assert.doesNotMatch(told, /00:00/);
  });
});
