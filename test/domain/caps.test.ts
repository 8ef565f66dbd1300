/** Case growth limits: what people can add to one case is capped; the scheduler is never refused. */
import { strict as assert } from 'node:assert';
import {
  CASE_LIMITS,
  decide,
  dueItems,
  nextDueAt,
  SYSTEM,
  type Command,
  type Decided,
} from '../../src/domain/case';
import { growthOf } from '../../src/domain/case/limits';
import { builtinProcedure } from '../../src/domain/procedure/builtin';
import { testDirectory } from '../support/directory';
import { Journey, raiseCommand, types } from '../support/journey';

const P = builtinProcedure('conflict-resolution-flowchart')!;
const MON = '2026-12-07T10:00:00.000Z';
const L = CASE_LIMITS;

function raised(): Journey {
  const j = new Journey(P, testDirectory());
  j.when('csc-practitioner', raiseCommand(P.id), MON);
  return j;
}

/** A person at the current stage (not a supporter), and a moment just after the stage began. */
function actor(j: Journey): { by: string; at: string; people: string[] } {
  const people = j.case.stage.participants.filter((p) => p.as !== 'supporter').map((p) => p.personId);
  const at = new Date(new Date(j.case.stage.enteredAt).getTime() + 60_000).toISOString();
  return { by: people[0]!, at, people };
}

/** A discussion recorded by e-mail: it is kept but meets no clock, so the stage's deadlines still run. */
function discussion(j: Journey, summary = 'Exchanged e-mails about the plan.'): Command {
  const { at, people } = actor(j);
  return {
    type: 'recordDiscussion',
    heldAt: at,
    method: 'email',
    attendeeIds: people,
    summary,
    outcome: 'unresolved',
  };
}

const action = (j: Journey, i: number): Command => ({
  type: 'addAction',
  text: `Action ${i}`,
  ownerId: actor(j).by,
  dueAt: '2027-06-30T16:00:00.000Z',
});

function repeat(j: Journey, n: number, command: (i: number) => Command): void {
  const { by, at } = actor(j);
  for (let i = 0; i < n; i++) j.when(by, command(i), at);
}

/** What the sweep does: the earliest open deadline that escalates passes. */
function deadlinePasses(j: Journey) {
  const k = j.case.stage.clocks
    .filter((c) => c.onPass === 'escalate' && c.dueAt && !c.metAt && !c.passedAt)
    .sort((a, b) => (a.dueAt! < b.dueAt! ? -1 : 1))[0]!;
  return j.system({ type: 'clockPassed', clockId: k.clockId }, k.dueAt!);
}

