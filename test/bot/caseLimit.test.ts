/**
 * Issue #18 "lesserOf with a value a participant sets for the case": seed 002's "within a timescale that protects
 * the child from harm" as a timescale set for one case, from the case card, over HTTP.
 */
import { strict as assert } from 'node:assert';
import type { CaseDoc } from '../../src/app/caseDocument';
import { builtinProcedure } from '../../src/domain/procedure/builtin';
import { buttons, cardText, raiseData, startHarness, type Harness } from '../support/botHarness';
import { withCaseTimescale } from '../support/cardFixtures';
import { DEMO } from '../support/demoPeople';

const ID = 'protective-flowchart';

/** The flowchart, with stage 1's plan due within 2 working days or a protective timescale set for the case. */
const procedureWithACaseTimescale = () => ({
  ...withCaseTimescale(builtinProcedure('conflict-resolution-flowchart')!, ID),
  title: 'Protective timescale flowchart',
});

describe('a timescale set for the case, from the card', function () {
  this.timeout(60_000);
  let h: Harness;
  let caseId = '';
  const doc = async () => (await h.app.store.cases.get<CaseDoc>(caseId))!;
  // to the minute: the harness clock runs on from its start
  const planDue = async () =>
    (await doc()).state.stage.clocks.find((k) => k.clockId === 'plan')!.dueAt!.slice(0, 16);

  before(async () => {
    h = await startHarness({}, '2026-12-07T10:00:00.000Z');
    await h.app.store.settings.publishProcedure(
      h.app.config.PARTNERSHIP_ID,
      ID,
      1,
      procedureWithACaseTimescale(),
      '2026-12-01T00:00:00.000Z',
    );
    for (const p of [DEMO.priya, DEMO.jamie]) await h.install(p);
    await h.message(DEMO.priya, 'raise');
    const form = h.connector.cards(h.connector.sentTo(`a:personal-${DEMO.priya}`).at(-1)!)[0]!;
    caseId = buttons(form).find((b) => b.verb === 'raise')!.data.caseId as string;
    const r = await h.invoke(DEMO.priya, 'raise', {
      ...raiseData(caseId, DEMO.jamie, 'CSC/2026/0610'),
      procedureId: ID,
    });
    assert.equal(r.status, 200, cardText(r.card));
  });
  after(async () => {
    await h.close();
  });

  it('offers it on the case card and explains the bounds on the form', async () => {
    const card = (await h.invoke(DEMO.priya, 'refresh', { caseId })).card;
    const offer = buttons(card).find((b) => b.verb === 'openCaseLimit');
    assert.ok(offer, 'the case card offers "Set a timescale for this case"');
    assert.equal(offer.title, 'Set a timescale for this case');
    const form = (await h.invoke(DEMO.priya, 'openCaseLimit', { caseId, v: (await doc()).version })).card;
    assert.match(
      cardText(form),
      /A timescale that protects the child from harm \(1 working day to 5 working days\)/,
    );
    assert.ok(buttons(form).some((b) => b.verb === 'setCaseLimit' && b.title === 'Set the timescale'));
  });

  it('refuses a value outside the bounds on the field, naming it', async () => {
    const before = await planDue();
    const r = await h.invoke(DEMO.priya, 'setCaseLimit', {
      caseId,
      v: (await doc()).version,
      field: 'protective',
      value: '9',
    });
    assert.match(cardText(r.card), /How many working days/);
    assert.match(cardText(r.card), /from 1 to 5/);
    assert.equal(await planDue(), before, 'nothing changed');
  });

  it('brings the deadline in to the lesser of the two, and says so', async () => {
    assert.equal(await planDue(), '2026-12-09T10:00', '2 working days from Monday 10:00');
    const r = await h.invoke(DEMO.priya, 'setCaseLimit', {
      caseId,
      v: (await doc()).version,
      field: 'protective',
      value: '1',
    });
    assert.match(cardText(r.card), /Timescale set/);
    assert.equal(await planDue(), '2026-12-08T10:00', 'now 1 working day: the lesser');
  });

  it('is not offered to someone not involved', async () => {
    const r = await h.invoke(DEMO.sam, 'openCaseLimit', { caseId, v: (await doc()).version });
    assert.doesNotMatch(cardText(r.card), /Set the timescale/);
  });
});
