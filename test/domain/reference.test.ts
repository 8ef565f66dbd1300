/**
 * Case references are the agency's own, never a child's name (issue #17, "References": "The reference check is
 * shallow: 'Lily Brown' is refused but 'Lily-Brown' is accepted and sent to the other agency as 'Case Lily-Brown'.").
 * given a directory, when someone raises with a reference, then it is raised or refused on the reference field.
 */
import { strict as assert } from 'node:assert';
import type { Agency, Directory } from '../../src/domain/directory';
import { builtinProcedure } from '../../src/domain/procedure/builtin';
import { referenceFormatProblems, referenceHelp } from '../../src/domain/reference';
import { testDirectory } from '../support/directory';
import { Journey, raiseCommand } from '../support/journey';

const MON = '2026-12-07T10:00:00.000Z';
const P = builtinProcedure('conflict-resolution-flowchart')!;
const CSC_FORMAT = {
  referencePattern: '^CSC/\\d{4}/\\d{4}$',
  referenceFormat: 'CSC/ then the year then 4 digits',
  referenceExample: 'CSC/2026/1234',
};
/** The test directory, Children's Social Care with its own format. */
const withCscFormat = (d: Directory): Directory => ({
  ...d,
  agencies: d.agencies.map((a) => (a.id === 'csc' ? { ...a, ...CSC_FORMAT } : a)),
});
const DEFAULT_HELP =
  'Use your agency’s case reference: letters and digits as your agency’s system writes them, with at least one digit (- / _ . may separate them), for example ABC/2026/0042. Never a name.';
const CSC_HELP =
  'Use your agency’s case reference: CSC/ then the year then 4 digits, for example CSC/2026/1234. Never a name.';

interface Row {
  name: string;
  given: 'default rule' | 'CSC format';
  by: 'csc-practitioner' | 'health-practitioner';
  reference: string;
  then: string; // 'raised', or the message on the reference field
}

const rows: Row[] = [
  // the examples: a name, however it is joined, is refused
  ['a name with a space (refused before, still refused)', 'Lily Brown'],
  ['a name joined by a dash: the issue’s "Case Lily-Brown"', 'Lily-Brown'],
  ['a name joined by a dot, in lower case', 'lily.brown'],
  ['a name run together, with a year to look like a number', 'LilyBrown2026'],
  ['a name with a number after it', 'Lily-Brown-2026'],
  ['a surname in capitals, as case records often write them', 'BROWN-2026'],
  ['a capitalised short name', 'Amy/2026/1'],
  ['no digit at all', 'CSC-ABC'],
  ['starts with a separator (a spreadsheet would read it as a formula)', '-2026-1'],
]
  .map(([name, reference]): Row => ({
    name: name!,
    given: 'default rule',
    by: 'csc-practitioner',
    reference: reference!,
    then: DEFAULT_HELP,
  }))
  .concat(
    [
      ['children’s social care', 'CSC/2026/1234'],
      ['health, with dashes', 'NHS-123-456'],
      ['a MASH reference with underscores', 'MASH_2026_0042'],
      ['digits only', '2026/0042'],
      ['police, with a letter at the end', 'POL/26/1234A'],
      ['typed in lower case', 'csc/2026/1234'],
      ['a known code, capitalised', 'Ref/2026/17'],
      ['a known five-letter code', 'CAMHS-123'],
      ['initials and digits', 'LB-2026-1'],
    ].map(([name, reference]) => ({
      name: `a real reference: ${name}`,
      given: 'default rule' as const,
      by: 'csc-practitioner' as const,
      reference: reference!,
      then: 'raised',
    })),
  )
  .concat([
    {
      name: 'the agency’s format is met',
      given: 'CSC format',
      by: 'csc-practitioner',
      reference: 'CSC/2026/1234',
      then: 'raised',
    },
    {
      name: 'the agency’s format is not met: the message names the format',
      given: 'CSC format',
      by: 'csc-practitioner',
      reference: 'CSC/26/1234',
      then: CSC_HELP,
    },
    {
      name: 'a reference the default rule allows, but not the agency’s format',
      given: 'CSC format',
      by: 'csc-practitioner',
      reference: 'NHS-123-456',
      then: CSC_HELP,
    },
    {
      name: 'a name in the agency’s prefix and shape is still not its format',
      given: 'CSC format',
      by: 'csc-practitioner',
      reference: 'CSC/Lily/Brown',
      then: CSC_HELP,
    },
    {
      name: 'the raiser’s own agency decides: health has no format, so the default rule applies',
      given: 'CSC format',
      by: 'health-practitioner',
      reference: 'NHS-123-456',
      then: 'raised',
    },
  ]);

