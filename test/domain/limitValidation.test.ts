/** Issue #18 "Done when: the validator rejects each new construct's mistakes with path-named messages." */
import { strict as assert } from 'node:assert';
import { BUILTIN_PROCEDURES } from '../../src/domain/procedure/builtin';
import { validateProcedure } from '../../src/domain/procedure/validate';

const FLOW = () => structuredClone(BUILTIN_PROCEDURES[0]) as Record<string, any>;
const BSCP = () => structuredClone(BUILTIN_PROCEDURES[1]) as Record<string, any>;
const field = (over: Record<string, unknown> = {}) => ({
  setForCase: {
    field: 'protective',
    label: 'a protective timescale',
    min: 1,
    max: 10,
    unit: 'workingDays',
    ...over,
  },
});
const lesser = (...ls: unknown[]) => ({ lesserOf: ls });

function errorsOf(base: Record<string, any>, mutate: (p: Record<string, any>) => void): string[] {
  mutate(base);
  const r = validateProcedure(base);
  assert.equal(r.ok, false, 'expected the definition to be refused');
  return r.ok ? [] : r.errors;
}

describe('procedure validation: the new limits (issue #18)', () => {
  it('accepts each new construct where it belongs', () => {
    const p = FLOW();
    p.workingDayEnds = '16:30';
    p.stages[0].clocks[0].limit = { immediately: { hours: 1 } };
    p.stages[0].clocks[1].limit = { endOfWorkingDay: 0 };
    p.stages[1].clocks[0].limit = { endOfWorkingDay: 2 };
    p.stages[1].clocks[1].limit = lesser({ workingDays: 5 }, field());
    p.stages[2].clocks[0].limit = lesser(field(), { hours: 48 });
    const r = validateProcedure(p);
    assert.ok(r.ok, r.ok ? '' : r.errors.join('; '));
  });

  const S0 = 'stages[0].clocks[0].limit';
  const cases: [string, () => Record<string, any>, (p: Record<string, any>) => void, RegExp][] = [
    [
      'a negative end of working day',
      FLOW,
      (p) => (p.stages[0].clocks[0].limit = { endOfWorkingDay: -1 }),
      /^stages\[0\]\.clocks\[0\]\.limit\.endOfWorkingDay: must be 0 \(the same working day\) or a positive whole number/,
    ],
    [
      'a fractional end of working day',
      FLOW,
      (p) => (p.stages[0].clocks[0].limit = { endOfWorkingDay: 1.5 }),
      /^stages\[0\]\.clocks\[0\]\.limit\.endOfWorkingDay: must be 0 \(the same working day\) or a positive whole number/,
    ],
    [
      'a working day end not HH:MM',
      FLOW,
      (p) => (p.workingDayEnds = '5pm'),
      /^workingDayEnds: must be a time of day as HH:MM/,
    ],
    [
      'a working day end past 23:59',
      FLOW,
      (p) => (p.workingDayEnds = '24:00'),
      /^workingDayEnds: must be a time of day/,
    ],
    [
      'a working day ending at midnight',
      FLOW,
      (p) => (p.workingDayEnds = '00:00'),
      /^workingDayEnds: must be later than 00:00/,
    ],
    [
      '"immediately" without its hours',
      FLOW,
      (p) => (p.stages[0].clocks[0].limit = { immediately: {} }),
      /^stages\[0\]\.clocks\[0\]\.limit\.immediately\.hours: give the short limit behind "immediately" in hours/,
    ],
    [
      '"immediately": true',
      FLOW,
      (p) => (p.stages[0].clocks[0].limit = { immediately: true }),
      /^stages\[0\]\.clocks\[0\]\.limit\.immediately: must be \{ "hours": N \}/,
    ],
    [
      '"immediately" and hours at once',
      FLOW,
      (p) => (p.stages[0].clocks[0].limit = { immediately: { hours: 1 }, hours: 1 }),
      /^stages\[0\]\.clocks\[0\]\.limit: must give exactly one of/,
    ],
    [
      'a timescale set for the case with min > max',
      FLOW,
      (p) => (p.stages[0].clocks[0].limit = lesser({ workingDays: 5 }, field({ min: 6, max: 3 }))),
      /^stages\[0\]\.clocks\[0\]\.limit\.lesserOf\[1\]\.setForCase\.min: min must not be more than max/,
    ],
    [
      'a timescale set for the case in an unknown unit',
      FLOW,
      (p) => (p.stages[0].clocks[0].limit = lesser({ workingDays: 5 }, field({ unit: 'weeks' }))),
      /^stages\[0\]\.clocks\[0\]\.limit\.lesserOf\[1\]\.setForCase\.unit: /,
    ],
    [
      'a timescale set for the case without its label',
      FLOW,
      (p) => (p.stages[0].clocks[0].limit = lesser({ workingDays: 5 }, field({ label: undefined }))),
      /^stages\[0\]\.clocks\[0\]\.limit\.lesserOf\[1\]\.setForCase\.label: /,
    ],
    [
      'a timescale set for the case standing alone (nothing would apply until it is set)',
      FLOW,
      (p) => (p.stages[0].clocks[0].limit = field()),
      new RegExp(
        `^${S0.replace(/[[\].]/g, '\\$&')}\\.setForCase: a limit set for the case must be one of a lesserOf`,
      ),
    ],
    [
      'two timescales set for the case in one lesserOf',
      FLOW,
      (p) => (p.stages[0].clocks[0].limit = lesser(field(), field())),
      /^stages\[0\]\.clocks\[0\]\.limit\.lesserOf: at most one of the two may be set for the case/,
    ],
    [
      'one field defined two ways',
      FLOW,
      (p) => {
        p.stages[0].clocks[0].limit = lesser({ workingDays: 5 }, field());
        p.stages[1].clocks[0].limit = lesser({ workingDays: 5 }, field({ max: 5 }));
      },
      /^stages\[1\]\.clocks\[0\]\.limit\.lesserOf\[1\]\.setForCase: field "protective" is defined differently at stages\[0\]\.clocks\[0\]\.limit\.lesserOf\[1\]\.setForCase/,
    ],
    [
      'a field that is already a date people enter',
      FLOW,
      (p) => {
        p.stages[0].clocks[1].anchor = { kind: 'userDate', field: 'protective', label: 'the visit' };
        p.stages[0].clocks[0].limit = lesser({ workingDays: 5 }, field());
      },
      /^stages\[0\]\.clocks\[0\]\.limit\.lesserOf\[1\]\.setForCase\.field: "protective" is already the field of a date people enter/,
    ],
    [
      'a field name that is not a short id',
      FLOW,
      (p) =>
        (p.stages[0].clocks[0].limit = lesser({ workingDays: 5 }, field({ field: 'Protective Timescale' }))),
      /^stages\[0\]\.clocks\[0\]\.limit\.lesserOf\[1\]\.setForCase\.field: must be a short id/,
    ],
    [
      'an urgent timescale set for the case standing alone',
      BSCP,
      (p) => (p.rules.imminentRisk.urgent['stage-1'].resolve.limit = field()),
      /^rules\.imminentRisk\.urgent\.stage-1\.resolve\.limit\.setForCase: a limit set for the case must be one of a lesserOf/,
    ],
    [
      'an urgent "immediately" without its hours',
      BSCP,
      (p) => (p.rules.imminentRisk.urgent['stage-1'].resolve.limit = { immediately: {} }),
      /^rules\.imminentRisk\.urgent\.stage-1\.resolve\.limit\.immediately\.hours: give the short limit/,
    ],
  ];
  for (const [name, base, mutate, expected] of cases)
    it(`refuses ${name}, naming the path`, () => {
      const errors = errorsOf(base(), mutate);
      assert.ok(
        errors.some((e) => expected.test(e)),
        `got: ${errors.join(' | ')}`,
      );
    });
});
