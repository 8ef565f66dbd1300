/** DESIGN §8 "The Chair decides"; seed 000 stage 5: mediation is offered by a Strategic Lead. */
import { strict as assert } from 'node:assert';
import { types } from '../support/journey';
import { BSCP, FLOW, MON, raisedOn } from './rules';

const TUE = '2026-12-08T10:00:00.000Z';

function atChair() {
  const j = raisedOn(BSCP, { imminentRisk: true });
  j.when('bo-1', { type: 'referToStage', stageId: 'stage-4', reason: 'Quality assurance scrutiny' }, MON);
  return j;
}

function atStage5() {
  const j = raisedOn(FLOW);
  j.system({ type: 'clockPassed', clockId: 'plan' }, '2026-12-09T10:00:00.000Z');
  for (const at of ['2026-12-16T10:00:00.000Z', '2026-12-23T10:00:00.000Z', '2027-01-04T10:00:00.000Z'])
    j.system({ type: 'clockPassed', clockId: 'discussion' }, at);
  j.system({ type: 'clockPassed', clockId: 'plan' }, '2027-01-06T10:00:00.000Z');
  assert.equal(j.stage, 'stage-5');
  return j;
}

describe('the Chair decides; a Strategic Lead mediates', () => {
  it('seed 002: "The Chair will either make the final binding decision or agree on an appropriate course of action to reach this binding decision" — a course of action keeps the case open', () => {
    const j = atChair();
    const out = j.when(
      'chair-1',
      {
        type: 'recordBindingDecision',
        kind: 'courseOfAction',
        text: 'Independent review of the threshold decision',
        actions: [{ text: 'Commission review', ownerId: 'bo-1', dueAt: '2026-12-11T17:00:00.000Z' }],
      },
      MON,
    );
    assert.deepEqual(types(out), ['BindingDecisionRecorded', 'ActionAdded', 'ClockMet', 'ClockScheduled']);
    assert.equal(j.case.status, 'open');
    assert.ok(j.clock('final-decision').dueAt, 'a clock for the final decision (the partnership’s default)');
    assert.equal(j.clock('final-decision').isDefault, true);
    j.when(
      'chair-1',
      { type: 'recordBindingDecision', kind: 'final', text: 'Section 47 enquiry to start' },
      TUE,
    );
    assert.equal(j.case.status, 'decided');
    assert.ok(j.clock('final-decision').metAt);
  });

  it('seed 002: only the Chair closes the Chair’s stage — the business office cannot decide or resolve it', () => {
    const j = atChair();
    j.refused('bo-1', { type: 'recordBindingDecision', kind: 'final', text: 'x' }, MON, 'NOT_ALLOWED');
    j.refused(
      'bo-1',
      { type: 'proposeResolution', summary: 'x', actions: [] },
      MON,
      'NOT_RECORDED_AT_THIS_STAGE',
    );
    const e = j.refused(
      'chair-1',
      { type: 'recordBindingDecision', kind: 'final', text: '' },
      MON,
      'INVALID_INPUT',
    );
    assert.ok(e.fields.decision);
  });

  it('seed 000: "one of the Strategic Leads will offer mediation" — not the business office, which records that it notified them', () => {
    const j = atStage5();
    const at = '2027-01-06T11:00:00.000Z';
    j.refused('bo-1', { type: 'offerMediation', meetingAt: null }, at, 'NOT_ALLOWED');
    assert.deepEqual(types(j.when('bo-1', { type: 'recordLeadsNotified' }, at)), ['LeadsNotified']);
    j.when('lead-1', { type: 'offerMediation', meetingAt: null }, at);
    j.refused(
      'bo-1',
      { type: 'recordMediationOutcome', outcome: 'resolved', summary: 'x' },
      at,
      'NOT_ALLOWED',
    );
  });

  it('seed 000: a case still unresolved after mediation closes as such only with its learning points recorded', () => {
    const j = atStage5();
    const at = '2027-01-06T11:00:00.000Z';
    j.when('lead-1', { type: 'offerMediation', meetingAt: null }, at);
    const e = j.refused(
      'lead-1',
      { type: 'recordMediationOutcome', outcome: 'unresolved', summary: 'No agreement' },
      at,
      'INVALID_INPUT',
    );
    assert.match(e.fields.learningPoints!, /learning points/);
    j.when(
      'lead-1',
      {
        type: 'recordMediationOutcome',
        outcome: 'unresolved',
        summary: 'No agreement',
        learningPoints: 'Agree thresholds earlier',
      },
      at,
    );
    assert.equal(j.case.status, 'unresolved');
    assert.equal(j.case.stage.learningPoints[0]!.text, 'Agree thresholds earlier');
  });
});
