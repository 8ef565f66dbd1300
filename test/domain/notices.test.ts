/**
 * Issue #18, "Roles as data": "and which roles are only notified (on entry, on a deadline, on closure), with what
 * minimal content" ("notified of all stage 2 alerts", "reported to the strategic director", "copy to the business
 * manager"). In the fictional Riverside procedure, stage 2 tells the partnership's business manager on entry and on
 * closure, and each agency's strategic director when a deadline passes; none of them takes part.
 */
import { strict as assert } from 'node:assert';
import { capacitiesOf, effectsOf, evolve, isAllowed, replay, type Effect } from '../../src/domain/case';
import type { Directory } from '../../src/domain/directory';
import type { Procedure } from '../../src/domain/procedure/schema';
import { validateProcedure } from '../../src/domain/procedure/validate';
import { testDirectory } from '../support/directory';
import { Journey, raiseCommand } from '../support/journey';
import { FLOW, MON } from './rules';

function riverside(): Procedure {
  const raw = structuredClone(FLOW) as Record<string, any>;
  raw.id = 'riverside-escalation';
  raw.roles = [
    { id: 'businessManager', name: 'Business manager' },
    { id: 'strategicDirector', name: 'Strategic director' },
  ];
  raw.stages[1].notify = [
    { partnershipRole: 'businessManager', on: ['entry', 'closure'] },
    { role: 'strategicDirector', on: ['deadline'] },
    { role: 'manager', on: ['entry'] }, // the line managers take part at stage 2: told as participants, not twice
  ];
  const v = validateProcedure(raw);
  assert.ok(v.ok, v.ok ? '' : v.errors.join(' | '));
  return v.procedure;
}

function directory(): Directory {
  const dir = testDirectory();
  dir.partnership.roles = [
    { id: 'businessManager', name: 'Business manager' },
    { id: 'strategicDirector', name: 'Strategic director' },
  ];
  dir.people.push({
    id: 'pm-1',
    name: 'Pip Manager',
    agencyId: 'partnership',
    role: 'manager',
    roles: ['businessManager'],
  });
  for (const p of dir.people)
    if (p.role === 'director' && p.agencyId !== 'partnership') p.roles = ['strategicDirector'];
  return dir;
}

/** What the command run by `act` implies (effects of the events it added to the log). */
function effectsOfStep(j: Journey, p: Procedure, act: () => void): Effect[] {
  const n = j.log.length;
  act();
  const decided = j.log.slice(n);
  let s = replay(j.log.slice(0, n));
  const before = s.status === 'none' ? null : s;
  return effectsOf({
    before,
    decided,
    states: decided.map((d) => (s = evolve(s, d)) as never),
    procedure: p,
    firstSeq: n + 1,
  });
}

const notices = (effects: Effect[]) =>
  effects.flatMap((e) => (e.kind === 'notice' ? [[e.to, e.reason, e.stageLabel]] : []));

function escalateOnDeadline(j: Journey): void {
  const k = j.case.stage.clocks
    .filter((c) => c.onPass === 'escalate' && c.dueAt && !c.metAt && !c.passedAt)
    .sort((a, b) => (a.dueAt! < b.dueAt! ? -1 : 1))[0]!;
  j.system({ type: 'clockPassed', clockId: k.clockId }, k.dueAt!);
}

