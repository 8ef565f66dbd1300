/** DESIGN §8 "Clocks serve the procedure's purpose": met by the act that fulfils them; a pending proposal is never dropped. */
import { strict as assert } from 'node:assert';
import { effectsOf, evolve, nextDueAt, type CaseState } from '../../src/domain/case';
import { types } from '../support/journey';
import { discussion } from './helpers';
import { BSCP, FLOW, MON, raisedOn } from './rules';

const plan = {
  type: 'agreePlan' as const,
  text: 'Joint visit, then review',
  actions: [{ text: 'Joint visit', ownerId: 'health-practitioner', dueAt: '2026-12-18T17:00:00.000Z' }],
};

describe('clocks mean what the procedure means', () => {
  it('seed 002: "professionals should attempt to resolve differences through discussion" — an agreed plan meets the outcome clock, and nothing escalates', () => {
    const j = raisedOn(BSCP);
    j.when('health-practitioner', plan, MON);
    assert.ok(j.clock('resolve').metAt);
    j.refused('system', { type: 'clockPassed', clockId: 'resolve' }, '2026-12-09T10:00:00.000Z', 'NOT_DUE');
    assert.equal(j.stage, 'pre-escalation');
  });

  it('seed 000: "This must occur immediately with an acknowledgement and mutually agreed plan" — an agreed plan serves the acknowledgement too', () => {
    const j = raisedOn(FLOW);
    j.when('csc-practitioner', plan, MON);
    assert.ok(j.clock('acknowledge').metAt && j.clock('plan').metAt);
  });

  it('seed 000: the receiving side’s discussion acknowledges the disagreement', () => {
    const j = raisedOn(FLOW);
    j.when('health-practitioner', discussion(j), MON);
    assert.ok(j.clock('acknowledge').metAt);
    assert.equal(j.clock('plan').metAt, null);
  });

  it('a stage whose clocks are met still has a next date: its earliest open agreed action (seed 000 "including timescales")', () => {
    const j = raisedOn(FLOW);
    j.when('health-practitioner', plan, MON);
    assert.equal(
      nextDueAt(j.case),
      '2026-12-17T17:00:00.000Z',
      'the owner’s reminder, one working day before',
    );
  });

  for (const [p, clockId, due] of [
    [FLOW, 'plan', '2026-12-09T10:00:00.000Z'],
    [BSCP, 'resolve', '2026-12-09T10:00:00.000Z'],
  ] as const) {
    it(`${p.id}: a passing deadline never drops a resolution waiting for agreement — the other side is reminded, the business office alerted`, () => {
      const j = raisedOn(p);
      j.when('csc-practitioner', { type: 'proposeResolution', summary: 'Agreed by phone', actions: [] }, MON);
      const before = j.case;
      const n = j.log.length;
      assert.deepEqual(types(j.system({ type: 'clockPassed', clockId }, due)), ['ClockPassed']);
      assert.equal(j.case.stage.resolution?.summary, 'Agreed by phone');
      const decided = j.log.slice(n);
      let s: CaseState = before;
      const effects = effectsOf({
        before,
        decided,
        states: decided.map((d) => (s = evolve(s, d))),
        procedure: p,
        firstSeq: n + 1,
      });
      assert.ok(
        effects.some((e) => e.kind === 'notify' && e.to === 'health-practitioner' && e.reason === 'reminder'),
      );
      assert.ok(effects.some((e) => e.kind === 'alert' && e.reason === 'deadlinePassed'));
      // declined after the deadline: the deadline's consequence applies at once, with the missed clocks as evidence
      const out = j.when('health-practitioner', { type: 'declineResolution', reason: 'Not agreed' }, due);
      assert.ok(types(out).includes('EscalatedAutomatically'));
      assert.notEqual(j.case.stage.stageId, before.stage.stageId);
    });
  }

  it('seed 000 "within the maximum timescales stated": an automatic escalation records the missed clocks as its evidence', () => {
    const j = raisedOn(FLOW);
    const out = j.system({ type: 'clockPassed', clockId: 'plan' }, '2026-12-09T10:00:00.000Z');
    const auto = out.find((e) => e.type === 'EscalatedAutomatically');
    assert.ok(auto && auto.type === 'EscalatedAutomatically');
    assert.deepEqual(auto.missed.sort(), ['acknowledge', 'plan']);
    assert.match(j.case.history[0]!.evidence!, /Agree a plan of action/);
  });
});
