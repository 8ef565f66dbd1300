/**
 * Issue #18, "Roles as data": "A stage says who is involved per side (raising side, receiving side, both, the
 * partnership) by role, line manager of, next manager up (climbing), named escalation manager, or a partnership
 * role". A fictional partnership (Riverside) whose stage 2 reads: "the raising practitioner refers the matter to
 * their own line manager, while the receiving agency's service manager reviews the file".
 */
import { strict as assert } from 'node:assert';
import type { Directory } from '../../src/domain/directory';
import type { Procedure } from '../../src/domain/procedure/schema';
import { isPartnershipOnly } from '../../src/domain/case/flow';
import { chairStage } from '../../src/domain/procedure/order';
import { validateProcedure } from '../../src/domain/procedure/validate';
import { testDirectory } from '../support/directory';
import { Journey, raiseCommand } from '../support/journey';
import { FLOW, MON } from './rules';

function riverside(change: (raw: Record<string, any>) => void = () => {}): Procedure {
  const raw = structuredClone(FLOW) as Record<string, any>;
  raw.id = 'riverside-escalation';
  raw.roles = [{ id: 'serviceManager', name: 'Service manager', description: 'Reviews the file' }];
  raw.stages[1].involvement = {
    raising: [{ lineManagerOf: 'practitioner' }],
    receiving: [{ role: 'serviceManager' }],
  };
  change(raw);
  const v = validateProcedure(raw);
  assert.ok(v.ok, v.ok ? '' : v.errors.join(' | '));
  return v.procedure;
}

/** Hal Senior, two levels up the health practitioner's line, is Community Health's service manager. */
function directory(holder = 'health-seniorManager'): Directory {
  const dir = testDirectory();
  dir.partnership.roles = [{ id: 'serviceManager', name: 'Service manager' }];
  for (const p of dir.people) if (p.id === holder) p.roles = ['serviceManager'];
  return dir;
}

function atStage2(p: Procedure, dir = directory()): Journey {
  const j = new Journey(p, dir);
  j.when('csc-practitioner', raiseCommand(p.id), MON);
  const k = j.case.stage.clocks.find((c) => c.onPass === 'escalate' && c.dueAt)!;
  j.system({ type: 'clockPassed', clockId: k.clockId }, k.dueAt!);
  assert.equal(j.stage, 'stage-2');
  return j;
}

const who = (j: Journey) => j.case.stage.participants.map((p) => [p.personId, p.agencyId, p.role ?? p.as]);

