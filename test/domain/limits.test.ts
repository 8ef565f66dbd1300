/**
 * Issue #18 "Limits": "immediately" (with a configurable short limit behind it), "end of the same working day" and
 * "end of the Nth working day" (the partnership sets when its working day ends), `lesserOf` with a value a
 * participant sets for the case; and "hour-based clocks never claim skipped holidays".
 */
import { strict as assert } from 'node:assert';
import { explainEndOfWorkingDay, formatDeadline, formatLondon, type Nation } from '../../src/domain/calendar';
import { computeDue } from '../../src/domain/case/clocks';
import type { Limit, Procedure } from '../../src/domain/procedure/schema';
import { validateProcedure } from '../../src/domain/procedure/validate';
import { testDirectory } from '../support/directory';
import { Journey, raiseCommand } from '../support/journey';
import { discussThenEscalate } from './helpers';
import { BSCP, FLOW, MON } from './rules';

const ENG: Nation = 'england-and-wales';

/** A built-in with some changes, validated as a partnership's file would be. */
function variant(base: Procedure, change: (p: Record<string, any>) => void): Procedure {
  const raw = structuredClone(base) as Record<string, any>;
  change(raw);
  const r = validateProcedure(raw);
  if (!r.ok) throw new Error(r.errors.join('; '));
  return r.procedure;
}

const PROTECTIVE = {
  field: 'protectiveTimescale',
  label: 'a timescale that protects the child from harm',
  min: 1,
  max: 10,
  unit: 'workingDays',
} as const;

describe('limits: "end of the same / the Nth working day" (issue #18)', () => {
  // given a start (UTC ISO), n and the partnership's end of day; then the due instant and the words
  const table: [string, string, number, string, string, string][] = [
    [
      'a working morning: the same day',
      '2026-12-07T10:00:00Z',
      0,
      '17:00',
      '2026-12-07T17:00:00.000Z',
      'Mon 7 Dec 2026, 17:00',
    ],
    [
      'before the office opens: still that day',
      '2026-12-07T07:00:00Z',
      0,
      '17:00',
      '2026-12-07T17:00:00.000Z',
      'Mon 7 Dec 2026, 17:00',
    ],
    [
      'after the day ended: the next working day is "the same working day"',
      '2026-12-07T18:30:00Z',
      0,
      '17:00',
      '2026-12-08T17:00:00.000Z',
      'Tue 8 Dec 2026, 17:00',
    ],
    [
      'exactly at the end of the day: the next working day',
      '2026-12-07T17:00:00Z',
      0,
      '17:00',
      '2026-12-08T17:00:00.000Z',
      'Tue 8 Dec 2026, 17:00',
    ],
    [
      'on a Saturday: Monday is "the same working day"',
      '2026-12-12T10:00:00Z',
      0,
      '17:00',
      '2026-12-14T17:00:00.000Z',
      'Mon 14 Dec 2026, 17:00',
    ],
    [
      'the next working day, over Christmas',
      '2026-12-24T10:00:00Z',
      1,
      '17:00',
      '2026-12-29T17:00:00.000Z',
      'Tue 29 Dec 2026, 17:00',
    ],
    [
      'the 2nd working day',
      '2026-12-07T10:00:00Z',
      2,
      '17:00',
      '2026-12-09T17:00:00.000Z',
      'Wed 9 Dec 2026, 17:00',
    ],
    [
      'a partnership whose day ends 16:30, in summer time',
      '2026-06-01T09:00:00Z',
      0,
      '16:30',
      '2026-06-01T15:30:00.000Z',
      'Mon 1 Jun 2026, 16:30',
    ],
    [
      'the end of the day after a clock change',
      '2026-03-27T10:00:00Z',
      1,
      '17:00',
      '2026-03-30T16:00:00.000Z',
      'Mon 30 Mar 2026, 17:00',
    ],
  ];
  for (const [name, from, n, ends, due, words] of table)
    it(name, () => {
      const x = explainEndOfWorkingDay(new Date(from), n, ENG, ends);
      assert.equal(x.due.toISOString(), due);
      assert.equal(formatDeadline(x.due, ENG), words);
    });

  it('skips Scotland’s 2 January substitute day for "the next working day"', () => {
    const x = explainEndOfWorkingDay(new Date('2026-12-31T10:00:00Z'), 1, 'scotland', '17:00');
    assert.equal(formatLondon(x.due), 'Tue 5 Jan 2027, 17:00');
    assert.equal(x.rule, 'by the end of the next working day (17:00)');
  });

  it('computeDue reads the procedure’s end of day and says which day', () => {
    const limit: Limit = { endOfWorkingDay: 0 };
    const d = computeDue(limit, new Date(MON), ENG, { workingDayEnds: '16:00' });
    assert.equal(d.due.toISOString(), '2026-12-07T16:00:00.000Z');
    assert.equal(d.rule, 'by the end of the same working day (16:00)');
    assert.equal(computeDue(limit, new Date(MON), ENG).due.toISOString(), '2026-12-07T17:00:00.000Z');
    const over = computeDue({ endOfWorkingDay: 2 }, new Date('2026-12-23T10:00:00Z'), ENG);
    assert.equal(over.rule, 'by the end of the 2nd working day (17:00)');
    assert.match(over.skipped, /Christmas Day/);
  });
});

