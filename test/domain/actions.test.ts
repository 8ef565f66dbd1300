/** DESIGN §8 "Agreed actions are followed up": owner and due date, a reminder before, overdue acted on; they survive. */
import { strict as assert } from 'node:assert';
import { dueItems, effectsOf, evolve, nextDueAt, openActions, type CaseState } from '../../src/domain/case';
import { types } from '../support/journey';
import { discussThenEscalate } from './helpers';
import { BSCP, EVIDENCE, FLOW, MON, raisedOn } from './rules';

const DUE = '2026-12-11T17:00:00.000Z'; // Friday
const withAction = {
  type: 'agreePlan' as const,
  text: 'Joint visit with timescales',
  actions: [{ text: 'Joint visit', ownerId: 'health-practitioner', dueAt: DUE }],
};

describe('agreed actions are followed up', () => {
  for (const p of [FLOW, BSCP]) {
    it(`${p.id}: "a mutually agreed plan of action, including timescales" — the owner is reminded a working day before (the partnership’s default), the business office told when overdue`, () => {
      assert.equal(p.rules.actions.isDefault, true);
      const j = raisedOn(p);
      j.when('health-practitioner', withAction, MON);
      const a = j.case.stage.actions[0]!;
      assert.equal(a.remindAt, '2026-12-10T17:00:00.000Z');
      assert.deepEqual(dueItems(j.case, new Date(a.remindAt)), [
        { kind: 'actionReminder', actionId: a.id, at: a.remindAt },
      ]);
      assert.deepEqual(types(j.system({ type: 'actionReminderDue', actionId: a.id }, a.remindAt)), [
        'ActionReminderSent',
      ]);
      j.refused('system', { type: 'actionOverdue', actionId: a.id }, a.remindAt, 'NOT_DUE');
      const before = j.case;
      const n = j.log.length;
      j.system({ type: 'actionOverdue', actionId: a.id }, DUE);
      const decided = j.log.slice(n);
      let s: CaseState = before;
      const effects = effectsOf({
        before,
        decided,
        states: decided.map((d) => (s = evolve(s, d))),
        procedure: p,
        firstSeq: n + 1,
      });
      assert.ok(effects.some((e) => e.kind === 'alert' && e.reason === 'actionOverdue'));
      assert.ok(effects.some((e) => e.kind === 'notify' && e.to === 'health-practitioner'));
    });
  }

  it('seed 000 "the case should be reviewed with agreed actions and timescales agreed": actions survive escalation, and their owners still complete them', () => {
    const j = raisedOn(FLOW);
    j.when('health-practitioner', withAction, MON);
    discussThenEscalate(j, 'csc-practitioner', MON, EVIDENCE);
    j.when('csc-manager', { type: 'approveOutcome' }, MON);
    assert.equal(j.stage, 'stage-2');
    assert.deepEqual(
      openActions(j.case).map((a) => a.text),
      ['Joint visit'],
    );
    j.when('health-practitioner', { type: 'completeAction', actionId: 'a1' }, MON);
    assert.equal(openActions(j.case).length, 0);
  });

  it('seed 002: a resolved case with open actions stays "resolved", is still swept, and the business office can close them with a reason', () => {
    const j = raisedOn(BSCP);
    j.when(
      'health-practitioner',
      {
        type: 'proposeResolution',
        summary: 'Agreed',
        actions: [{ text: 'Send chronology', ownerId: 'csc-practitioner', dueAt: DUE }],
      },
      MON,
    );
    j.when('csc-practitioner', { type: 'agreeResolution' }, MON);
    assert.equal(j.case.status, 'resolved');
    assert.equal(nextDueAt(j.case), '2026-12-10T17:00:00.000Z');
    j.system({ type: 'actionReminderDue', actionId: 'a1' }, '2026-12-10T17:00:00.000Z');
    j.refused('health-practitioner', { type: 'recordLearningPoints', text: 'x' }, MON, 'CASE_CLOSED');
    j.refused('bo-1', { type: 'closeActions', reason: '' }, MON, 'INVALID_INPUT');
    j.when('bo-1', { type: 'closeActions', reason: 'Done outside the case' }, MON);
    assert.equal(openActions(j.case).length, 0);
    assert.equal(nextDueAt(j.case), null);
  });
});
