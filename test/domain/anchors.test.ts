/**
 * Issue #18 "Anchors": "stage start; previous stage end; another clock met (at the moment it happened, which the
 * person can give when recording); another clock passed; a date a person enters (at raise or later); the raise
 * itself. A raise can be checked against a window from an outside date: lateness is recorded and shown, never a
 * false alarm."
 */
import { strict as assert } from 'node:assert';
import { dueItems, nextDueAt } from '../../src/domain/case';
import type { Procedure } from '../../src/domain/procedure/schema';
import { validateProcedure } from '../../src/domain/procedure/validate';
import { testDirectory } from '../support/directory';
import { Journey, raiseCommand, types } from '../support/journey';
import { discussion } from './helpers';
import { BSCP, FLOW, MON } from './rules';

/** A built-in with some changes, validated as a partnership's file would be. */
function variant(base: Procedure, change: (p: Record<string, any>) => void): Procedure {
  const raw = structuredClone(base) as Record<string, any>;
  change(raw);
  const r = validateProcedure(raw);
  if (!r.ok) throw new Error(r.errors.join('; '));
  return r.procedure;
}

function errorsOf(base: Procedure, change: (p: Record<string, any>) => void): string[] {
  const raw = structuredClone(base) as Record<string, any>;
  change(raw);
  const r = validateProcedure(raw);
  return r.ok ? [] : r.errors;
}

const clock = (over: Record<string, unknown>) => ({
  label: 'A clock',
  requirement: 'outcome',
  limit: { workingDays: 1 },
  wording: 'Words of the procedure.',
  onPass: 'alert',
  remindBefore: null,
  ...over,
});

function raised(p: Procedure, overrides = {}, at = MON): Journey {
  const j = new Journey(p, testDirectory());
  j.when('csc-practitioner', raiseCommand(p.id, overrides), at);
  return j;
}

describe('anchors: "another clock passed" (issue #18)', () => {
  const P = variant(FLOW, (p) => {
    p.stages[0].clocks[0].onPass = 'alert';
    p.stages[0].clocks.push(
      clock({ id: 'chase', label: 'Chase the reply', anchor: { kind: 'clockPassed', clock: 'acknowledge' } }),
    );
  });

  it('given a clock that starts when another passes, when the case is raised, then it waits, saying for what', () => {
    const j = raised(P);
    assert.equal(j.clock('chase').dueAt, null);
    assert.match(j.clock('chase').waitingFor!, /^".+" passes without being met$/);
  });

  it('given the other passes unmet, when the sweep finds it late, then the clock counts from the deadline, not the sweep', () => {
    const j = raised(P);
    assert.equal(j.clock('acknowledge').dueAt, '2026-12-09T10:00:00.000Z');
    const events = j.system({ type: 'clockPassed', clockId: 'acknowledge' }, '2026-12-09T10:40:00.000Z');
    assert.deepEqual(types(events), ['ClockPassed', 'ClockScheduled']);
    assert.equal(j.clock('chase').countsFrom, '2026-12-09T10:00:00.000Z');
    assert.equal(j.clock('chase').dueAt, '2026-12-10T10:00:00.000Z'); // 1 working day from Wed 10:00
  });

  it('given the other is met in time, then the clock never starts', () => {
    const j = raised(P);
    j.when('health-practitioner', { type: 'acknowledge' }, '2026-12-08T10:00:00.000Z');
    assert.equal(j.clock('acknowledge').metAt, '2026-12-08T10:00:00.000Z');
    assert.equal(j.clock('chase').dueAt, null);
  });

  it('given the other escalates the case when it passes, then the clock is left behind with the stage', () => {
    const Q = variant(P, (p) => (p.stages[0].clocks[0].onPass = 'escalate'));
    const j = raised(Q);
    j.system({ type: 'clockPassed', clockId: 'acknowledge' }, '2026-12-09T10:00:00.000Z');
    assert.equal(j.case.stage.stageId, 'stage-2');
    assert.equal(j.case.history[0]!.clocks.find((k) => k.clockId === 'chase')!.dueAt, null);
  });
});