describe('limits: "immediately" and hours (issue #18)', () => {
  it('"immediately" is shown as such, with the short limit behind it', () => {
    const d = computeDue({ immediately: { hours: 1 } }, new Date(MON), ENG);
    assert.equal(d.due.toISOString(), '2026-12-07T11:00:00.000Z');
    assert.equal(d.rule, 'immediately (within 1 hour)');
    assert.equal(
      computeDue({ immediately: { hours: 2 } }, new Date(MON), ENG).rule,
      'immediately (within 2 hours)',
    );
  });

  it('"Hour-based clocks claim skipped holidays (\'New Year’s Day bank holiday skipped\' on a 48-hour clock)": they no longer do', () => {
    const d = computeDue({ hours: 48 }, new Date('2026-12-31T10:00:00Z'), ENG);
    assert.equal(d.due.toISOString(), '2027-01-02T10:00:00.000Z');
    assert.equal(d.rule, '48 hours');
    assert.equal(d.skipped, '');
    assert.equal(computeDue({ hours: 1 }, new Date(MON), ENG).rule, '1 hour', 'not "1 hours"');
  });

  it('an urgent hour clock on a case says only its hours', () => {
    const j = new Journey(BSCP, testDirectory());
    j.when('csc-practitioner', raiseCommand(BSCP.id, { imminentRisk: true }), '2026-12-24T15:00:00Z');
    assert.equal(j.clock('resolve').rule, '4 hours');
    assert.equal(j.clock('resolve').skipped, '');
  });
});

describe('limits: a timescale set for the case (seed 002: "within a timescale that protects the child from harm")', () => {
  // pre-escalation: 5 working days, or the timescale set for the case, whichever is less (stage 1 the same)
  const P = variant(BSCP, (p) => {
    for (const i of [0, 1])
      p.stages[i].clocks[0].limit = { lesserOf: [{ workingDays: 5 }, { setForCase: PROTECTIVE }] };
  });
  const raised = () => {
    const j = new Journey(P, testDirectory());
    j.when('csc-practitioner', raiseCommand(P.id), MON);
    return j;
  };

  it('until it is set, the other limit applies alone', () => {
    const k = raised().clock('resolve');
    assert.equal(k.dueAt, '2026-12-14T10:00:00.000Z');
    assert.equal(k.rule, '5 working days, or less if a timescale is set for the case');
  });

  it('set by a participant, it re-times the open clock from its start when it is less', () => {
    const j = raised();
    j.when(
      'health-practitioner',
      { type: 'setCaseLimit', field: 'protectiveTimescale', value: 2 },
      '2026-12-07T15:00:00Z',
    );
    const k = j.clock('resolve');
    assert.equal(k.dueAt, '2026-12-09T10:00:00.000Z');
    assert.equal(k.rule, 'the lesser of 5 working days and 2 working days set for the case');
    assert.deepEqual(j.case.caseLimits, { protectiveTimescale: 2 });
  });

  it('a value more than the fixed limit leaves the fixed limit', () => {
    const j = raised();
    j.when('csc-practitioner', { type: 'setCaseLimit', field: 'protectiveTimescale', value: 8 }, MON);
    assert.equal(j.clock('resolve').dueAt, '2026-12-14T10:00:00.000Z');
  });

  it('the next stage’s clock takes the value when it starts', () => {
    const j = raised();
    j.when('csc-practitioner', { type: 'setCaseLimit', field: 'protectiveTimescale', value: 1 }, MON);
    discussThenEscalate(j, 'csc-practitioner', '2026-12-07T12:00:00Z');
    assert.equal(j.stage, 'stage-1');
    assert.equal(j.clock('resolve').dueAt, '2026-12-08T12:00:00.000Z');
  });

  it('refuses a value outside the procedure’s bounds, a field the procedure has not, and people not at the stage', () => {
    const j = raised();
    const e = j.refused(
      'csc-practitioner',
      { type: 'setCaseLimit', field: 'protectiveTimescale', value: 11 },
      MON,
      'INVALID_INPUT',
    );
    assert.equal(e.fields.value, 'Give a whole number from 1 to 10 (1 working day to 10 working days).');
    j.refused(
      'csc-practitioner',
      { type: 'setCaseLimit', field: 'protectiveTimescale', value: 1.5 },
      MON,
      'INVALID_INPUT',
    );
    j.refused(
      'csc-practitioner',
      { type: 'setCaseLimit', field: 'conferenceDate', value: 1 },
      MON,
      'INVALID_INPUT',
    );
    j.refused(
      'csc-director',
      { type: 'setCaseLimit', field: 'protectiveTimescale', value: 2 },
      MON,
      'NOT_A_PARTICIPANT',
    );
  });
});

