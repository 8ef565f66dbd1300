/**
 * Issue #18, "Cap: the procedure says what happens when the cap passes (alert, go to a named stage, refer to the
 * Chair)." The business office is always alerted; a move is forward only and never drops a pending proposal.
 */
import { strict as assert } from 'node:assert';
import type { Command } from '../../src/domain/case';
import { timelineIfNobodyActs } from '../../src/domain/case/simulate';
import { BUILTIN_PROCEDURES } from '../../src/domain/procedure/builtin';
import type { Procedure } from '../../src/domain/procedure/schema';
import { validateProcedure } from '../../src/domain/procedure/validate';
import { types } from '../support/journey';
import { BSCP, MON, raisedOn } from './rules';

/** The BSCP procedure with an overall cap (10 working days unless given) and `then` as given (absent: the default). */
function capped(then?: unknown, workingDays = 10): Procedure {
  const raw = structuredClone(BSCP) as Record<string, any>;
  raw.rules.cap = { workingDays, wording: 'Resolved within 10 working days.', ...(then ? { then } : {}) };
  const v = validateProcedure(raw);
  assert.ok(v.ok, v.ok ? '' : v.errors.join(' | '));
  return v.procedure;
}

function errorsOf(then: unknown, base = BSCP): string[] {
  const raw = structuredClone(base) as Record<string, any>;
  raw.rules.cap = { workingDays: 10, wording: 'x', then };
  const v = validateProcedure(raw);
  return v.ok ? [] : v.errors;
}

function capPasses(p: Procedure, before?: (j: ReturnType<typeof raisedOn>) => void) {
  const j = raisedOn(p);
  before?.(j);
  return { j, events: j.system({ type: 'capPassed' }, j.case.capDueAt!) };
}

describe('what happens when the overall cap passes (issue #18: "the procedure says what happens when the cap passes")', () => {
  it('given a cap with no "then", when it passes, then the business office is only alerted, as before', () => {
    const p = capped();
    assert.equal(p.rules.cap!.then, 'alert');
    const { j, events } = capPasses(p);
    assert.deepEqual(types(events), ['CapPassed']);
    assert.equal(j.stage, 'pre-escalation');
  });

  it('given { goToStage: "stage-3" }, when it passes, then the case moves on to Stage 3 with the cap as its evidence', () => {
    const { j, events } = capPasses(capped({ goToStage: 'stage-3' }));
    assert.deepEqual(types(events).slice(0, 2), ['CapPassed', 'EscalatedAutomatically']);
    assert.deepEqual(events[0], { type: 'CapPassed', goTo: 'stage-3' });
    assert.equal(j.stage, 'stage-3');
    assert.match(j.case.history.at(-1)!.evidence!, /overall time limit \(10 working days\) passed/);
    assert.match(j.case.stage.enteredBecause, /overall time limit passed: moved on at Stage 3/);
  });

  it('given "referToChair", when it passes, then the case goes to the stage the Independent Chair is involved at', () => {
    const { j } = capPasses(capped('referToChair'));
    assert.equal(j.stage, 'stage-4');
    assert.match(j.case.stage.enteredBecause, /referred to the Chair/);
    assert.ok(j.holders().includes('chair-1'));
  });

  it('given the case is already at or beyond the named stage, when the cap passes, then it only alerts (never backwards)', () => {
    const p = capped({ goToStage: 'stage-3' });
    const { j, events } = capPasses(p, (k) =>
      k.when('bo-1', { type: 'referToStage', stageId: 'stage-4', reason: 'Scrutiny needed.' }, MON),
    );
    assert.deepEqual(events, [{ type: 'CapPassed' }]);
    assert.equal(j.stage, 'stage-4');
  });

  it('given a resolution waiting for agreement, when the cap passes, then it is kept, and the move follows once it is declined', () => {
    const p = capped('referToChair');
    const proposal: Command = {
      type: 'proposeResolution',
      summary: 'Strategy discussion today.',
      actions: [],
    };
    const { j, events } = capPasses(p, (k) => k.when('csc-practitioner', proposal, MON));
    assert.deepEqual(events, [{ type: 'CapPassed', goTo: 'stage-4', held: 'resolution' }]);
    assert.equal(j.stage, 'pre-escalation');
    assert.ok(j.case.stage.resolution);
    j.when('health-practitioner', { type: 'declineResolution', reason: 'Not enough.' }, j.case.capDueAt!);
    assert.equal(j.stage, 'stage-4');
  });

  it('given a cap that moves the case, when nobody acts, then the timeline says where it went', () => {
    const rows = timelineIfNobodyActs(capped('referToChair', 3), new Date(MON));
    assert.ok(
      rows.some((r) =>
        /overall time limit passed: business office alerted → moved on to Stage 4/.test(r.what),
      ),
      rows.map((r) => r.what).join('\n'),
    );
  });

  describe('the validator names the path of each mistake', () => {
    const cases: [string, unknown, RegExp, Procedure?][] = [
      [
        'an unknown stage',
        { goToStage: 'stage-9' },
        /^rules\.cap\.then\.goToStage: unknown stage "stage-9"$/,
      ],
      [
        'the first stage',
        { goToStage: 'pre-escalation' },
        /^rules\.cap\.then\.goToStage: .*moves a case forward/,
      ],
      ['an unknown kind', 'escalate', /^rules\.cap\.then: must be "alert", "referToChair" or \{ "goToStage"/],
      ['an unknown property', { goToStage: 'stage-3', at: 1 }, /^rules\.cap\.then: /],
      [
        'referToChair where no stage involves the Chair',
        'referToChair',
        /^rules\.cap\.then: "referToChair" needs a stage that involves the independentChair$/,
        BUILTIN_PROCEDURES[0],
      ],
    ];
    for (const [name, then, expected, base] of cases)
      it(`refuses ${name}`, () => {
        const errors = errorsOf(then, base);
        assert.ok(
          errors.some((e) => expected.test(e)),
          `got: ${errors.join(' | ')}`,
        );
      });
  });
});
