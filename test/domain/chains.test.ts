/**
 * Management chains with gaps: a missing level never relabels anyone; the business office names the person, the
 * agency waits meanwhile; at climbing stages every agency climbs one level, an agency out of levels waits at its top.
 */
import { strict as assert } from 'node:assert';
import { addWorkingDays } from '../../src/domain/calendar';
import type { Directory } from '../../src/domain/directory';
import { testDirectory, withoutLineManager } from '../support/directory';
import { Journey, raiseCommand, types } from '../support/journey';
import { BSCP, FLOW, MON } from './rules';

function given(p = FLOW, dir: Directory = testDirectory()): Journey {
  const j = new Journey(p, dir);
  j.when('csc-practitioner', raiseCommand(p.id), MON);
  return j;
}

/** Let the stage's deadline pass: the case moves up on its own (no approval involved). */
function deadlinePasses(j: Journey, clockId: string): string[] {
  return types(j.system({ type: 'clockPassed', clockId }, j.clock(clockId).dueAt!));
}

const who = (j: Journey) =>
  j.case.stage.participants
    .filter((p) => p.as !== 'supporter')
    .map((p) => `${p.personId} as ${p.as}`)
    .sort();

/** The same directory with the agency's named escalation manager removed. */
function withoutEscalationManager(dir: Directory, agencyId: string): Directory {
  return {
    ...dir,
    agencies: dir.agencies.map((a) => (a.id === agencyId ? { ...a, escalationManagerId: undefined } : a)),
  };
}

/** Move `personId` to report to `managerId` (a line with a level missing). */
function reportingTo(dir: Directory, personId: string, managerId: string | undefined): Directory {
  return {
    ...dir,
    people: dir.people.map((p) => (p.id === personId ? { ...p, lineManagerId: managerId } : p)),
  };
}