describe('roles only notified (issue #18 "which roles are only notified (on entry, on a deadline, on closure)")', () => {
  const p = riverside();

  it('given Riverside stage 2, when the case enters it, then the business manager gets a notice with reference, stage and deadline only', () => {
    const j = new Journey(p, directory());
    j.when('csc-practitioner', raiseCommand(p.id), MON);
    const effects = effectsOfStep(j, p, () => escalateOnDeadline(j));
    assert.equal(j.stage, 'stage-2');
    assert.deepEqual(notices(effects), [['pm-1', 'stageEntered', 'Stage 2']]);
    const notice = effects.find((e) => e.kind === 'notice')!;
    assert.deepEqual(Object.keys(notice).sort(), [
      'caseId',
      'dueAt',
      'kind',
      'nation',
      'reason',
      'reference',
      'seq',
      'stageLabel',
      'to',
    ]);
    assert.ok(notice.kind === 'notice' && notice.dueAt, 'the stage’s next deadline');
    // they are not told as participants, and the stage records who is told
    assert.ok(!effects.some((e) => e.kind === 'notify' && e.to === 'pm-1'));
    assert.deepEqual(j.case.stage.notified, [
      { personId: 'pm-1', role: 'businessManager', on: ['entry', 'closure'] },
      { personId: 'csc-director', role: 'strategicDirector', on: ['deadline'] },
      { personId: 'health-director', role: 'strategicDirector', on: ['deadline'] },
    ]);
  });

  it('given the business manager is away when stage 2 begins, then their delegate is told instead, and the stage records for whom', () => {
    const dir = directory();
    dir.people.push({ id: 'pm-2', name: 'Pat Deputy', agencyId: 'partnership', role: 'manager' });
    // escalation on the stage 1 deadline happens in the week after MON
    dir.delegations = [{ personId: 'pm-1', delegateId: 'pm-2', from: '2026-12-07', to: '2026-12-31' }];
    const j = new Journey(p, dir);
    j.when('csc-practitioner', raiseCommand(p.id), MON);
    const effects = effectsOfStep(j, p, () => escalateOnDeadline(j));
    assert.equal(j.stage, 'stage-2');
    assert.deepEqual(notices(effects), [['pm-2', 'stageEntered', 'Stage 2']]);
    assert.deepEqual(j.case.stage.notified?.[0], {
      personId: 'pm-2',
      role: 'businessManager',
      on: ['entry', 'closure'],
      actingFor: 'pm-1',
    });
    assert.equal(isAllowed('view', capacitiesOf(j.case, 'pm-2', dir, p)), false, 'told, not involved');
  });

  it('given someone only notified, then they cannot view the case nor act on it', () => {
    const j = new Journey(p, directory());
    j.when('csc-practitioner', raiseCommand(p.id), MON);
    escalateOnDeadline(j);
    assert.equal(isAllowed('view', capacitiesOf(j.case, 'pm-1', directory(), p)), false);
    assert.equal(isAllowed('view', capacitiesOf(j.case, 'health-director', directory(), p)), false);
    j.refused('pm-1', { type: 'acknowledge' }, MON, 'NOT_A_PARTICIPANT');
  });

  it('given a deadline passes at stage 2, then each agency’s strategic director gets a notice, and the business manager does not', () => {
    const j = new Journey(p, directory());
    j.when('csc-practitioner', raiseCommand(p.id), MON);
    escalateOnDeadline(j);
    const effects = effectsOfStep(j, p, () => escalateOnDeadline(j));
    assert.deepEqual(notices(effects), [
      ['csc-director', 'deadlinePassed', 'Stage 2'],
      ['health-director', 'deadlinePassed', 'Stage 2'],
    ]);
  });

  it('given the case closes after stage 2, then the business manager is told it closed', () => {
    const j = new Journey(p, directory());
    j.when('csc-practitioner', raiseCommand(p.id), MON);
    escalateOnDeadline(j);
    j.when('csc-manager', { type: 'proposeResolution', summary: 'A joint visit.', actions: [] }, MON);
    const effects = effectsOfStep(j, p, () => j.when('health-manager', { type: 'agreeResolution' }, MON));
    assert.equal(j.case.status, 'resolved');
    assert.deepEqual(notices(effects), [['pm-1', 'closed', 'Stage 2']]);
    // a closed case has no deadline running: none is shown (the stage's clocks stopped with it)
    for (const e of effects)
      if (e.kind === 'notice' || e.kind === 'alert') assert.equal(e.dueAt, null, `${e.kind} ${e.reason}`);
    assert.ok(effects.some((e) => e.kind === 'alert' && e.reason === 'closed'));
  });

  it('refuses a notify rule naming no role, both, an unknown role or no moment, by path', () => {
    const raw = structuredClone(FLOW) as Record<string, any>;
    raw.stages[1].notify = [
      { on: ['entry'] },
      { role: 'nobody', on: ['entry'] },
      { partnershipRole: 'strategicLead', on: [] },
      { role: 'businessOffice', on: ['closure'] },
    ];
    const v = validateProcedure(raw);
    assert.ok(!v.ok);
    assert.deepEqual(v.errors, [
      'stages[1].notify[0]: must give exactly one of role, partnershipRole',
      'stages[1].notify[2].on: must say when: entry, deadline and/or closure',
      'stages[1].notify[1].role: unknown role "nobody" (declare it in roles, or use a built-in one)',
      'stages[1].notify[3].role: "businessOffice" is a partnership role; use partnershipRole',
    ]);
  });
});
