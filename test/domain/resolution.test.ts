/** DESIGN §8 "Agreement closes a case, not a click": propose, agree (every agency at the stage), approve. */
import { strict as assert } from 'node:assert';
import { builtinProcedure } from '../../src/domain/procedure/builtin';
import { testDirectory } from '../support/directory';
import { Journey, raiseCommand, types } from '../support/journey';

const FLOW = builtinProcedure('conflict-resolution-flowchart')!;
const BSCP = builtinProcedure('bscp-escalation-procedure')!;
const MON = '2026-12-07T10:00:00.000Z';
const FRI = '2026-12-11T17:00:00.000Z';

function raised(p = FLOW, overrides = {}): Journey {
  const j = new Journey(p, testDirectory());
  j.when('csc-practitioner', raiseCommand(p.id, overrides), MON);
  return j;
}

const propose = (summary = 'Joint visit agreed; threshold to be reviewed after it.') => ({
  type: 'proposeResolution' as const,
  summary,
  actions: [{ text: 'Book the joint visit', ownerId: 'health-practitioner', dueAt: FRI }],
});

describe('resolution is agreed, not clicked (DESIGN §8)', () => {
  it('seed 000 stage 1: "agree a local resolution" — the challenged agency cannot close the case alone', () => {
    const j = raised();
    assert.deepEqual(types(j.when('health-practitioner', propose(), MON)), [
      'ResolutionProposed',
      'ClockMet',
    ]);
    assert.equal(j.case.status, 'open');
    assert.equal(j.case.stage.resolution?.summary, 'Joint visit agreed; threshold to be reviewed after it.');
    assert.deepEqual(types(j.when('health-practitioner', { type: 'agreeResolution' }, MON)), []);
    assert.equal(j.case.status, 'open', 'its own agreement counts once');
    const agreed = j.when('csc-practitioner', { type: 'agreeResolution' }, MON);
    // seed 000 asks no manager's approval of a resolution the people who disagree agree
    assert.deepEqual(types(agreed), ['ResolutionAgreed', 'ActionAdded', 'OutcomeProposed', 'CaseClosed']);
    assert.equal(j.case.status, 'resolved');
    assert.equal(j.case.stage.actions[0]!.text, 'Book the joint visit');
  });

  it('seed 002 stage 1 (first line managers): once both agree, the manager the procedure names approves, then it closes', () => {
    const j = new Journey(BSCP, testDirectory());
    j.when('csc-practitioner', raiseCommand(BSCP.id, { imminentRisk: true }), MON);
    j.when('health-manager', propose(), MON);
    j.when('csc-manager', { type: 'agreeResolution' }, MON);
    assert.equal(j.case.status, 'open');
    assert.ok(j.case.stage.pending?.approverIds.length, 'then the approval the stage asks for');
    j.when(j.case.stage.pending.approverIds[0]!, { type: 'approveOutcome' }, MON);
    assert.equal(j.case.status, 'resolved');
  });

  it('seed 000: a resolution needs a summary of what was agreed (the note is never thrown away)', () => {
    const e = raised().refused('csc-practitioner', propose(''), MON, 'INVALID_INPUT');
    assert.ok(e.fields.summary);
  });

  it('seed 000: "mutually agreed" — the other side may decline with a reason, and the case returns to the stage', () => {
    const j = raised();
    j.when('csc-practitioner', propose(), MON);
    j.refused('health-practitioner', { type: 'declineResolution', reason: '' }, MON, 'INVALID_INPUT');
    assert.deepEqual(
      types(j.when('health-practitioner', { type: 'declineResolution', reason: 'No visit yet.' }, MON)),
      ['ResolutionDeclined'],
    );
    assert.equal(j.case.stage.resolution ?? null, null);
    assert.equal(j.case.stage.rejections[0]!.reason, 'No visit yet.');
    assert.equal(j.case.stage.actions.length, 0, 'declined actions were never agreed');
    j.when('csc-practitioner', propose('Second attempt'), MON);
    assert.equal(j.case.stage.resolution?.summary, 'Second attempt');
  });

  it('seed 002 pre-escalation: "professionals should attempt to resolve differences through discussion" — both agree, no approval', () => {
    const j = raised(BSCP);
    j.when('health-practitioner', propose(), MON);
    j.when('csc-practitioner', { type: 'agreeResolution' }, MON);
    assert.equal(j.case.status, 'resolved');
  });

  it('seed 002 stage 1: "the first line managers of the agencies involved" agree, the raising professional for the raising side', () => {
    const j = raised(BSCP, { imminentRisk: true });
    j.when('health-manager', propose(), MON);
    j.refused('health-practitioner', { type: 'agreeResolution' }, MON, 'NOT_A_PARTICIPANT');
    j.when('csc-practitioner', { type: 'agreeResolution' }, MON); // the raiser stands for the raising side
    assert.deepEqual(j.case.stage.pending?.approverIds, ['health-seniorManager']);
    j.when('health-seniorManager', { type: 'approveOutcome' }, MON);
    assert.equal(j.case.status, 'resolved');
  });

  it('seed 002 stage 4: "The Chair will either make the final binding decision…" — no proposed resolution at the Chair’s stage', () => {
    const j = raised(BSCP, { imminentRisk: true });
    j.when('bo-1', { type: 'referToStage', stageId: 'stage-4', reason: 'QA' }, MON);
    assert.equal(j.stage, 'stage-4');
    j.refused('bo-1', propose(), MON, 'NOT_RECORDED_AT_THIS_STAGE');
    j.refused('chair-1', propose(), MON, 'NOT_RECORDED_AT_THIS_STAGE');
  });

  it('seed 000: the raiser may still withdraw, with a reason', () => {
    const j = raised();
    j.when('health-practitioner', propose(), MON);
    j.refused('health-practitioner', { type: 'withdraw', reason: 'x' }, MON, 'NOT_ALLOWED');
    j.when('csc-practitioner', { type: 'withdraw', reason: 'Agreed outside the procedure' }, MON);
    assert.equal(j.case.status, 'withdrawn');
  });
});
