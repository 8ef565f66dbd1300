/**
 * Issue #18, "Obligations after resolution: tasks with clocks that keep the case 'resolved — obligations
 * outstanding' until met" ("Nothing can be due after resolution: 'confirm the outcome in writing within 2 working
 * days', 'copy to the business manager'").
 */
import { strict as assert } from 'node:assert';
import {
  actionsOutstanding,
  nextDueAt,
  obligationsOutstanding,
  openActions,
  type Command,
} from '../../src/domain/case';
import type { Procedure } from '../../src/domain/procedure/schema';
import { validateProcedure } from '../../src/domain/procedure/validate';
import { types } from '../support/journey';
import { FLOW, MON, raisedOn } from './rules';

const OBLIGATIONS = [
  { id: 'confirm', text: 'Confirm the outcome in writing', owner: 'eachSide', within: { workingDays: 2 } },
  {
    id: 'copy',
    text: 'Copy the record to the business manager',
    owner: 'raiser',
    within: { workingDays: 5 },
  },
];

function withObligations(list: unknown[] = OBLIGATIONS): Procedure {
  const raw = structuredClone(FLOW) as Record<string, any>;
  raw.rules.afterResolution = list;
  const v = validateProcedure(raw);
  assert.ok(v.ok, v.ok ? '' : v.errors.join(' | '));
  return v.procedure;
}

const propose: Command = { type: 'proposeResolution', summary: 'Strategy discussion today.', actions: [] };

function resolved(p = withObligations()) {
  const j = raisedOn(p);
  j.when('csc-practitioner', propose, MON);
  const events = j.when('health-practitioner', { type: 'agreeResolution' }, MON);
  return { j, events };
}

describe('obligations after resolution (issue #18: "tasks with clocks that keep the case resolved — obligations outstanding until met")', () => {
  it('given a procedure with obligations, when the case is resolved, then each becomes an action with its clock, for its owners', () => {
    const { j, events } = resolved();
    assert.equal(j.case.status, 'resolved');
    assert.deepEqual(types(events).slice(-4), ['CaseClosed', 'ActionAdded', 'ActionAdded', 'ActionAdded']);
    assert.deepEqual(
      openActions(j.case).map((a) => [a.obligation, a.ownerId, a.dueAt]),
      [
        ['confirm', 'csc-practitioner', '2026-12-09T10:00:00.000Z'], // 2 working days from Mon 7 Dec, 10:00
        ['confirm', 'health-practitioner', '2026-12-09T10:00:00.000Z'],
        ['copy', 'csc-practitioner', '2026-12-14T10:00:00.000Z'],
      ],
    );
    assert.ok(obligationsOutstanding(j.case) && actionsOutstanding(j.case));
    assert.equal(
      nextDueAt(j.case),
      '2026-12-08T10:00:00.000Z',
      'the owner is reminded one working day before',
    );
  });

  it('given obligations outstanding, when their owners do them, then the case is no longer outstanding', () => {
    const { j } = resolved();
    for (const a of openActions(j.case)) j.when(a.ownerId, { type: 'completeAction', actionId: a.id }, MON);
    assert.ok(!obligationsOutstanding(j.case) && !actionsOutstanding(j.case));
    assert.equal(nextDueAt(j.case), null);
  });

  it('given an obligation not done by its time, when it is overdue, then it is followed up as the procedure says for actions', () => {
    const { j } = resolved();
    const a = openActions(j.case)[0]!;
    const events = j.system({ type: 'actionOverdue', actionId: a.id }, a.dueAt);
    assert.deepEqual(events, [{ type: 'ActionOverdue', actionId: a.id, onOverdue: 'alert' }]);
    assert.ok(obligationsOutstanding(j.case));
  });

  it('given obligations, when the case is withdrawn instead, then none is due', () => {
    const j = raisedOn(withObligations());
    j.when('csc-practitioner', { type: 'withdraw', reason: 'Agreed informally.' }, MON);
    assert.deepEqual(openActions(j.case), []);
  });

  it('given a procedure without obligations (the built-ins), when resolved, then nothing is added', () => {
    const { j } = resolved(FLOW);
    assert.deepEqual(openActions(j.case), []);
  });

  describe('the validator names the path of each mistake', () => {
    const cases: [string, unknown[], RegExp][] = [
      [
        'a duplicate id',
        [OBLIGATIONS[0], OBLIGATIONS[0]],
        /^rules\.afterResolution\[1\]\.id: duplicate obligation id "confirm"$/,
      ],
      ['an unknown owner', [{ ...OBLIGATIONS[0], owner: 'chair' }], /^rules\.afterResolution\[0\]\.owner: /],
      [
        'a missing limit',
        [{ ...OBLIGATIONS[0], within: undefined }],
        /^rules\.afterResolution\[0\]\.within: /,
      ],
      [
        'a limit set for the case',
        [
          {
            ...OBLIGATIONS[0],
            within: {
              lesserOf: [
                { workingDays: 2 },
                { setForCase: { field: 'f', label: 'a time', min: 1, max: 2, unit: 'workingDays' } },
              ],
            },
          },
        ],
        /^rules\.afterResolution\[0\]\.within: must be a fixed limit/,
      ],
    ];
    for (const [name, list, expected] of cases)
      it(`refuses ${name}`, () => {
        const raw = structuredClone(FLOW) as Record<string, any>;
        raw.rules.afterResolution = list;
        const v = validateProcedure(raw);
        const errors = v.ok ? [] : v.errors;
        assert.ok(
          errors.some((e) => expected.test(e)),
          `got: ${errors.join(' | ')}`,
        );
      });
  });
});