describe('case growth limits (CASE_FULL)', () => {
  describe('discussions', () => {
    it(`refuse the ${L.discussionsPerStage + 1}st discussion at one stage, saying what the limit is and what to do`, () => {
      const j = raised();
      repeat(j, L.discussionsPerStage, () => discussion(j));
      const { by, at } = actor(j);
      const e = j.refused(by, discussion(j), at, 'CASE_FULL');
      assert.match(e.message, /This stage already has 50 recorded discussions, the most one stage can hold/);
      assert.match(e.message, /Escalate the case .* or ask the business office for help\./);
    });

    it('still escalate automatically when the deadline passes at the cap, and the next stage can record again', () => {
      const j = raised();
      repeat(j, L.discussionsPerStage, () => discussion(j));
      assert.ok(types(deadlinePasses(j)).includes('StageEntered'));
      assert.equal(j.stage, 'stage-2');
      const { by, at } = actor(j);
      assert.deepEqual(types(j.when(by, discussion(j), at)), ['DiscussionRecorded']);
    });

    it(`refuse the ${L.discussionsPerCase + 1}st discussion of a case, even at a stage with room`, () => {
      const j = raised();
      const perStage = L.discussionsPerStage;
      for (let s = 0; s < L.discussionsPerCase / perStage; s++) {
        repeat(j, perStage, () => discussion(j));
        deadlinePasses(j); // stage-1 → stage-2 → stage-3 → stage-3 (level 2) → stage-4
      }
      assert.equal(j.stage, 'stage-4');
      const { by, at } = actor(j);
      const e = j.refused(by, discussion(j), at, 'CASE_FULL');
      assert.match(e.message, /This case already has 200 recorded discussions, the most one case can hold/);
      assert.match(e.message, /the case still escalates when its deadline passes/);
    });
  });

  describe('agreed actions', () => {
    it(`refuse the ${L.actionsPerStage + 1}st action at one stage`, () => {
      const j = raised();
      repeat(j, L.actionsPerStage, (i) => action(j, i));
      const { by, at } = actor(j);
      const e = j.refused(by, action(j, 99), at, 'CASE_FULL');
      assert.match(e.message, /This stage already has 50 agreed actions and can hold at most 50/);
    });

    it('refuse a plan whose actions would pass the stage limit, naming the actions field', () => {
      const j = raised();
      repeat(j, 40, (i) => action(j, i));
      const { by, at } = actor(j);
      const plan: Command = {
        type: 'agreePlan',
        text: 'Joint visit, then review.',
        actions: Array.from({ length: 11 }, (_, i) => ({
          text: `Plan action ${i}`,
          ownerId: by,
          dueAt: '2027-06-30T16:00:00.000Z',
        })),
      };
      const e = j.refused(by, plan, at, 'CASE_FULL');
      assert.match(e.message, /already has 40 agreed actions and can hold at most 50, so not 11 more/);
      assert.ok(e.fields.actions);
    });

    it(`refuse the ${L.actionsPerCase + 1}st action of a case`, () => {
      const j = raised();
      for (let s = 0; s < L.actionsPerCase / L.actionsPerStage; s++) {
        repeat(j, L.actionsPerStage, (i) => action(j, i));
        deadlinePasses(j);
      }
      assert.equal(j.stage, 'stage-4');
      const { by, at } = actor(j);
      const e = j.refused(by, action(j, 1), at, 'CASE_FULL');
      assert.match(e.message, /This case already has 200 agreed actions and can hold at most 200/);
    });
  });

  describe('text', () => {
    // 4,000 three-byte characters: 12,000 stored bytes each, so the case's text limit comes first
    const long = '€'.repeat(4000);

    it(`refuse text that would take a case past ${L.textBytesPerCase.toLocaleString('en-GB')} bytes, naming the field`, () => {
      const j = raised();
      const fits = Math.floor((L.textBytesPerCase - j.case.textBytes!) / 12_000);
      assert.equal(fits, 49);
      repeat(j, fits, () => discussion(j, long));
      const { by, at } = actor(j);
      const e = j.refused(by, discussion(j, long), at, 'CASE_FULL');
      assert.match(e.message, /already holds 588 KB of written text and this would take it past 600 KB/);
      assert.match(e.message, /Shorten what you wrote, or escalate the case/);
      assert.ok(e.fields.summary);
      assert.deepEqual(types(j.when(by, discussion(j, 'A short note.'), at)), ['DiscussionRecorded']);
    });

    it('never blocks moving the case on: escalation with evidence is still accepted on a case full of text', () => {
      const j = raised();
      const { by, at } = actor(j);
      j.when(by, { ...discussion(j, 'Call.'), method: 'telephone' } as Command, at); // escalating needs one that counts
      repeat(j, 49, () => discussion(j, long));
      j.refused(by, discussion(j, long), at, 'CASE_FULL');
      const evidence = `We have exchanged e-mails for weeks without agreement. ${'€'.repeat(3000)}`;
      assert.deepEqual(types(j.when(by, { type: 'requestEscalation', evidence }, at)), ['OutcomeProposed']);
    });

    it('counts text as it is stored, and keeps the running total in the case', () => {
      const j = raised();
      const before = j.case.textBytes!;
      const { by, at } = actor(j);
      j.when(by, discussion(j, 'Line one\nline "two"'), at); // 19 characters, 22 bytes as JSON
      assert.equal(j.case.textBytes, before + 22);
    });
  });

  describe('near the store’s item limit', () => {
    const ctx = (j: Journey, by: string, at: string, storedBytes: number) => ({
      now: new Date(at),
      by,
      procedure: P,
      directory: j.directory,
      storedBytes,
    });

    it('refuses people’s input that would take the stored document past 1.5 MB', () => {
      const j = raised();
      const { by, at } = actor(j);
      assert.ok(decide(j.state, discussion(j), ctx(j, by, at, 1_400_000)).length > 0);
      assert.throws(
        () => decide(j.state, discussion(j), ctx(j, by, at, L.storedBytesStop - 500)),
        (e: Error & { code?: string }) =>
          e.code === 'CASE_FULL' && /still escalates automatically/.test(e.message),
      );
    });

    it('still accepts what ends the case once (approval, withdrawal), and every scheduler command', () => {
      const j = raised();
      const { by, at } = actor(j);
      j.when(by, { ...discussion(j, 'Call.'), method: 'telephone' } as Command, at); // escalating needs one that counts
      j.when(
        by,
        { type: 'requestEscalation', evidence: 'Calls on 7 and 8 December; no agreement reached.' },
        at,
      );
      const full = L.storedBytesStop + 10_000;
      assert.throws(() => decide(j.state, discussion(j), ctx(j, by, at, full)), /nothing more can be added/);
      assert.ok(decide(j.state, { type: 'approveOutcome' }, ctx(j, 'csc-manager', at, full)).length > 0);
      const withdraw: Command = { type: 'withdraw', reason: 'Resolved by phone.' };
      assert.ok(decide(j.state, withdraw, ctx(j, 'csc-practitioner', at, full)).length > 0);
      const due = j.clock('plan').dueAt!;
      const passed = decide(
        j.state,
        { type: 'clockPassed', clockId: 'plan' },
        ctx(j, SYSTEM, due, 1_900_000),
      );
      // the escalation waiting for approval is kept (a passing deadline never drops a pending proposal)
      assert.ok(passed.some((d) => d.event.type === 'ClockPassed' && d.event.held === 'approval'));
    });
  });

  it('leaves the scheduler far more room than it needs: a whole procedure run by deadlines alone adds < 60 KB', () => {
    for (const id of ['conflict-resolution-flowchart', 'bscp-escalation-procedure']) {
      const j = new Journey(builtinProcedure(id)!, testDirectory());
      j.when('csc-practitioner', raiseCommand(id), MON);
      const automatic: Decided[] = [];
      for (let next = nextDueAt(j.case); next; next = nextDueAt(j.case)) {
        const item = dueItems(j.case, new Date(next))[0]!;
        assert.ok(item.kind !== 'actionReminder' && item.kind !== 'actionOverdue', 'nobody agreed actions');
        const command: Command =
          item.kind === 'cap'
            ? { type: 'capPassed' }
            : { type: item.kind === 'reminder' ? 'reminderDue' : 'clockPassed', clockId: item.clockId };
        const from = j.log.length;
        j.system(command, item.at);
        automatic.push(...j.log.slice(from));
      }
      // growthOf: each event twice (event and state) plus 1 KB for its envelope and messages
      assert.ok(growthOf(automatic) < 60_000, `${id}: ${growthOf(automatic)} bytes`);
      assert.ok(2_097_152 - L.storedBytesStop - 60_000 > 8 * growthOf(automatic));
    }
  });
});
