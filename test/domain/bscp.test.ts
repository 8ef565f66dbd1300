/** Seed 002, BSCP "Escalation, Challenge & Conflict Resolution Procedure": every rule the seed text carries. */
import { strict as assert } from 'node:assert';
import { builtinProcedure } from '../../src/domain/procedure/builtin';
import { testDirectory } from '../support/directory';
import { Journey, raiseCommand, types } from '../support/journey';
import { discussion, discussThenEscalate } from './helpers';

const P = builtinProcedure('bscp-escalation-procedure')!;
const MON = '2026-12-07T10:00:00.000Z';

function raised(overrides = {}): Journey {
  const j = new Journey(P, testDirectory());
  j.when('csc-practitioner', raiseCommand(P.id, overrides), MON);
  return j;
}

function escalateAs(j: Journey, by: string, approver: string | null, at = MON): void {
  discussThenEscalate(j, by, at);
  if (approver) j.when(approver, { type: 'approveOutcome' }, at);
}

describe('seed 002: BSCP Escalation, Challenge & Conflict Resolution Procedure', () => {
  it('starts with professional discussion within a timescale that protects the child from harm (a configurable default)', () => {
    const j = raised();
    assert.equal(j.stage, 'pre-escalation');
    const k = j.clock('resolve');
    assert.equal(k.isDefault, true);
    assert.match(k.wording, /timescale that protects the child from harm/);
    assert.equal(k.dueAt, '2026-12-09T10:00:00.000Z');
  });

  it('starts stage 1 immediately when a child is at imminent risk of harm', () => {
    const j = raised({ imminentRisk: true });
    assert.equal(j.stage, 'stage-1');
    assert.deepEqual(j.holders(), ['csc-manager', 'health-manager']);
    assert.match(j.case.stage.enteredBecause, /imminent risk/);
  });

  it('refers to the next manager in line when the conflict is with the line manager', () => {
    const j = raised({ imminentRisk: true, conflictWithOwnManager: true });
    assert.deepEqual(j.holders(), ['csc-seniorManager', 'health-manager']);
  });

  it('moves to first line managers (stage 1, senior staff) when practitioners cannot resolve it', () => {
    const j = raised();
    j.when('csc-practitioner', discussion(j), MON);
    assert.deepEqual(types(j.when('csc-practitioner', { type: 'requestEscalation', evidence: '' }, MON)), [
      'OutcomeProposed',
      'StageEntered',
    ]);
    assert.equal(j.stage, 'stage-1');
    assert.equal(
      P.stages[1]!.records.formalRecord,
      'This should be recorded on the relevant system for each agency',
    );
  });

  it('refers without delay to each agency’s named escalation manager (stage 2), formally recorded (Appendix A)', () => {
    const j = raised({ imminentRisk: true });
    escalateAs(j, 'csc-manager', null); // "referred without delay": no approval step
    assert.equal(j.stage, 'stage-2');
    assert.deepEqual(j.holders(), ['csc-headOfService', 'health-headOfService']);
    assert.match(j.clock('discussion').wording, /Without delay/);
    assert.equal(j.clock('discussion').isDefault, true);
    assert.equal(
      P.stages[2]!.records.formalRecord,
      'It is recommended that this is formally recorded (see Appendix A of the procedure)',
    );
  });

  it('progresses through further layers of senior management up to Director level (stage 3)', () => {
    const j = raised({ imminentRisk: true });
    escalateAs(j, 'csc-manager', null); // "referred without delay": no approval step
    escalateAs(j, 'csc-headOfService', 'csc-director');
    assert.equal(j.stage, 'stage-3');
    assert.deepEqual(j.holders(), ['csc-director', 'health-director']);
  });

  it('refers to the Independent Chair via the BSCP office, whose binding decision closes the case (stage 4)', () => {
    const j = raised({ imminentRisk: true });
    escalateAs(j, 'csc-manager', null); // "referred without delay": no approval step
    escalateAs(j, 'csc-headOfService', 'csc-director');
    escalateAs(j, 'csc-director', null);
    assert.equal(j.stage, 'stage-4');
    assert.deepEqual(j.holders(), ['bo-1', 'bo-2', 'chair-1']);
    j.refused('bo-1', { type: 'recordBindingDecision', kind: 'final', text: 'x' }, MON, 'NOT_ALLOWED');
    j.when(
      'chair-1',
      { type: 'recordBindingDecision', kind: 'final', text: 'Strategy discussion to be convened today.' },
      MON,
    );
    assert.equal(j.case.status, 'decided');
  });

  it('lets an escalation manager refer to the Chair where quality assurance scrutiny may be needed', () => {
    const j = raised({ imminentRisk: true });
    escalateAs(j, 'csc-manager', null); // "referred without delay": no approval step
    j.refused(
      'csc-practitioner',
      { type: 'referToStage', stageId: 'stage-4', reason: 'QA' },
      MON,
      'NOT_ALLOWED',
    );
    j.refused(
      'csc-supporter',
      { type: 'referToStage', stageId: 'stage-4', reason: 'QA' },
      MON,
      'NOT_A_PARTICIPANT',
    );
    j.when(
      'health-headOfService',
      { type: 'referToStage', stageId: 'stage-4', reason: 'Quality assurance scrutiny needed' },
      MON,
    );
    assert.equal(j.stage, 'stage-4');
  });

  it('accepts an e-mail discussion as a discussion (this procedure does not restrict methods)', () => {
    const j = raised();
    j.when(
      'health-practitioner',
      {
        type: 'recordDiscussion',
        heldAt: MON,
        method: 'email',
        attendeeIds: ['csc-practitioner', 'health-practitioner'],
        summary: 'Exchanged views',
        outcome: 'unresolved',
      },
      MON,
    );
    assert.equal(j.case.stage.discussions[0]!.counts, true);
  });
});