describe('anchors: "another clock met (at the moment it happened, which the person can give when recording)" (issue #18)', () => {
  const withTalk = (at?: 'happened' | 'recorded') =>
    variant(FLOW, (p) => {
      p.stages[0].clocks.push(
        clock({
          id: 'talk',
          label: 'Talk',
          requirement: 'discussion',
          anchor: { kind: 'stageStart' },
          limit: { workingDays: 5 },
        }),
        clock({
          id: 'write-up',
          label: 'Write up',
          anchor: { kind: 'clockMet', clock: 'talk', ...(at ? { at } : {}) },
        }),
      );
    });
  const record = (j: Journey) => {
    const d = discussion(j);
    // recorded on Wednesday 15:00, held on Tuesday 11:00
    j.when(
      'csc-practitioner',
      { ...d, heldAt: '2026-12-08T11:00:00.000Z' } as typeof d,
      '2026-12-09T15:00:00.000Z',
    );
  };

  it('given at "happened", when a discussion is recorded a day after it was held, then the next clock counts from when it was held', () => {
    const j = raised(withTalk('happened'));
    record(j);
    assert.equal(j.clock('talk').metAt, '2026-12-09T15:00:00.000Z');
    assert.equal(j.clock('write-up').countsFrom, '2026-12-08T11:00:00.000Z');
    assert.equal(j.clock('write-up').dueAt, '2026-12-09T11:00:00.000Z');
  });

  it('given no "at" (today’s meaning) or "recorded", then it counts from when the met thing was recorded', () => {
    for (const at of [undefined, 'recorded'] as const) {
      const j = raised(withTalk(at));
      record(j);
      assert.equal(j.clock('write-up').countsFrom, undefined);
      assert.equal(j.clock('write-up').dueAt, '2026-12-10T15:00:00.000Z');
    }
  });

  it('given a discussion said to be held before the stage started, then the clock counts from the stage start', () => {
    const j = raised(withTalk('happened'), {}, '2026-12-08T09:00:00.000Z');
    const d = discussion(j);
    j.when(
      'csc-practitioner',
      { ...d, heldAt: '2026-12-07T11:00:00.000Z' } as typeof d,
      '2026-12-08T12:00:00.000Z',
    );
    assert.equal(j.clock('write-up').countsFrom, '2026-12-08T09:00:00.000Z');
  });

  it('the BSCP built-in’s Chair clocks keep counting from when the decision was recorded', () => {
    const a = BSCP.stages.flatMap((s) => s.clocks).find((c) => c.anchor.kind === 'clockMet')!.anchor;
    assert.deepEqual(a, { kind: 'clockMet', clock: 'decision' });
  });
});

describe('anchors: "the raise itself" (issue #18)', () => {
  const P = variant(FLOW, (p) => {
    p.stages[1].clocks.push(
      clock({ id: 'overall', label: 'Settled', anchor: { kind: 'raise' }, limit: { workingDays: 10 } }),
    );
  });

  it('given a later stage with a clock counted from the raise, when the case reaches it, then it counts from the raise', () => {
    const j = raised(P);
    j.system({ type: 'clockPassed', clockId: 'acknowledge' }, '2026-12-09T10:00:00.000Z');
    assert.equal(j.case.stage.stageId, 'stage-2');
    assert.equal(j.clock('discussion').dueAt, '2026-12-16T10:00:00.000Z'); // 5 working days from the stage
    assert.equal(j.clock('overall').countsFrom, MON);
    assert.equal(j.clock('overall').dueAt, '2026-12-21T10:00:00.000Z'); // 10 working days from Mon 7 Dec
  });
});

