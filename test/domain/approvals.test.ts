/** Approvals that fit the procedure: per stage for escalating and resolving, never the conflicted manager. */
import { strict as assert } from 'node:assert';
import { validateProcedure } from '../../src/domain/procedure/validate';
import { Journey, raiseCommand, types } from '../support/journey';
import { testDirectory, withoutLineManager } from '../support/directory';
import { discussion, discussThenEscalate } from './helpers';
import { BSCP, EVIDENCE, FLOW, MON, raisedOn } from './rules';

describe('approvals that fit', () => {
  it('old procedure files still validate: one approver (or null) means both escalating and resolving', () => {
    // BSCP stages 2 and 3 are written in the old single-value form
    assert.deepEqual(BSCP.stages[2]!.approval, {
      escalate: 'requesterLineManager',
      resolve: 'requesterLineManager',
    });
    assert.deepEqual(BSCP.stages[0]!.approval, { escalate: null, resolve: null });
  });

  it('seed 000 asks no approval of a resolution the people who disagree agree ("agree a local resolution")', () => {
    for (const s of FLOW.stages.slice(0, 3))
      assert.deepEqual(s.approval, { escalate: 'requesterLineManager', resolve: null }, s.id);
  });

  it('seed 002: "the issue must be referred without delay" — escalating from stage 1 needs no approval', () => {
    const j = raisedOn(BSCP, { imminentRisk: true });
    j.when('csc-manager', discussion(j), MON);
    assert.deepEqual(types(j.when('csc-manager', { type: 'requestEscalation', evidence: '' }, MON)), [
      'OutcomeProposed',
      'StageEntered',
    ]);
    assert.equal(j.stage, 'stage-2');
  });

  it('seed 000: escalating from stage 1 goes to the professional’s line manager for approval', () => {
    const j = raisedOn(FLOW);
    discussThenEscalate(j, 'csc-practitioner', MON, EVIDENCE);
    assert.deepEqual(j.case.stage.pending?.approverIds, ['csc-manager']);
  });

  it('seed 002: "If the conflict is with the line manager … referred to the next manager in line" — that manager never approves', () => {
    const raw = JSON.parse(JSON.stringify(BSCP)) as { stages: { approval: unknown }[] };
    raw.stages[0]!.approval = 'requesterLineManager';
    const v = validateProcedure(raw);
    assert.ok(v.ok);
    const j = new Journey(v.procedure, testDirectory());
    j.when('csc-practitioner', raiseCommand(BSCP.id, { conflictWithOwnManager: true }), MON);
    discussThenEscalate(j, 'csc-practitioner', MON);
    assert.deepEqual(j.case.stage.pending?.approverIds, ['csc-seniorManager']);
  });

  it('seed 000: with no line manager in the directory, the business office is asked to name one, not to approve', () => {
    const j = raisedOn(FLOW);
    j.directory = withoutLineManager(testDirectory(), 'csc-practitioner');
    discussThenEscalate(j, 'csc-practitioner', MON, EVIDENCE);
    assert.equal(j.case.stage.pending?.awaitingApprover, true);
    assert.ok(j.case.flags.some((f) => f.purpose === 'approver' && !f.resolvedAt));
    j.refused('bo-1', { type: 'approveOutcome' }, MON, 'NOT_THE_APPROVER');
    j.refused('bo-1', { type: 'nameApprover', personId: 'nobody' }, MON, 'INVALID_INPUT');
    j.when('bo-1', { type: 'nameApprover', personId: 'csc-seniorManager' }, MON);
    assert.ok(j.case.flags.every((f) => f.resolvedAt));
    j.when('csc-seniorManager', { type: 'approveOutcome' }, MON);
    assert.equal(j.stage, 'stage-2');
  });
});