describe('a case reference is the agency’s own, never a name (issue #17)', () => {
  for (const row of rows) {
    it(`${row.given}, ${row.by}: ${row.name}: "${row.reference}" is ${row.then === 'raised' ? 'raised' : 'refused'}`, () => {
      const dir = row.given === 'CSC format' ? withCscFormat(testDirectory()) : testDirectory();
      const other = row.by === 'csc-practitioner' ? 'health-practitioner' : 'csc-practitioner';
      const command = raiseCommand(P.id, { reference: row.reference, otherProfessionalId: other });
      const j = new Journey(P, dir);
      if (row.then === 'raised') {
        const events = j.when(row.by, command, MON);
        assert.equal(events[0]?.type, 'CaseRaised');
        assert.equal(j.case.reference, row.reference);
      } else {
        const e = j.refused(row.by, command, MON, 'INVALID_INPUT');
        assert.deepEqual(e.fields, { reference: row.then });
      }
    });
  }

  it('the message names the format: the agency’s own, else the default one', () => {
    const csc = withCscFormat(testDirectory()).agencies.find((a) => a.id === 'csc');
    assert.equal(referenceHelp(csc), CSC_HELP);
    assert.equal(referenceHelp(undefined), DEFAULT_HELP);
  });
});

describe('an agency’s reference format is checked when the directory is loaded (issue #17)', () => {
  const agency = (format: Partial<Agency>): Agency => ({
    id: 'csc',
    name: 'Children’s Social Care',
    ...format,
  });
  const table: { name: string; given: Partial<Agency>; then: string[] }[] = [
    { name: 'no format: the default rule', given: {}, then: [] },
    { name: 'a good format', given: CSC_FORMAT, then: [] },
    {
      name: 'a pattern that does not compile',
      given: { ...CSC_FORMAT, referencePattern: '^CSC/(\\d{4}$' },
      then: ['referencePattern: "^CSC/(\\d{4}$" is not a valid pattern (a JavaScript regular expression)'],
    },
    {
      name: 'an unanchored pattern accepts a space-separated name around a number',
      given: { ...CSC_FORMAT, referencePattern: '\\d{4}' },
      then: ['referencePattern: it would accept a name ("Lily Brown 2026")'],
    },
    {
      name: 'a pattern with no end accepts a name after the reference',
      given: { ...CSC_FORMAT, referencePattern: '^CSC/\\d{4}/\\d{4}' },
      then: ['referencePattern: it would accept a name ("CSC/2026/1234 Lily Brown")'],
    },
    {
      name: 'a pattern of any letters accepts the issue’s "Lily-Brown"',
      given: { ...CSC_FORMAT, referencePattern: '^[A-Za-z/-]+[0-9]*$', referenceExample: 'CSC-1' },
      then: ['referencePattern: it would accept a name ("Lily-Brown")'],
    },
    {
      name: 'an example that does not fit the pattern',
      given: { ...CSC_FORMAT, referenceExample: 'CSC/26/1' },
      then: ['referenceExample: "CSC/26/1" does not fit the pattern'],
    },
    {
      name: 'a pattern without the words people are shown',
      given: { referencePattern: CSC_FORMAT.referencePattern },
      then: ['referenceFormat: is required', 'referenceExample: is required'],
    },
  ];
  for (const row of table)
    it(`${row.name}: ${row.then.length ? row.then.map((t) => t.split(':')[0]).join(', ') : 'accepted'}`, () => {
      const problems = referenceFormatProblems(agency(row.given)).map((p) => `${p.field}: ${p.problem}`);
      assert.equal(problems.length, row.then.length, problems.join('; '));
      row.then.forEach((t, i) => assert.ok(problems[i]!.startsWith(t), `${problems[i]} / ${t}`));
    });
});