describe('anchors: "a raise can be checked against a window from an outside date: lateness is recorded and shown, never a false alarm" (issue #18)', () => {
  const P = variant(FLOW, (p) => {
    p.rules.raiseWithin = {
      workingDays: 5,
      of: 'conferenceDate',
      label: 'the child protection conference',
      wording: 'Raise within 5 working days of the conference.',
    };
  });

  it('given the date at raise, when the raise is after the window, then the case records it late and by how much', () => {
    const j = new Journey(P, testDirectory());
    const events = j.when(
      'csc-practitioner',
      raiseCommand(P.id, { dates: { conferenceDate: '2026-11-27T10:00:00.000Z' } }), // Fri 27 Nov
      '2026-12-09T10:00:00.000Z', // Wed 9 Dec: the window closed Fri 4 Dec 10:00
    );
    assert.equal(types(events).at(-1), 'RaiseChecked');
    assert.deepEqual(j.case.raiseWindow, {
      field: 'conferenceDate',
      date: '2026-11-27T10:00:00.000Z',
      dueAt: '2026-12-04T10:00:00.000Z',
      late: true,
      workingDaysLate: 3,
    });
  });

  it('given a raise inside the window, then it is recorded on time', () => {
    const j = raised(P, { dates: { conferenceDate: '2026-12-01T09:00:00.000Z' } });
    assert.equal(j.case.raiseWindow?.late, false);
    assert.equal(j.case.raiseWindow?.workingDaysLate, 0);
  });

  it('given a late raise, then no deadline waits on it: nothing comes due but the stage’s own clocks', () => {
    const j = raised(P, { dates: { conferenceDate: '2026-11-02T10:00:00.000Z' } });
    assert.equal(j.case.raiseWindow?.late, true);
    assert.equal(nextDueAt(j.case), raisedOnTime().nextDue);
    assert.deepEqual(
      dueItems(j.case, new Date('2027-01-01T00:00:00Z')).map((i) => i.kind),
      ['deadline', 'deadline'],
    );
  });

  it('given a clock that asks for the same date, when the date is entered later, then the raise is checked then', () => {
    const Q = variant(P, (p) => {
      p.stages[0].clocks[1].anchor = { kind: 'userDate', field: 'conferenceDate', label: 'the conference' };
    });
    const j = raised(Q);
    assert.equal(JSON.stringify(j.case.raiseWindow), undefined); // (not narrowed: the date comes next)
    j.when('csc-practitioner', { type: 'setClockDate', clockId: 'plan', date: '2026-11-20T10:00:00Z' }, MON);
    assert.equal(j.case.raiseWindow?.late, true);
    assert.equal(j.case.raiseWindow?.dueAt, '2026-11-27T10:00:00.000Z');
  });

  it('given a date in the future, or one the procedure does not ask for, then the raise is refused on that field', () => {
    const j = new Journey(P, testDirectory());
    const future = j.refused(
      'csc-practitioner',
      raiseCommand(P.id, { dates: { conferenceDate: '2026-12-20T10:00:00.000Z' } }),
      MON,
      'INVALID_INPUT',
    );
    assert.equal(future.fields?.conferenceDate, 'Cannot be in the future.');
    const other = j.refused(
      'csc-practitioner',
      raiseCommand(P.id, { dates: { visit: MON } }),
      MON,
      'INVALID_INPUT',
    );
    assert.match(other.fields?.visit ?? '', /no such date/);
  });

  function raisedOnTime() {
    return { nextDue: nextDueAt(raised(FLOW).case) };
  }
});

