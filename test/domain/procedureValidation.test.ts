/** Bad procedure files give clear errors naming the path and the problem, never a crash. */
import { strict as assert } from 'node:assert';
import { BUILTIN_PROCEDURES } from '../../src/domain/procedure/builtin';
import { validateProcedure, validateProcedureText } from '../../src/domain/procedure/validate';

const base = () => JSON.parse(JSON.stringify(BUILTIN_PROCEDURES[0])) as Record<string, any>;

function errorsOf(mutate: (p: Record<string, any>) => void): string[] {
  const p = base();
  mutate(p);
  const r = validateProcedure(p);
  assert.equal(r.ok, false, 'expected the definition to be refused');
  return r.ok ? [] : r.errors;
}

describe('procedure validation', () => {
  it('accepts both built-in procedures', () => {
    for (const p of BUILTIN_PROCEDURES) assert.deepEqual(validateProcedure(p), { ok: true, procedure: p });
  });

  const cases: [string, (p: Record<string, any>) => void, RegExp][] = [
    [
      'negative days',
      (p) => (p.stages[2].clocks[0].limit.workingDays = -3),
      /^stages\[2\]\.clocks\[0\]\.limit\.workingDays: must be a positive integer/,
    ],
    [
      'fractional days',
      (p) => (p.stages[0].clocks[0].limit.workingDays = 1.5),
      /stages\[0\]\.clocks\[0\]\.limit\.workingDays: must be a positive integer/,
    ],
    [
      'wrong type',
      (p) => (p.stages[1].clocks[0].limit.workingDays = 'five'),
      /stages\[1\]\.clocks\[0\]\.limit\.workingDays: must be a number/,
    ],
    [
      'two limits at once',
      (p) => (p.stages[0].clocks[0].limit = { workingDays: 2, hours: 48 }),
      /must give exactly one of workingDays, hours, lesserOf/,
    ],
    [
      'unknown next stage',
      (p) => (p.stages[1].next = 'stage-9'),
      /stages\[1\]\.next: unknown stage "stage-9"/,
    ],
    ['unknown first stage', (p) => (p.firstStage = 'nope'), /firstStage: unknown stage "nope"/],
    ['cycle of stages', (p) => (p.stages[4].next = 'stage-2'), /the next links form a cycle/],
    [
      'clock anchored to a missing clock',
      (p) => (p.stages[0].clocks[1].anchor = { kind: 'clockMet', clock: 'ghost' }),
      /stages\[0\]\.clocks\[1\]\.anchor\.clock: no clock "ghost"/,
    ],
    [
      'clocks anchored on each other',
      (p) => {
        p.stages[0].clocks[0].anchor = { kind: 'clockMet', clock: 'plan' };
        p.stages[0].clocks[1].anchor = { kind: 'clockMet', clock: 'acknowledge' };
      },
      /form a cycle/,
    ],
    ['duplicate stage id', (p) => (p.stages[1].id = 'stage-1'), /duplicate stage id "stage-1"/],
    ['unknown participant', (p) => (p.stages[0].involves = ['teachers']), /stages\[0\]\.involves\[0\]/],
    ['unknown property', (p) => (p.stages[0].colour = 'red'), /stages\[0\]: .*colour/],
    ['missing stages', (p) => delete p.stages, /^stages: /],
    ['unknown nation', (p) => (p.nation = 'wales'), /^nation: /],
    [
      'first stage anchored on a previous stage',
      (p) => (p.stages[0].clocks[0].anchor = { kind: 'previousStageEnd' }),
      /the first stage has no previous stage/,
    ],
  ];
  for (const [name, mutate, expected] of cases) {
    it(`refuses ${name} with a message naming the path`, () => {
      const errors = errorsOf(mutate);
      assert.ok(
        errors.some((e) => expected.test(e)),
        `got: ${errors.join(' | ')}`,
      );
    });
  }

  it('lists every problem at once', () => {
    const errors = errorsOf((p) => {
      p.stages[0].clocks[0].limit.workingDays = 0;
      p.nation = 'mars';
    });
    assert.ok(errors.length >= 2, errors.join(' | '));
  });

  it('reports invalid JSON and non-objects without throwing', () => {
    assert.match((validateProcedureText('{ nope') as { errors: string[] }).errors[0]!, /not valid JSON/);
    for (const v of [null, 42, 'x', [], { id: 3 }]) assert.equal(validateProcedure(v).ok, false);
  });
});
