/** `escalate procedure show` reads back who a stage involves per side and who it only tells (#18 "Roles as data"). */
import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describeProcedure } from '../../src/cli/describe';
import { builtinProcedure } from '../../src/domain/procedure/builtin';
import { validateProcedure } from '../../src/domain/procedure/validate';
import { cli } from '../support/cli';

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

  it('reads a stage that names who is involved per side only, without an Involves line', () => {
    const raw = structuredClone(builtinProcedure('conflict-resolution-flowchart')!) as Record<string, any>;
    delete raw.stages[1].involves;
    raw.stages[1].involvement = { both: [{ lineManagerOf: 'practitioner' }] };
    const v = validateProcedure(raw);
    assert.ok(v.ok, v.ok ? '' : v.errors.join(' | '));
    const lines = describeProcedure(v.procedure);
    const at = lines.findIndex((l) => l.startsWith('Stage 2'));
    assert.equal(lines[at + 1], '    Each side: the professional’s own line manager');
    assert.ok(!lines.some((l) => /undefined/.test(l)));
  });

  it('adds nothing for a stage without them (the built-ins read as before)', () => {
    const p = builtinProcedure('conflict-resolution-flowchart')!;
    assert.ok(!describeProcedure(p).some((l) => /side:|Told, not involved/.test(l)));
  });
});

describe('procedure validate --directory: the roles a procedure names, against a directory (#18 "Roles as data")', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'escalate-roles-'));
  const file = (name: string, value: unknown) => {
    const p = path.join(dir, name);
    writeFileSync(p, typeof value === 'string' ? value : JSON.stringify(value));
    return p;
  };
  const procedure = () => {
    const raw = structuredClone(builtinProcedure('conflict-resolution-flowchart')!) as Record<string, any>;
    raw.id = 'riverside-escalation';
    raw.roles = [{ id: 'serviceManager', name: 'Service manager' }];
    raw.stages[1].involvement = {
      raising: [{ lineManagerOf: 'practitioner' }],
      receiving: [{ role: 'serviceManager' }],
    };
    return file('riverside.json', raw);
  };
  const directory = (roles: string, holder: string) =>
    file(
      `people-${roles.length}-${holder.length}.csv`,
      [
        'kind,id,name,agencyId,role,lineManagerId,nation,businessOfficeIds,roles',
        'partnership,p1,Riverside Partnership,,,,england-and-wales,bo1,',
        ...(roles ? [`role,${roles},Service manager,,,,,,`] : []),
        'agency,csc,Children’s Social Care,,,,,,',
        `person,sm1,Sam Service,csc,manager,,,,${holder}`,
        'person,bo1,Bo Office,csc,manager,,,,',
      ].join('\n'),
    );
  it('given a directory that holds the role, then it is OK', async () => {
    const r = await cli(
      'procedure',
      'validate',
      procedure(),
      '--directory',
      directory('serviceManager', 'serviceManager'),
    );
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^OK: /);
  });

  it('given a directory that does not define the role, then the stage’s path is named', async () => {
    const r = await cli('procedure', 'validate', procedure(), '--directory', directory('', ''));
    assert.equal(r.code, 1);
    assert.match(
      r.err,
      /stages\[1\]\.involvement\.receiving\[0\]\.role: "serviceManager" is not a role of Riverside Partnership \(partnership\.roles in the directory\)/,
    );
  });

  it('given a role nobody holds, then it says the business office will be asked to name someone', async () => {
    const r = await cli('procedure', 'validate', procedure(), '--directory', directory('serviceManager', ''));
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /Note: nobody in the directory holds the role "serviceManager"/);
  });
});