describe('anchors: "a date a person enters (at raise or later)" is entered once (issue #18)', () => {
  const RAISE = variant(FLOW, (p) => {
    p.rules.raiseWithin = {
      workingDays: 5,
      of: 'conferenceDate',
      label: 'the child protection conference',
      wording: 'Raise within 5 working days of the conference.',
    };
    p.stages[0].clocks[1].anchor = { kind: 'userDate', field: 'conferenceDate', label: 'the conference' };
  });

  it('given the date at raise, when a clock of the first stage counts from it, then it starts at raise without asking again', () => {
    const j = new Journey(RAISE, testDirectory());
    const events = j.when(
      'csc-practitioner',
      raiseCommand(RAISE.id, { dates: { conferenceDate: '2026-12-04T09:00:00.000Z' } }),
      MON,
    );
    assert.deepEqual(types(events).slice(-2), ['RaiseChecked', 'ClockScheduled']);
    assert.equal(j.clock('plan').countsFrom, '2026-12-04T09:00:00.000Z');
    assert.notEqual(j.clock('plan').dueAt, null, 'counting, not waiting for the date');
  });

  const LATER = variant(FLOW, (p) => {
    p.stages[0].clocks[1].anchor = { kind: 'userDate', field: 'conferenceDate', label: 'the conference' };
    p.stages[1].clocks.push(
      clock({
        id: 'conferenceFollowUp',
        label: 'Follow up the conference',
        anchor: { kind: 'userDate', field: 'conferenceDate', label: 'the conference' },
        limit: { workingDays: 5 },
      }),
    );
  });

  it('given the date entered at stage 1, when the case reaches stage 2, then its clock counted from the same date starts at once', () => {
    const j = raised(LATER);
    j.when('csc-practitioner', { type: 'setClockDate', clockId: 'plan', date: '2026-12-09T09:00:00Z' }, MON);
    j.system({ type: 'clockPassed', clockId: 'acknowledge' }, '2026-12-09T10:00:00.000Z');
    assert.equal(j.case.stage.stageId, 'stage-2');
    assert.equal(j.clock('conferenceFollowUp').countsFrom, '2026-12-09T09:00:00.000Z');
    assert.equal(j.clock('conferenceFollowUp').dueAt, '2026-12-16T09:00:00.000Z'); // 5 working days
  });

  it('given no date yet, when the case reaches stage 2, then its clock waits for the date, saying for what', () => {
    const j = raised(LATER);
    j.system({ type: 'clockPassed', clockId: 'acknowledge' }, '2026-12-09T10:00:00.000Z');
    assert.equal(j.clock('conferenceFollowUp').dueAt, null);
    assert.match(j.clock('conferenceFollowUp').waitingFor ?? '', /conference/);
  });
});

describe('anchors: the validator names each mistake by its path (issue #18)', () => {
  it('a clock started by an unknown clock passing', () => {
    const errors = errorsOf(FLOW, (p) => {
      p.stages[0].clocks.push(clock({ id: 'chase', anchor: { kind: 'clockPassed', clock: 'ghost' } }));
    });
    assert.deepEqual(errors, ['stages[0].clocks[2].anchor.clock: no clock "ghost" in this stage']);
  });

  it('clocks that start on each other passing or being met form a cycle', () => {
    const errors = errorsOf(FLOW, (p) => {
      p.stages[0].clocks[0].anchor = { kind: 'clockPassed', clock: 'plan' };
      p.stages[0].clocks[1].anchor = { kind: 'clockMet', clock: 'acknowledge', at: 'happened' };
    });
    assert.ok(
      errors.length > 0 && errors.every((e) => /^stages\[0\]\.clocks\[[01]\]\.anchor: .*cycle/.test(e)),
      errors.join('\n'),
    );
  });

  it('an unknown "at" for a met clock', () => {
    const errors = errorsOf(FLOW, (p) => {
      p.stages[0].clocks[1].anchor = { kind: 'clockMet', clock: 'acknowledge', at: 'whenever' };
    });
    assert.ok(
      errors.some((e) => e.startsWith('stages[0].clocks[1].anchor.at:')),
      errors.join('\n'),
    );
  });

  it('a raise window from a date nobody is asked for', () => {
    const errors = errorsOf(FLOW, (p) => (p.rules.raiseWithin = { workingDays: 5, of: 'conferenceDate' }));
    assert.equal(errors.length, 1);
    assert.match(errors[0]!, /^rules\.raiseWithin\.of: unknown date "conferenceDate"/);
  });

  it('a raise window from a field that is a timescale set for the case, not a date', () => {
    const errors = errorsOf(FLOW, (p) => {
      p.stages[0].clocks[1].limit = {
        lesserOf: [
          { workingDays: 2 },
          { setForCase: { field: 'protective', label: 'a timescale', min: 1, max: 5, unit: 'workingDays' } },
        ],
      };
      p.rules.raiseWithin = { workingDays: 5, of: 'protective', label: 'x' };
    });
    assert.deepEqual(errors, [
      'rules.raiseWithin.of: "protective" is the field of a timescale set for the case, not a date',
    ]);
  });

  it('a raise window with no number of working days', () => {
    const errors = errorsOf(FLOW, (p) => (p.rules.raiseWithin = { of: 'x', label: 'the conference' }));
    assert.deepEqual(errors, ['rules.raiseWithin.workingDays: must be a number']);
  });

  it('both built-ins validate as before', () => {
    for (const p of [FLOW, BSCP]) assert.ok(validateProcedure(structuredClone(p)).ok);
  });
});
