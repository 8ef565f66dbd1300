/** DESIGN §8 "Imminent risk is urgent": urgent timescales replace the normal ones; the business office is told at once. */
import { strict as assert } from 'node:assert';
import { effectsOf, evolve, type CaseState } from '../../src/domain/case';
import { timelineIfNobodyActs } from '../../src/domain/case/simulate';
import { formatLondon } from '../../src/domain/calendar';
import { Journey, raiseCommand } from '../support/journey';
import { testDirectory } from '../support/directory';
import { discussThenEscalate } from './helpers';
import { BSCP, FLOW, MON, raisedOn } from './rules';

const URGENT_SENTENCE = /imminent risk of harm/;

describe('imminent risk is urgent', () => {
  it('seed 002: "if there is concern that a child is at imminent risk of harm … stage 1 … should be initiated immediately" — with an urgent first response the same working day', () => {
    const j = raisedOn(BSCP, { imminentRisk: true });
    assert.equal(j.stage, 'stage-1');
    const k = j.clock('resolve');
    assert.equal(k.dueAt, '2026-12-07T14:00:00.000Z');
    assert.equal(k.urgent, true);
    assert.equal(k.isDefault, true);
    assert.match(k.wording, URGENT_SENTENCE);
    assert.match(k.wording, /partnership’s default/);
  });

  it('seed 002: the business office is alerted at once', () => {
    const j = new Journey(BSCP, testDirectory());
    j.when('csc-practitioner', raiseCommand(BSCP.id, { imminentRisk: true }), MON);
    const states: CaseState[] = [];
    let s: CaseState = { status: 'none' };
    for (const d of j.log) states.push((s = evolve(s, d)));
    const effects = effectsOf({
      before: null,
      decided: j.log,
      states: states as never,
      procedure: BSCP,
      firstSeq: 1,
    });
    assert.ok(effects.some((e) => e.kind === 'alert' && e.reason === 'imminentRisk'));
  });

  it('seed 002: the timeline if nobody acts shows the urgent timescales (first deadline the same day)', () => {
    const rows = timelineIfNobodyActs(BSCP, new Date('2026-12-21T10:00:00Z'), { imminentRisk: true });
    const first = rows.find((r) => /deadline passed/.test(r.what))!;
    assert.match(formatLondon(new Date(first.at)), /Mon 21 Dec 2026/);
    assert.equal(rows[0]!.stage, 'Stage 1');
    assert.throws(
      () => timelineIfNobodyActs(FLOW, new Date(MON), { imminentRisk: true }),
      /no rule for a child at imminent risk/,
    );
  });

  it('seed 002: set later with a reason, a case at pre-escalation starts stage 1 immediately', () => {
    const j = raisedOn(BSCP);
    j.refused('csc-practitioner', { type: 'setImminentRisk', reason: '' }, MON, 'INVALID_INPUT');
    j.when('csc-practitioner', { type: 'setImminentRisk', reason: 'Child left alone overnight' }, MON);
    assert.equal(j.stage, 'stage-1');
    assert.equal(j.clock('resolve').dueAt, '2026-12-07T14:00:00.000Z');
  });

  it('seed 002: set at stage 2 it re-times the open clock ("without delay" becomes hours); cleared only with a reason, never earlier', () => {
    const j = raisedOn(BSCP);
    discussThenEscalate(j, 'csc-practitioner', MON); // → stage 1
    discussThenEscalate(j, 'csc-manager', MON); // → stage 2, "without delay"
    assert.equal(j.stage, 'stage-2');
    assert.equal(j.clock('discussion').dueAt, '2026-12-08T10:00:00.000Z');
    j.when(
      'csc-headOfService',
      { type: 'setImminentRisk', reason: 'New injury reported' },
      '2026-12-07T11:00:00.000Z',
    );
    assert.equal(j.clock('discussion').dueAt, '2026-12-07T15:00:00.000Z');
    assert.equal(j.clock('discussion').urgent, true);
    j.refused(
      'csc-headOfService',
      { type: 'clearImminentRisk', reason: '' },
      '2026-12-07T12:00:00.000Z',
      'INVALID_INPUT',
    );
    j.when('bo-1', { type: 'clearImminentRisk', reason: 'Child placed safely' }, '2026-12-07T12:00:00.000Z');
    assert.equal(j.clock('discussion').dueAt, '2026-12-08T10:00:00.000Z');
    assert.equal(j.clock('discussion').urgent, false);
  });

  it('seed 000 has no imminent-risk rule: recorded (and the business office told), timescales unchanged', () => {
    const j = raisedOn(FLOW);
    j.when('csc-practitioner', { type: 'setImminentRisk', reason: 'Child at risk tonight' }, MON);
    assert.equal(j.case.imminentRisk, true);
    assert.equal(j.clock('plan').dueAt, '2026-12-09T10:00:00.000Z');
  });
});