describe('who is involved, per side (issue #18 "A stage says who is involved per side")', () => {
  it('given Riverside stage 2, when the case reaches it, then the raiser’s own line manager and the receiving agency’s service manager are involved', () => {
    const j = atStage2(riverside());
    assert.deepEqual(who(j), [
      ['csc-manager', 'csc', 'lineManagers'],
      ['health-seniorManager', 'health', 'serviceManager'],
    ]);
    assert.deepEqual(j.case.holders, { csc: 'csc-manager', health: 'health-seniorManager' });
    // the service manager acts for the receiving side: they can agree a resolution the raiser's manager proposes
    j.when('csc-manager', { type: 'proposeResolution', summary: 'A joint visit.', actions: [] }, MON);
    j.when('health-seniorManager', { type: 'agreeResolution' }, MON);
    assert.equal(j.case.status, 'resolved');
  });

  it('given a service manager outside the professional’s line, then the agency’s holder of the role is involved', () => {
    const dir = directory('none');
    dir.people.push({
      id: 'health-sm',
      name: 'Sol Service',
      agencyId: 'health',
      role: 'manager',
      roles: ['serviceManager'],
    });
    const j = atStage2(riverside(), dir);
    assert.deepEqual(who(j)[1], ['health-sm', 'health', 'serviceManager']);
  });

  it('given nobody in the agency holds the role, then the business office is asked to name someone and the professional keeps the case meanwhile', () => {
    const j = atStage2(riverside(), directory('none'));
    assert.deepEqual(who(j)[1], ['health-practitioner', 'health', 'professionals']);
    assert.deepEqual(
      j.case.stage.waitingFor?.map((w) => [w.agencyId, w.wanted]),
      [['health', 'Service manager of Community Health']],
    );
    j.when('bo-1', { type: 'assignParticipant', agencyId: 'health', personId: 'health-manager' }, MON);
    assert.equal(j.case.holders.health, 'health-manager');
    assert.deepEqual(
      who(j)[1],
      ['health-manager', 'health', 'serviceManager'],
      'named to stand as the service manager',
    );
  });

  it('given "both" and "partnership" lists, then each side gets its entries and the partnership role holders join', () => {
    const p = riverside((raw) => {
      raw.stages[1].involvement = {
        both: [{ professional: true }, { namedEscalationManager: true }],
        partnership: [{ partnershipRole: 'strategicLead' }],
      };
    });
    const j = atStage2(p);
    assert.deepEqual(who(j), [
      ['csc-practitioner', 'csc', 'professionals'],
      ['csc-headOfService', 'csc', 'escalationManager'],
      ['health-practitioner', 'health', 'professionals'],
      ['health-headOfService', 'health', 'escalationManager'],
      ['lead-1', 'partnership', 'strategicLead'],
    ]);
  });

  it('given "nextManagerUp" with the stage’s climb, then each side climbs its own line level by level as before', () => {
    const p = riverside((raw) => {
      raw.stages[2].involvement = { both: [{ nextManagerUp: true }] };
    });
    const j = atStage2(p);
    const k = j.case.stage.clocks.find((c) => c.onPass === 'escalate' && c.dueAt)!;
    j.system({ type: 'clockPassed', clockId: k.clockId }, k.dueAt!);
    assert.equal(j.stage, 'stage-3');
    // each side one level up its own line: csc from its line manager, health from its service manager
    assert.deepEqual(j.case.holders, { csc: 'csc-seniorManager', health: 'health-headOfService' });
  });

  it('given involvement alone (no involves list), then the stage validates and resolves the same people', () => {
    const j = atStage2(riverside((raw) => delete raw.stages[1].involves));
    assert.deepEqual(who(j), [
      ['csc-manager', 'csc', 'lineManagers'],
      ['health-seniorManager', 'health', 'serviceManager'],
    ]);
  });

  it('given a Chair stage said by involvement alone, then it is still the stage a case is referred to the Chair at', () => {
    const P = riverside((raw) => {
      const last = raw.stages[raw.stages.length - 1];
      delete last.involves;
      last.involvement = { partnership: [{ partnershipRole: 'independentChair' }] };
    });
    assert.equal(chairStage(P)?.id, FLOW.stages.at(-1)!.id);
    assert.equal(isPartnershipOnly(P.stages.at(-1)!), true);
    assert.equal(isPartnershipOnly(P.stages[1]!), false);
  });

  it('given both lists, then involvement decides, as it does who takes part', () => {
    const P = riverside((raw) => {
      raw.stages[1].involves = ['businessOffice']; // an older file's list, out of step with involvement
    });
    assert.equal(isPartnershipOnly(P.stages[1]!), false, 'the sides named in involvement take part');
    const Q = riverside((raw) => {
      const last = raw.stages[raw.stages.length - 1];
      last.involves = ['businessOffice'];
      last.involvement = { partnership: [{ partnershipRole: 'independentChair' }] };
    });
    assert.equal(chairStage(Q)?.id, FLOW.stages.at(-1)!.id);
  });

  it('given a stage without involvement, then the built-ins resolve exactly as before', () => {
    assert.ok(FLOW.stages.every((s) => s.involvement === undefined && s.notify.length === 0));
    assert.deepEqual(FLOW.roles, []);
  });
});

describe('involvement mistakes are named by path (issue #18 "The validator rejects each new construct’s mistakes")', () => {
  const errorsOf = (change: (raw: Record<string, any>) => void): string[] => {
    const raw = structuredClone(FLOW) as Record<string, any>;
    change(raw);
    const v = validateProcedure(raw);
    return v.ok ? [] : v.errors;
  };

  it('refuses an unknown role, a partnership role on a side, an agency role for the partnership and a person of an agency on the partnership side', () => {
    const errors = errorsOf((raw) => {
      raw.stages[1].involvement = {
        raising: [{ role: 'teamManager' }, { role: 'strategicLead' }],
        receiving: [{ partnershipRole: 'director' }],
        partnership: [{ lineManagerOf: 'practitioner' }],
      };
    });
    assert.deepEqual(errors, [
      'stages[1].involvement.raising[0].role: unknown role "teamManager" (declare it in roles, or use a built-in one)',
      'stages[1].involvement.raising[1].role: "strategicLead" is a partnership role; use partnershipRole',
      'stages[1].involvement.receiving[0].partnershipRole: "director" is held in an agency; use role under raising, receiving or both',
      'stages[1].involvement.partnership[0]: the partnership side takes partnership roles only ({ "partnershipRole": "<id>" }); a person of an agency belongs to raising, receiving or both',
    ]);
  });

  it('refuses a shape that is none of the entries, an empty involvement, and a role reusing a built-in id', () => {
    const errors = errorsOf((raw) => {
      raw.roles = [{ id: 'manager', name: 'Manager' }];
      raw.stages[1].involvement = { raising: [{ lineManagerOf: 'manager' }] };
      raw.stages[2].involvement = {};
    });
    assert.ok(
      errors.some((e) => /^stages\[1\]\.involvement\.raising\[0\]: must be one of/.test(e)),
      errors.join('\n'),
    );
    assert.ok(
      errors.some((e) => /^stages\[2\]\.involvement: must name who is involved/.test(e)),
      errors.join('\n'),
    );
    const neither = errorsOf((raw) => {
      delete raw.stages[1].involves;
    });
    assert.deepEqual(neither, [
      'stages[1].involves: must name who is involved (involves, or involvement per side)',
    ]);
    const declared = errorsOf((raw) => {
      raw.roles = [{ id: 'manager', name: 'Manager' }];
    });
    assert.deepEqual(declared, ['roles[0].id: "manager" is a built-in role; choose another id']);
  });
});
