/** Roles as data (#18): a partnership defines its roles, people hold them in their agency; CSV and JSON carry them. */
import { strict as assert } from 'node:assert';
import { directoryCsv, parseDirectoryCsv } from '../../src/app/directoryCsv';
import { parseDirectory } from '../../src/app/directoryFile';
import { holdsRole, roleName } from '../../src/domain/directory';

const HEADER = 'kind,id,name,agencyId,role,lineManagerId,email,nation,businessOfficeIds,roles,description';
const WITH_ROLES = [
  HEADER,
  'partnership,p1,Test Partnership,,,,,england-and-wales,bo1,,',
  'role,serviceManager,Service manager,,,,,,,,Reviews the file for their agency',
  'role,dsl,Designated safeguarding lead,,,,,,,,',
  'agency,csc,Children’s Social Care,,,,,,,,',
  'person,sm1,Sam Service,csc,manager,,,,,serviceManager;dsl,',
  'person,pr1,Pat Practitioner,csc,practitioner,sm1,,,,,',
  'person,bo1,Bo Office,csc,manager,,,,,,',
].join('\n');

describe('roles as data in the directory (#18 "A partnership defines its roles (id, name, description)")', () => {
  it('given role rows and a roles column, when imported, then the partnership has the roles and people hold them', () => {
    const r = parseDirectoryCsv(WITH_ROLES);
    assert.ok(r.ok, r.ok ? '' : r.errors.join('; '));
    const d = r.directory;
    assert.deepEqual(d.partnership.roles, [
      { id: 'serviceManager', name: 'Service manager', description: 'Reviews the file for their agency' },
      { id: 'dsl', name: 'Designated safeguarding lead' },
    ]);
    const sam = d.people.find((p) => p.id === 'sm1')!;
    assert.deepEqual(sam.roles, ['serviceManager', 'dsl']);
    assert.ok(holdsRole(sam, 'serviceManager') && holdsRole(sam, 'manager'), 'a given role and the rank');
    assert.equal(d.people.find((p) => p.id === 'pr1')!.roles, undefined);
    assert.equal(roleName(d, 'serviceManager'), 'Service manager');
    assert.equal(roleName(d, 'headOfService'), 'Head of Service');
  });

  it('given a directory with roles, when exported and imported again (CSV and JSON), then nothing is lost', () => {
    const r = parseDirectoryCsv(WITH_ROLES);
    assert.ok(r.ok);
    const again = parseDirectoryCsv(directoryCsv(r.directory));
    assert.ok(again.ok, again.ok ? '' : again.errors.join('; '));
    assert.deepEqual(again.directory, r.directory);
    const json = parseDirectory(JSON.parse(JSON.stringify(r.directory)));
    assert.ok(json.ok, json.ok ? '' : json.errors.join('; '));
    assert.deepEqual(json.directory, r.directory);
  });

  it('given a person holding a role the partnership does not define, then the error names the line, the person and the field', () => {
    const r = parseDirectoryCsv(WITH_ROLES.replace('serviceManager;dsl', 'serviceManager;teamLead'));
    assert.ok(!r.ok);
    assert.deepEqual(r.errors, ['line 6: roles: Sam Service (sm1): no role "teamLead" in partnership.roles']);
  });

  it('given JSON with an unknown, a duplicate and a built-in role id, then each is named by its path', () => {
    const r = parseDirectoryCsv(WITH_ROLES);
    assert.ok(r.ok);
    const d = structuredClone(r.directory);
    d.partnership.roles!.push({ id: 'dsl', name: 'Again' }, { id: 'director', name: 'Director' });
    d.people[1]!.roles = ['nobody'];
    const bad = parseDirectory(d);
    assert.ok(!bad.ok);
    assert.deepEqual(bad.errors, [
      'partnership.roles[2].id: duplicate role "dsl"',
      'partnership.roles[3].id: "director" is a built-in role; choose another id',
      'people[1].roles: Pat Practitioner (pr1): no role "nobody" in partnership.roles',
    ]);
  });

  it('given a directory file in the format before roles, then it loads as before with no roles', () => {
    const r = parseDirectoryCsv(
      [
        'kind,id,name,agencyId,role,nation',
        'partnership,p1,P,,,england-and-wales',
        'agency,a,A,,,',
        'person,x,X,a,manager,',
      ].join('\n'),
    );
    assert.ok(r.ok, r.ok ? '' : r.errors.join('; '));
    assert.equal(r.directory.partnership.roles, undefined);
    assert.equal(r.directory.people[0]!.roles, undefined);
  });
});
