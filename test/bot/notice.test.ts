/**
 * Issue #18, "which roles are only notified (on entry, on a deadline, on closure), with what minimal content", over
 * HTTP: a published procedure whose stage 1 tells each agency's Director. They get a notice in their 1:1 chat with
 * reference, stage and deadline, never the case card, and no card of theirs is kept to be updated into one.
 */
import { strict as assert } from 'node:assert';
import type { CaseDoc } from '../../src/app/caseDocument';
import { builtinProcedure } from '../../src/domain/procedure/builtin';
import { buttons, cardText, raiseData, startHarness, type Harness } from '../support/botHarness';
import { DEMO } from '../support/demoPeople';

const ID = 'told-flowchart';
const REFERENCE = 'CSC/2026/0611';
const SUMMARY = 'Different views on whether the threshold is met.';

function procedureThatTellsDirectors(): Record<string, any> {
  const raw = structuredClone(builtinProcedure('conflict-resolution-flowchart')!) as Record<string, any>;
  raw.id = ID;
  raw.title = 'Flowchart that tells the Directors';
  raw.stages[0].notify = [{ role: 'director', on: ['entry'] }];
  return raw;
}

describe('a notice for each role a stage only tells, over HTTP', function () {
  this.timeout(60_000);
  let h: Harness;
  let caseId = '';
  let installed = 0;

  before(async () => {
    h = await startHarness({}, '2026-12-07T10:00:00.000Z');
    await h.app.store.settings.publishProcedure(
      h.app.config.PARTNERSHIP_ID,
      ID,
      1,
      procedureThatTellsDirectors(),
      '2026-12-01T00:00:00.000Z',
    );
    for (const p of [DEMO.priya, DEMO.jamie, DEMO.cscDirector, DEMO.healthDirector]) await h.install(p);
    installed = h.connector.received.length; // the welcome each gets on install is before this
    await h.message(DEMO.priya, 'raise');
    const form = h.connector.cards(h.connector.sentTo(`a:personal-${DEMO.priya}`).at(-1)!)[0]!;
    caseId = buttons(form).find((b) => b.verb === 'raise')!.data.caseId as string;
    const r = await h.invoke(DEMO.priya, 'raise', {
      ...raiseData(caseId, DEMO.jamie, REFERENCE),
      summary: SUMMARY,
      procedureId: ID,
    });
    assert.equal(r.status, 200, cardText(r.card));
    await h.settle();
  });
  after(async () => {
    await h.close();
  });

  for (const [who, id] of [
    ['Children’s Social Care', DEMO.cscDirector],
    ['Community Health', DEMO.healthDirector],
  ] as const) {
    it(`the Director of ${who} gets reference, stage and deadline, and nothing of the case`, () => {
      const sent = h.connector
        .sentTo(`a:personal-${id}`)
        .filter((r) => h.connector.received.indexOf(r) >= installed);
      assert.equal(sent.length, 1, 'one notice');
      const text = cardText(h.connector.cards(sent[0]!)[0]);
      assert.match(text, /For your information: a case has reached a stage you are told of/);
      assert.match(text, new RegExp(`Case reference: ${REFERENCE.replace(/\//g, '\\/')}`));
      assert.match(text, /Stage: Stage 1/);
      assert.match(text, /Next deadline: by /);
      for (const detail of [SUMMARY, 'Priya', 'Jamie', 'Threshold'])
        assert.ok(!text.includes(detail), `no "${detail}" in the notice`);
    });
  }

  it('keeps no card of theirs, so no update turns the notice into the case card', async () => {
    const doc = (await h.app.store.cases.get<CaseDoc>(caseId))!;
    const people = (doc.cards ?? []).map((c) => c.personId);
    assert.ok(people.includes(DEMO.jamie), 'the other professional’s case card is kept');
    assert.ok(!people.includes(DEMO.cscDirector) && !people.includes(DEMO.healthDirector));
  });
});