describe('chains with gaps: a missing level is named by the business office, never stood in for', () => {
  describe('seed 000 stage 2: "referred to each professionals’ own line manager"', () => {
    it('with no line manager in the directory, the practitioner keeps the case as a professional and the agency waits for a named manager', () => {
      const j = given(FLOW, withoutLineManager(testDirectory(), 'csc-practitioner'));
      const events = deadlinePasses(j, 'plan');
      assert.ok(events.includes('ManagerMissing'));
      assert.equal(j.stage, 'stage-2');
      assert.deepEqual(who(j), ['csc-practitioner as professionals', 'health-manager as lineManagers']);
      assert.deepEqual(j.case.stage.waitingFor, [
        { agencyId: 'csc', wanted: 'line manager of Ava Social', as: 'lineManagers', atLeast: 'manager' },
      ]);
      assert.ok(j.case.flags.some((f) => f.agencyId === 'csc' && !f.resolvedAt));
    });

    it('the business office names a manager of that agency: they join as line manager and the wait ends', () => {
      const j = given(FLOW, withoutLineManager(testDirectory(), 'csc-practitioner'));
      deadlinePasses(j, 'plan');
      const at = '2026-12-09T11:00:00.000Z';
      const other = j.refused(
        'bo-1',
        { type: 'assignParticipant', agencyId: 'csc', personId: 'health-manager' },
        at,
        'INVALID_INPUT',
      );
      assert.ok(other.fields.personId);
      const junior = j.refused(
        'bo-1',
        { type: 'assignParticipant', agencyId: 'csc', personId: 'csc-supporter' },
        at,
        'INVALID_INPUT',
      );
      assert.match(junior.fields.personId!, /manager or someone more senior/);
      j.when('bo-1', { type: 'assignParticipant', agencyId: 'csc', personId: 'csc-manager' }, at);
      assert.deepEqual(who(j), ['csc-manager as lineManagers', 'health-manager as lineManagers']);
      assert.equal(j.case.stage.waitingFor, undefined);
      assert.equal(j.case.holders.csc, 'csc-manager');
      assert.ok(j.case.flags.every((f) => f.resolvedAt));
    });
  });

  describe('seed 000 stage 3: "This should continue through an organisation’s management structure… Each Manager discussion should take place within 5 working days of the previous stage."', () => {
    it('every agency climbs one level per escalation, each level within 5 working days of the previous', () => {
      const j = given();
      deadlinePasses(j, 'plan');
      deadlinePasses(j, 'discussion');
      assert.equal(j.stage, 'stage-3');
      assert.deepEqual(who(j), [
        'csc-seniorManager as nextManagerUp',
        'health-seniorManager as nextManagerUp',
      ]);
      deadlinePasses(j, 'discussion');
      assert.equal(j.stage, 'stage-3#2');
      assert.deepEqual(who(j), [
        'csc-headOfService as nextManagerUp',
        'health-headOfService as nextManagerUp',
      ]);
      const previousEnded = new Date(j.case.history.at(-1)!.endedAt!);
      assert.equal(j.clock('discussion').dueAt, addWorkingDays(previousEnded, 5, FLOW.nation).toISOString());
      assert.equal(j.clock('discussion').rule, '5 working days');
    });

    it('an agency with no line manager above its senior manager waits at that level while the other climbs, never relabelled or skipped', () => {
      const j = given(FLOW, withoutLineManager(testDirectory(), 'health-seniorManager'));
      deadlinePasses(j, 'plan');
      deadlinePasses(j, 'discussion');
      const events = deadlinePasses(j, 'discussion');
      assert.equal(j.stage, 'stage-3#2');
      assert.ok(!events.includes('ManagerMissing'), 'running out of levels is not a gap');
      assert.deepEqual(who(j), [
        'csc-headOfService as nextManagerUp',
        'health-seniorManager as nextManagerUp',
      ]);
      assert.equal(j.case.holders.health, 'health-seniorManager');
      deadlinePasses(j, 'discussion');
      assert.equal(j.stage, 'stage-4', 'neither can climb below Director: the Directors discuss');
      assert.deepEqual(who(j), ['csc-director as director', 'health-director as director']);
    });

    it('a line that skips a level still moves one step up that agency’s own line, together with the other', () => {
      const dir = reportingTo(testDirectory(), 'health-manager', 'health-headOfService');
      const j = given(FLOW, dir);
      deadlinePasses(j, 'plan');
      deadlinePasses(j, 'discussion');
      assert.equal(j.stage, 'stage-3');
      assert.deepEqual(who(j), [
        'csc-seniorManager as nextManagerUp',
        'health-headOfService as nextManagerUp',
      ]);
      deadlinePasses(j, 'discussion');
      assert.equal(j.stage, 'stage-3#2');
      assert.deepEqual(who(j), [
        'csc-headOfService as nextManagerUp',
        'health-headOfService as nextManagerUp',
      ]);
    });
  });

  describe('seed 002 stage 2: "referred without delay up through each agencies line management structure up to a Head of Service… a named manager for escalation"', () => {
    function atStage2(dir: Directory): Journey {
      const j = given(BSCP, dir);
      deadlinePasses(j, 'resolve');
      deadlinePasses(j, 'resolve');
      assert.equal(j.stage, 'stage-2');
      return j;
    }

    it('an agency with no named escalation manager waits for one; its line manager keeps the case under their own title, without the escalation manager’s powers', () => {
      const j = atStage2(withoutEscalationManager(testDirectory(), 'health'));
      assert.deepEqual(who(j), ['csc-headOfService as escalationManager', 'health-manager as lineManagers']);
      assert.deepEqual(j.case.stage.waitingFor, [
        {
          agencyId: 'health',
          wanted: 'named escalation manager of Community Health',
          as: 'escalationManager',
          atLeast: 'seniorManager',
        },
      ]);
      j.refused(
        'health-manager',
        { type: 'referToStage', stageId: 'stage-4', reason: 'Scrutiny needed.' },
        j.case.stage.enteredAt,
        'NOT_ALLOWED',
      );
    });

    it('the business office names a senior member of staff of that agency, who joins as its escalation manager', () => {
      const j = atStage2(withoutEscalationManager(testDirectory(), 'health'));
      const at = j.case.stage.enteredAt;
      const e = j.refused(
        'bo-1',
        { type: 'assignParticipant', agencyId: 'health', personId: 'health-manager' },
        at,
        'INVALID_INPUT',
      );
      assert.match(e.fields.personId!, /senior manager or someone more senior/);
      j.when('bo-1', { type: 'assignParticipant', agencyId: 'health', personId: 'health-headOfService' }, at);
      assert.deepEqual(who(j), [
        'csc-headOfService as escalationManager',
        'health-headOfService as escalationManager',
      ]);
      assert.equal(j.case.stage.waitingFor, undefined);
    });
  });

  describe('seed 002 stage 3: "further layers of senior management up to for example, Strategic heads of Service or Director level"', () => {
    it('climbs together one level at a time; an agency at Director waits there while the other climbs to its Director', () => {
      const dir = {
        ...testDirectory(),
        agencies: testDirectory().agencies.map((a) =>
          a.id === 'health' ? { ...a, escalationManagerId: 'health-seniorManager' } : a,
        ),
      };
      const j = given(BSCP, dir);
      deadlinePasses(j, 'resolve');
      deadlinePasses(j, 'resolve');
      deadlinePasses(j, 'discussion');
      assert.equal(j.stage, 'stage-3');
      assert.deepEqual(who(j), ['csc-director as nextManagerUp', 'health-headOfService as nextManagerUp']);
      deadlinePasses(j, 'discussion');
      assert.equal(j.stage, 'stage-3#2');
      assert.deepEqual(who(j), ['csc-director as nextManagerUp', 'health-director as nextManagerUp']);
      deadlinePasses(j, 'discussion');
      assert.equal(j.stage, 'stage-4', 'both at Director: on to the Chair');
    });

    it('a gap left unnamed at stage 2 is never filled by relabelling: the waiting agency climbs from the person who kept the case', () => {
      const j = given(BSCP, withoutEscalationManager(testDirectory(), 'health'));
      deadlinePasses(j, 'resolve');
      deadlinePasses(j, 'resolve');
      deadlinePasses(j, 'discussion');
      assert.equal(j.stage, 'stage-3');
      assert.deepEqual(who(j), ['csc-director as nextManagerUp', 'health-seniorManager as nextManagerUp']);
      assert.ok(
        j.case.flags.some((f) => f.agencyId === 'health' && !f.resolvedAt),
        'the business office is still asked for the named escalation manager',
      );
    });
  });
});
