/** `escalate procedure show` reads back who a stage involves per side and who it only tells (#18 "Roles as data"). */
import { strict as assert } from 'node:assert';
import { describeProcedure } from '../../src/cli/describe';
import { builtinProcedure } from '../../src/domain/procedure/builtin';
import { validateProcedure } from '../../src/domain/procedure/validate';

describe('procedure show: involvement per side and notified roles', () => {
  it('reads them back in words, under the stage', () => {
    const raw = structuredClone(builtinProcedure('conflict-resolution-flowchart')!) as Record<string, any>;
    raw.roles = [
      { id: 'serviceManager', name: 'service manager' },
      { id: 'businessManager', name: 'business manager' },
    ];
    raw.stages[1].involvement = {
      raising: [{ lineManagerOf: 'practitioner' }],
      receiving: [{ role: 'serviceManager' }],
      partnership: [{ partnershipRole: 'strategicLead' }],
    };
    raw.stages[1].notify = [
      { partnershipRole: 'businessManager', on: ['entry', 'closure'] },
      { role: 'director', on: ['deadline'] },
    ];
    const v = validateProcedure(raw);
    assert.ok(v.ok, v.ok ? '' : v.errors.join(' | '));
    const lines = describeProcedure(v.procedure);
    const at = lines.findIndex((l) => l.startsWith('Stage 2'));
    assert.deepEqual(lines.slice(at + 2, at + 7), [
      '    Raising side: the professional’s own line manager',
      '    Receiving side: the service manager',
      '    Partnership: the Strategic Lead',
      '  Told, not involved (reference, stage and deadline only): the business manager, when a case reaches the stage, when the case closes',
      '  Told, not involved (reference, stage and deadline only): the Director / Chief Executive of each agency, when a deadline passes',
    ]);
  });

  it('adds nothing for a stage without them (the built-ins read as before)', () => {
    const p = builtinProcedure('conflict-resolution-flowchart')!;
    assert.ok(!describeProcedure(p).some((l) => /side:|Told, not involved/.test(l)));
  });
});
