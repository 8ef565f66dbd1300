/** Directory files: the demo directory, CSV and JSON imports, row-by-row errors with line numbers. */
import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { directoryCsv, parseDirectoryCsv } from '../../src/app/directoryCsv';
import { demoDirectory, parseDirectory } from '../../src/app/directoryFile';
import { runCli } from '../../src/cli/run';

const HEADER =
  'kind,id,name,agencyId,role,lineManagerId,email,escalationManagerId,headOfServiceId,directorId,nation,businessOfficeIds,strategicLeadIds,chairId';
const GOOD = [
  HEADER,
  'partnership,p1,Test Partnership,,,,,,,,england-and-wales,bo1,,',
  'agency,csc,Children’s Social Care,,,,,hos1,hos1,dir1,,,,',
  'person,dir1,Dee Director,csc,director,,,,,,,,,',
  'person,hos1,Hal Head,csc,headOfService,dir1,,,,,,,,',
  'person,pr1,Pat Practitioner,csc,practitioner,hos1,pat@example.org,,,,,,,',
  'agency,office,Partnership office,,,,,,,,,,,',
  'person,bo1,Bo Office,office,manager,,,,,,,,,',
].join('\n');

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('directory files', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'escalate-dir-'));
  const file = (name: string, text: string) => {
    const p = path.join(dir, name);
    writeFileSync(p, text);
    return p;
  };

  it('ships a valid demo directory: three agencies with full lines, a business office, a lead and a Chair', () => {
    const d = demoDirectory();
    assert.equal(d.partnership.id, 'demo');
    for (const a of ['csc', 'health', 'police']) {
      const agency = d.agencies.find((x) => x.id === a)!;
      assert.ok(agency.escalationManagerId && agency.headOfServiceId && agency.directorId, a);
      assert.deepEqual(
        new Set(d.people.filter((p) => p.agencyId === a).map((p) => p.role)),
        new Set(['practitioner', 'manager', 'seniorManager', 'headOfService', 'director']),
      );
    }
    assert.equal(d.partnership.businessOfficeIds.length, 2);
    assert.ok(d.partnership.chairId);
  });

  it('reads a CSV directory', () => {
    const r = parseDirectoryCsv(GOOD);
    assert.ok(r.ok, r.ok ? '' : r.errors.join('; '));
    if (r.ok) {
      assert.equal(r.directory.people.length, 4);
      assert.equal(r.directory.people.find((p) => p.id === 'pr1')?.lineManagerId, 'hos1');
      assert.deepEqual(r.directory.partnership.businessOfficeIds, ['bo1']);
    }
  });

  it('names the line of every bad row', () => {
    const bad = GOOD.replace(
      'person,pr1,Pat Practitioner,csc,practitioner,hos1',
      'person,pr1,Pat Practitioner,csc,intern,hos1',
    ).replace('agency,office,', 'team,office,');
    const r = parseDirectoryCsv(bad);
    assert.equal(r.ok, false);
    const errors = r.ok ? [] : r.errors;
    assert.ok(
      errors.some((e) => /^line 6: role must be one of/.test(e)),
      errors.join('; '),
    );
    assert.ok(
      errors.some((e) => /^line 7: kind must be/.test(e)),
      errors.join('; '),
    );
    const dangling = parseDirectoryCsv(
      GOOD.replace('pr1,Pat Practitioner,csc,practitioner,hos1', 'pr1,Pat Practitioner,csc,practitioner,p99'),
    );
    assert.ok(
      !dangling.ok && dangling.errors.some((e) => /^line 6: lineManagerId: "p99" is not a person/.test(e)),
    );
    const loop = parseDirectoryCsv(
      GOOD.replace('person,dir1,Dee Director,csc,director,,', 'person,dir1,Dee Director,csc,director,pr1,'),
    );
    assert.ok(!loop.ok && loop.errors.some((e) => /loops back/.test(e)));
  });

  it('checks JSON directories the same way', () => {
    const d = demoDirectory();
    const broken = { ...d, people: [...d.people, { ...d.people[0]!, id: d.people[1]!.id }] };
    const r = parseDirectory(broken);
    assert.ok(!r.ok && r.errors.some((e) => /duplicate id/.test(e)));
  });

  it('round-trips an agency’s case reference format through CSV; files without the columns still load (issue #17)', async () => {
    const d = demoDirectory();
    const csc = d.agencies.find((a) => a.id === 'csc')!;
    assert.equal(csc.referencePattern, '^CSC/\\d{4}/\\d{4}$');
    const back = parseDirectoryCsv(directoryCsv(d));
    assert.ok(back.ok, back.ok ? '' : back.errors.join('; '));
    assert.deepEqual(back.directory, d);
    const withFormat = GOOD.replace(
      HEADER,
      `${HEADER},referencePattern,referenceFormat,referenceExample`,
    ).replace(
      'agency,csc,Children’s Social Care,,,,,hos1,hos1,dir1,,,,',
      'agency,csc,Children’s Social Care,,,,,hos1,hos1,dir1,,,,,"^CSC/\\d{4}/\\d{4}$",CSC/ then the year then 4 digits,CSC/2026/1234',
    );
    const r = parseDirectoryCsv(withFormat);
    assert.ok(r.ok, r.ok ? '' : r.errors.join('; '));
    assert.deepEqual(
      [r.directory.agencies[0]!.referencePattern, r.directory.agencies[0]!.referenceExample],
      ['^CSC/\\d{4}/\\d{4}$', 'CSC/2026/1234'],
    );
    assert.equal(r.directory.agencies[1]!.referencePattern, undefined);
    const shown = await cli('directory', 'validate', file('formats.csv', withFormat));
    assert.equal(shown.code, 0, shown.err);
    assert.match(
      shown.out,
      /Children’s Social Care: case references CSC\/ then the year then 4 digits, for example CSC\/2026\/1234\n {2}other agencies: the default rule/,
    );
  });

  it('names the agency, the field and the line of a bad reference format (issue #17)', () => {
    const bad = (pattern: string, example = 'CSC/2026/1234') =>
      parseDirectoryCsv(
        GOOD.replace(HEADER, `${HEADER},referencePattern,referenceFormat,referenceExample`).replace(
          'agency,csc,Children’s Social Care,,,,,hos1,hos1,dir1,,,,',
          `agency,csc,Children’s Social Care,,,,,hos1,hos1,dir1,,,,,"${pattern}",CSC/ then 4 digits,${example}`,
        ),
      );
    const errorsOf = (r: ReturnType<typeof parseDirectoryCsv>) => (r.ok ? [] : r.errors);
    assert.deepEqual(errorsOf(bad('^CSC/(\\d{4}$')), [
      'line 3: referencePattern: Children’s Social Care (csc): "^CSC/(\\d{4}$" is not a valid pattern (a JavaScript regular expression)',
    ]);
    assert.deepEqual(errorsOf(bad('CSC.*')), [
      'line 3: referencePattern: Children’s Social Care (csc): it would accept a name ("CSC/2026/1234 Lily Brown"): start it with ^ and end it with $, and allow only the agency’s own format',
    ]);
    const json = parseDirectory({
      ...demoDirectory(),
      agencies: demoDirectory().agencies.map((a) =>
        a.id === 'csc' ? { ...a, referencePattern: '\\d+' } : a,
      ),
    });
    assert.deepEqual(json.ok ? [] : json.errors, [
      'agencies[0].referencePattern: Children\'s Social Care (csc): it would accept a name ("Lily Brown 2026"): start it with ^ and end it with $, and allow only the agency’s own format',
    ]);
  });

  it('validates from the command line, and refuses to import without a Cosmos account', async () => {
    const ok = await cli('directory', 'validate', file('good.csv', GOOD));
    assert.equal(ok.code, 0);
    assert.match(ok.out, /OK: Test Partnership: 2 agencies, 4 people/);
    assert.match(ok.out, /case references: the default rule/);
    const bad = await cli(
      'directory',
      'validate',
      file('bad.csv', GOOD.replace('england-and-wales', 'wales')),
    );
    assert.equal(bad.code, 1);
    assert.match(bad.err, /line 2: nation must be one of/);
    const saved = process.env.COSMOS_ENDPOINT;
    delete process.env.COSMOS_ENDPOINT;
    try {
      const imp = await cli('directory', 'import', file('good2.csv', GOOD));
      assert.equal(imp.code, 1);
      assert.match(imp.err, /set COSMOS_ENDPOINT/);
    } finally {
      if (saved !== undefined) process.env.COSMOS_ENDPOINT = saved;
    }
  });
});
