/**
 * Issue #18 "a date a person enters (at raise or later)": the conference date entered from the case card starts
 * the timescale counted from it, over HTTP.
 */
import { strict as assert } from 'node:assert';
import type { CaseDoc } from '../../src/app/caseDocument';
import { builtinProcedure } from '../../src/domain/procedure/builtin';
import { buttons, cardText, raiseData, startHarness, type Harness } from '../support/botHarness';
import { withConferenceDate } from '../support/cardFixtures';
import { DEMO } from '../support/demoPeople';

const ID = 'conference-flowchart';

describe('a date people enter, from the card', function () {
  this.timeout(60_000);
  let h: Harness;
  let caseId = '';
  const doc = async () => (await h.app.store.cases.get<CaseDoc>(caseId))!;
  const clock = async () => (await doc()).state.stage.clocks.find((k) => k.clockId === 'before-conference')!;

  before(async () => {
    h = await startHarness({}, '2026-12-07T10:00:00.000Z');
    const p = withConferenceDate(builtinProcedure('conflict-resolution-flowchart')!, ID);
    await h.app.store.settings.publishProcedure(
      h.app.config.PARTNERSHIP_ID,
      ID,
      1,
      p,
      '2026-12-01T00:00:00.000Z',
    );
    for (const person of [DEMO.priya, DEMO.jamie]) await h.install(person);
    await h.message(DEMO.priya, 'raise');
    const form = h.connector.cards(h.connector.sentTo(`a:personal-${DEMO.priya}`).at(-1)!)[0]!;
    caseId = buttons(form).find((b) => b.verb === 'raise')!.data.caseId as string;
    const r = await h.invoke(DEMO.priya, 'raise', {
      ...raiseData(caseId, DEMO.jamie, 'CSC/2026/0620'),
      procedureId: ID,
    });
    assert.equal(r.status, 200, cardText(r.card));
  });
  after(async () => {
    await h.close();
  });

  it('the case card says what the clock waits for, and offers "Enter a date"', async () => {
    const card = (await h.invoke(DEMO.jamie, 'refresh', { caseId })).card;
    assert.match(cardText(card), /starts when the date of the child protection conference is entered/);
    assert.ok(buttons(card).some((b) => b.verb === 'openClockDate' && b.title === 'Enter a date'));
    assert.equal((await clock()).dueAt, null);
  });

  it('refuses a date that cannot be read, on the field', async () => {
    const r = await h.invoke(DEMO.jamie, 'setClockDate', {
      caseId,
      v: (await doc()).version,
      clockId: 'before-conference',
      date: 'next week',
      time: '09:00',
    });
    assert.match(cardText(r.card), /Date/);
    assert.match(cardText(r.card), /DD\/MM\/YYYY/);
    assert.equal((await clock()).dueAt, null, 'nothing started');
  });

  it('starts the timescale from the date entered (typed as people type dates)', async () => {
    const form = (await h.invoke(DEMO.jamie, 'openClockDate', { caseId, v: (await doc()).version })).card;
    assert.match(
      cardText(form),
      /The date of the child protection conference \(for “Settle it before the conference”\)/,
    );
    const r = await h.invoke(DEMO.jamie, 'setClockDate', {
      caseId,
      v: (await doc()).version,
      clockId: 'before-conference',
      date: '10/12/2026',
      time: '14:00',
    });
    assert.match(cardText(r.card), /Date entered/);
    const k = await clock();
    assert.equal(k.countsFrom, '2026-12-10T14:00:00.000Z');
    assert.equal(k.dueAt, '2026-12-11T14:00:00.000Z', 'a working day after the conference');
    assert.ok(!buttons(r.card).some((b) => b.verb === 'openClockDate'), 'nothing left to enter');
  });
});
