/** Seed 000, "Case / Conflict Resolution Flowchart": every rule the seed text carries. */
import { strict as assert } from 'node:assert';
import { effectsOf, evolve, SYSTEM, type CaseState } from '../../src/domain/case';
import { builtinProcedure } from '../../src/domain/procedure/builtin';
import { testDirectory, withoutLineManager } from '../support/directory';
import { Journey, raiseCommand, types } from '../support/journey';
import { discussion, discussThenEscalate } from './helpers';

const P = builtinProcedure('conflict-resolution-flowchart')!;
const MON = '2026-12-07T10:00:00.000Z'; // Monday 7 Dec 2026, 10:00 London (GMT)
const EVIDENCE = 'Telephone discussion on 7 Dec and a follow-up call on 8 Dec; no agreement on threshold.';

function raised(dir = testDirectory(), overrides = {}): Journey {
  const j = new Journey(P, dir);
  j.when('csc-practitioner', raiseCommand(P.id, overrides), MON);
  return j;
}

function toStage2(j: Journey, at = '2026-12-08T09:00:00.000Z'): void {
  discussThenEscalate(j, 'csc-practitioner', at, EVIDENCE);
  j.when('csc-manager', { type: 'approveOutcome' }, at);
}

describe('seed 000: Case / Conflict Resolution Flowchart', () => {
  describe('Stage 1 – professional to professional', () => {
    it('starts immediately between the people who disagree, with acknowledgement and plan due in 48 hours (2 working days)', () => {
      const j = raised();
      assert.equal(j.stage, 'stage-1');
      assert.deepEqual(j.holders(), ['csc-practitioner', 'health-practitioner']);
      assert.equal(j.case.stage.enteredAt, MON);
      for (const id of ['acknowledge', 'plan']) {
        assert.equal(j.clock(id).dueAt, '2026-12-09T10:00:00.000Z');
        assert.equal(j.clock(id).rule, '2 working days');
        assert.equal(j.clock(id).remindAt, '2026-12-08T10:00:00.000Z');
        assert.match(j.clock(id).wording, /within 48 hours \(2 working days\)/);
      }
    });

    it('counts 2 working days across Christmas and the Boxing Day substitute bank holiday', () => {
      const j = new Journey(P, testDirectory());
      j.when('csc-practitioner', raiseCommand(P.id), '2026-12-23T10:00:00.000Z');
      assert.equal(j.clock('plan').dueAt, '2026-12-29T10:00:00.000Z');
      assert.match(j.clock('plan').skipped, /Christmas/);
    });

    it('is acknowledged by the professional who received it, not by the one who raised it', () => {
      const j = raised();
      j.refused('csc-practitioner', { type: 'acknowledge' }, MON, 'NOT_ALLOWED');
      assert.deepEqual(types(j.when('health-practitioner', { type: 'acknowledge' }, MON)), [
        'Acknowledged',
        'ClockMet',
      ]);
      assert.ok(j.clock('acknowledge').metAt);
      assert.equal(j.clock('plan').metAt, null);
    });

    it('meets the plan clock when a mutually agreed plan with timescales is recorded', () => {
      const j = raised();
      const events = j.when(
        'health-practitioner',
        {
          type: 'agreePlan',
          text: 'Joint visit and strategy discussion',
          actions: [
            { text: 'Book joint visit', ownerId: 'csc-practitioner', dueAt: '2026-12-10T12:00:00.000Z' },
          ],
        },
        '2026-12-08T09:00:00.000Z',
      );
      // the agreed plan meets the plan clock and, as an act of the receiving side, the acknowledgement
      assert.deepEqual(types(events), ['PlanAgreed', 'ActionAdded', 'ClockMet', 'ClockMet']);
      assert.equal(j.case.stage.actions[0]!.ownerId, 'csc-practitioner');
    });

    it('lets a professional who needs support add a supporter', () => {
      const j = raised(testDirectory(), { supporterId: 'csc-supporter' });
      assert.ok(
        j.case.stage.participants.some((p) => p.personId === 'csc-supporter' && p.as === 'supporter'),
      );
    });
  });

  describe('rules for the whole procedure', () => {
    it('records an e-mail exchange but does not count it as the discussion a stage requires', () => {
      const j = raised();
      toStage2(j);
      const email = j.when(
        'csc-manager',
        {
          type: 'recordDiscussion',
          heldAt: '2026-12-08T11:00:00.000Z',
          method: 'email',
          attendeeIds: ['csc-manager', 'health-manager'],
          summary: 'E-mails exchanged',
          outcome: 'unresolved',
        },
        '2026-12-08T12:00:00.000Z',
      );
      assert.deepEqual(types(email), ['DiscussionRecorded']);
      assert.equal(j.case.stage.discussions[0]!.counts, false);
      assert.equal(j.clock('discussion').metAt, null);
      assert.match(P.stages[1]!.records.recordOnly[0]!.reason, /Escalation via e-mail is not recommended/);
      const phone = j.when(
        'health-manager',
        {
          type: 'recordDiscussion',
          heldAt: '2026-12-08T13:00:00.000Z',
          method: 'telephone',
          attendeeIds: ['csc-manager', 'health-manager'],
          summary: 'Call',
          outcome: 'planAgreed',
        },
        '2026-12-08T14:00:00.000Z',
      );
      assert.deepEqual(types(phone), ['DiscussionRecorded', 'ClockMet']);
    });

    it('refuses to move a case up a stage without evidence that all efforts were explored', () => {
      const j = raised();
      const e = j.refused(
        'csc-practitioner',
        { type: 'requestEscalation', evidence: '' },
        MON,
        'INVALID_INPUT',
      );
      assert.ok(e.fields.evidence);
      j.refused(
        'csc-practitioner',
        { type: 'requestEscalation', evidence: 'tried' },
        MON,
        'EVIDENCE_REQUIRED',
      );
      j.when('csc-practitioner', discussion(j), MON);
      const ok = j.when('csc-practitioner', { type: 'requestEscalation', evidence: EVIDENCE }, MON);
      assert.deepEqual(types(ok), ['OutcomeProposed']);
      assert.deepEqual(j.case.stage.pending?.approverIds, ['csc-manager']);
    });

    it('lets only the asked manager approve the move up', () => {
      const j = raised();
      discussThenEscalate(j, 'csc-practitioner', MON, EVIDENCE);
      j.refused('health-manager', { type: 'approveOutcome' }, MON, 'NOT_THE_APPROVER');
      j.refused('health-practitioner', { type: 'approveOutcome' }, MON, 'NOT_THE_APPROVER');
      j.when('csc-manager', { type: 'approveOutcome' }, MON);
      assert.equal(j.stage, 'stage-2');
    });
  });

  describe('Stage 2 – manager to manager', () => {
    it('goes to each professional’s own line manager, discussion and plan within 5 working days of stage 1', () => {
      const j = raised();
      toStage2(j, '2026-12-08T09:00:00.000Z');
      assert.deepEqual(j.holders(), ['csc-manager', 'health-manager']);
      assert.equal(j.clock('discussion').dueAt, '2026-12-15T09:00:00.000Z');
      assert.match(j.clock('discussion').wording, /within 5 working days of stage 1/);
    });

    it('reports a missing line manager to the business office instead of skipping the level', () => {
      const j = raised(withoutLineManager(testDirectory(), 'csc-practitioner'));
      discussThenEscalate(j, 'csc-practitioner', MON, EVIDENCE); // no approver: the business office names one
      assert.deepEqual(j.case.stage.pending?.approverIds, []);
      assert.equal(j.case.stage.pending?.awaitingApprover, true);
      j.refused('bo-1', { type: 'approveOutcome' }, MON, 'NOT_THE_APPROVER');
      j.when('bo-1', { type: 'nameApprover', personId: 'csc-seniorManager' }, MON);
      const events = j.when('csc-seniorManager', { type: 'approveOutcome' }, MON);
      assert.ok(types(events).includes('ManagerMissing'));
      assert.equal(j.stage, 'stage-2');
      assert.ok(
        j.holders().includes('csc-practitioner'),
        'the case stays with the practitioner until someone is assigned',
      );
      assert.equal(
        j.case.flags.filter((f) => !f.resolvedAt).length,
        1,
        'naming the approver settled its flag',
      );
      j.when('bo-1', { type: 'assignParticipant', agencyId: 'csc', personId: 'csc-seniorManager' }, MON);
      assert.ok(j.holders().includes('csc-seniorManager'));
    });
  });

  describe('Stage 3 – senior manager to senior manager, repeated up each organisation', () => {
    it('climbs one management level at a time, each level within 5 working days, until Director level', () => {
      const j = raised();
      toStage2(j, MON);
      discussThenEscalate(j, 'csc-manager', MON, EVIDENCE);
      j.when('csc-seniorManager', { type: 'approveOutcome' }, MON);
      assert.equal(j.stage, 'stage-3');
      assert.deepEqual(j.holders(), ['csc-seniorManager', 'health-seniorManager']);
      assert.equal(j.clock('discussion').dueAt, '2026-12-14T10:00:00.000Z');
      discussThenEscalate(j, 'health-seniorManager', MON, EVIDENCE);
      j.when('health-headOfService', { type: 'approveOutcome' }, MON);
      assert.equal(j.stage, 'stage-3#2');
      assert.deepEqual(j.holders(), ['csc-headOfService', 'health-headOfService']);
      discussThenEscalate(j, 'csc-headOfService', MON, EVIDENCE);
      j.when('csc-director', { type: 'approveOutcome' }, MON);
      assert.equal(j.stage, 'stage-4');
      assert.deepEqual(j.holders(), ['csc-director', 'health-director']);
    });
  });

  describe('Stage 4 – Director / Chief Executive', () => {
    it('needs a plan within 48 hours (2 working days) and records learning points', () => {
      const j = raised();
      j.system({ type: 'clockPassed', clockId: 'plan' }, '2026-12-09T10:00:00.000Z');
      j.system({ type: 'clockPassed', clockId: 'discussion' }, '2026-12-16T10:00:00.000Z');
      j.system({ type: 'clockPassed', clockId: 'discussion' }, '2026-12-23T10:00:00.000Z');
      j.system({ type: 'clockPassed', clockId: 'discussion' }, '2027-01-04T10:00:00.000Z');
      assert.equal(j.stage, 'stage-4');
      assert.equal(j.clock('plan').rule, '2 working days');
      j.refused(
        'csc-practitioner',
        { type: 'recordLearningPoints', text: 'x' },
        '2027-01-04T11:00:00.000Z',
        'NOT_ALLOWED',
      );
      j.when(
        'csc-director',
        { type: 'recordLearningPoints', text: 'Share threshold guidance' },
        '2027-01-04T11:00:00.000Z',
      );
      assert.equal(j.case.stage.learningPoints.length, 1);
    });

    it('does not take learning points at stage 1', () => {
      raised().refused(
        'csc-practitioner',
        { type: 'recordLearningPoints', text: 'x' },
        MON,
        'NOT_RECORDED_AT_THIS_STAGE',
      );
    });
  });

  describe('Stage 5 – partnership resolution', () => {
    it('refers to the Business Office, where a Strategic Lead offers mediation within 5 working days of notification', () => {
      const j = raised();
      j.system({ type: 'clockPassed', clockId: 'plan' }, '2026-12-09T10:00:00.000Z');
      for (const at of ['2026-12-16T10:00:00.000Z', '2026-12-23T10:00:00.000Z', '2027-01-04T10:00:00.000Z']) {
        j.system({ type: 'clockPassed', clockId: 'discussion' }, at);
      }
      discussThenEscalate(j, 'csc-director', '2027-01-05T09:00:00.000Z', EVIDENCE);
      assert.equal(j.stage, 'stage-5');
      assert.deepEqual(j.holders(), ['bo-1', 'bo-2', 'lead-1']);
      assert.equal(j.clock('mediation').dueAt, '2027-01-12T09:00:00.000Z');
      j.refused(
        'csc-director',
        { type: 'offerMediation', meetingAt: null },
        '2027-01-05T10:00:00.000Z',
        'NOT_ALLOWED',
      );
      assert.deepEqual(
        types(
          j.when(
            'lead-1',
            { type: 'offerMediation', meetingAt: '2027-01-08T10:00:00.000Z' },
            '2027-01-05T10:00:00.000Z',
          ),
        ),
        ['MediationOffered', 'ClockMet'],
      );
      j.when(
        'lead-1',
        { type: 'recordMediationOutcome', outcome: 'resolved', summary: 'Agreed way forward' },
        '2027-01-08T12:00:00.000Z',
      );
      assert.equal(j.case.status, 'resolved');
      j.refused('lead-1', { type: 'withdraw', reason: 'x' }, '2027-01-08T12:00:00.000Z', 'CASE_CLOSED');
    });

    it('lets the business office withdraw a case raised in error', () => {
      const j = raised();
      j.when('bo-1', { type: 'withdraw', reason: 'Raised in error' }, MON);
      assert.equal(j.case.status, 'withdrawn');
    });
  });

  describe('deadlines when nobody acts', () => {
    it('escalates automatically when the stage 1 deadline passes, and not before', () => {
      const j = raised();
      j.refused(SYSTEM, { type: 'clockPassed', clockId: 'plan' }, '2026-12-09T09:59:59.000Z', 'NOT_DUE');
      const events = j.system({ type: 'clockPassed', clockId: 'plan' }, '2026-12-09T10:00:00.000Z');
      assert.deepEqual(types(events), ['ClockPassed', 'EscalatedAutomatically', 'StageEntered']);
      assert.equal(j.stage, 'stage-2');
      assert.match(j.case.stage.enteredBecause, /deadline passed/);
    });

    it('sends a reminder one working day before, once', () => {
      const j = raised();
      j.system({ type: 'reminderDue', clockId: 'plan' }, '2026-12-08T10:00:00.000Z');
      j.refused(SYSTEM, { type: 'reminderDue', clockId: 'plan' }, '2026-12-08T10:01:00.000Z', 'NOT_DUE');
    });

    it('tells the business office on automatic escalation, with reference, stage and deadline only', () => {
      const j = raised();
      const before = j.case;
      const n = j.log.length;
      j.system({ type: 'clockPassed', clockId: 'plan' }, '2026-12-09T10:00:00.000Z');
      const decided = j.log.slice(n);
      let s: CaseState = before;
      const states = decided.map((d) => (s = evolve(s, d)));
      const effects = effectsOf({ before, decided, states, procedure: P, firstSeq: n + 1 });
      const alerts = effects.filter((e) => e.kind === 'alert');
      assert.ok(alerts.length >= 1);
      for (const a of alerts)
        assert.deepEqual(Object.keys(a).sort(), [
          'caseId',
          'dueAt',
          'kind',
          'nation', // for the deadline's wording; a nation is not about the case
          'reason',
          'reference',
          'seq',
          'stageLabel',
        ]);
      assert.deepEqual(
        alerts.map((a) => a.kind === 'alert' && a.reason),
        ['escalatedAutomatically'],
        'one alert for a missed deadline that escalated, not also "a deadline passed"',
      );
      assert.ok(
        effects.some((e) => e.kind === 'notify' && e.to === 'csc-manager' && e.reason === 'stageEntered'),
      );
    });
  });

  it('refuses people who are not involved', () => {
    raised().refused(
      'health-director',
      {
        type: 'recordDiscussion',
        heldAt: MON,
        method: 'telephone',
        attendeeIds: ['csc-practitioner'],
        summary: 'x',
        outcome: 'resolved',
      },
      MON,
      'NOT_A_PARTICIPANT',
    );
  });
});