describe('limits on a stage: the partnership’s working day and waiting clocks in words (issue #18)', () => {
  it('a clock "by the end of the same working day" ends when the partnership says its day ends', () => {
    const P = variant(FLOW, (p) => {
      p.workingDayEnds = '16:30';
      p.stages[0].clocks[0].limit = { endOfWorkingDay: 0 };
    });
    const j = new Journey(P, testDirectory());
    j.when('csc-practitioner', raiseCommand(P.id), MON);
    assert.equal(j.clock('acknowledge').dueAt, '2026-12-07T16:30:00.000Z');
    assert.equal(j.clock('acknowledge').rule, 'by the end of the same working day (16:30)');
  });

  it('"the date of the date of …": a clock waiting for a date a person enters says it once', () => {
    const P = variant(FLOW, (p) => {
      p.stages[0].clocks[0].anchor = {
        kind: 'userDate',
        field: 'conferenceDate',
        label: 'the date of the conference',
      };
      p.stages[0].clocks[1].anchor = { kind: 'userDate', field: 'visit', label: 'the home visit' };
    });
    const j = new Journey(P, testDirectory());
    j.when('csc-practitioner', raiseCommand(P.id), MON);
    assert.equal(j.clock('acknowledge').waitingFor, 'the date of the conference is entered');
    assert.equal(j.clock('plan').waitingFor, 'the date of the home visit is entered');
  });

  it('a clock waiting for another names it by its label, not its id', () => {
    const P = variant(
      FLOW,
      (p) => (p.stages[0].clocks[1].anchor = { kind: 'clockMet', clock: 'acknowledge' }),
    );
    const j = new Journey(P, testDirectory());
    j.when('csc-practitioner', raiseCommand(P.id), MON);
    assert.equal(j.clock('plan').waitingFor, `"${P.stages[0]!.clocks[0]!.label}" is met`);
  });

  it('a date entered for a clock that uses a timescale set for the case is kept, so setting it later re-times from that date', () => {
    const P = variant(FLOW, (p) => {
      p.stages[0].clocks[0].anchor = { kind: 'userDate', field: 'conferenceDate', label: 'the conference' };
      p.stages[0].clocks[0].limit = { lesserOf: [{ workingDays: 5 }, { setForCase: PROTECTIVE }] };
    });
    const j = new Journey(P, testDirectory());
    j.when('csc-practitioner', raiseCommand(P.id), MON);
    j.when(
      'csc-practitioner',
      { type: 'setClockDate', clockId: 'acknowledge', date: '2026-12-08T10:00:00Z' },
      MON,
    );
    assert.equal(j.clock('acknowledge').dueAt, '2026-12-15T10:00:00.000Z');
    j.when('csc-practitioner', { type: 'setCaseLimit', field: 'protectiveTimescale', value: 1 }, MON);
    assert.equal(j.clock('acknowledge').dueAt, '2026-12-09T10:00:00.000Z');
  });
});
