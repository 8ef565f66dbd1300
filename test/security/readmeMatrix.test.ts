/**
 * The README's role × action table is a copy of the policy table (PERMISSIONS): the markdown it should show
 * is drawn from the code, and must be the README's table block, cell for cell (rows in any order). So are its sentences about
 * the scheduler's commands, raising and reports.
 */
import { strict as assert } from 'node:assert';
import { CAPACITIES, PERMISSIONS } from '../../src/domain/case';
import { readFileSync } from 'node:fs';

const README = readFileSync('README.md', 'utf8');
/** The README's prose with line breaks folded, for its sentences. */
const PROSE = README.replace(/\s+/g, ' ');

const systemOnly = (caps: readonly string[]) => caps.length === 1 && caps[0] === 'system';

/** The table as the README should show it: a column per capacity a person can hold, a row per action of theirs. */
function expectedTable(): string {
  const columns = CAPACITIES.filter((c) => c !== 'system');
  const row = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [
    row(['action', ...columns]),
    `|---|${columns.map(() => ':-:').join('|')}|`,
    ...Object.entries(PERMISSIONS)
      .filter(([, caps]) => !systemOnly(caps))
      .map(([action, caps]) => row([action, ...columns.map((c) => (caps.includes(c) ? '✓' : ''))])),
  ].join('\n');
}

/** The README's table block: from its `| action |` header to the first line that is not a table row. */
function readmeTable(): string {
  const lines = README.split('\n');
  const start = lines.findIndex((l) => /^\|\s*action\s*\|/.test(l));
  assert.ok(start >= 0, 'the README has no role × action table');
  const end = lines.findIndex((l, i) => i > start && !l.startsWith('|'));
  return lines.slice(start, end < 0 ? undefined : end).join('\n');
}

describe('the README’s role × action table', () => {
  it('is the policy table (PERMISSIONS), cell for cell (rows in any order)', () => {
    // header and separator first, then the rows sorted: the order of rows is the README's to choose
    const sorted = (table: string) => {
      const [header, separator, ...rows] = table.split('\n');
      return [header, separator, ...rows.sort()].join('\n');
    };
    assert.equal(sorted(readmeTable()), sorted(expectedTable()));
  });

  it('names the scheduler’s commands as the only ones no person may send', () => {
    const m = /Deadlines and reminders \(([^)]*)\) can only come from the scheduler/.exec(PROSE);
    assert.ok(m, 'the README no longer says which commands only the scheduler may send');
    const named = [...m[1]!.matchAll(/`(\w+)`/g)].map((x) => x[1]!);
    const system = Object.entries(PERMISSIONS)
      .filter(([, caps]) => systemOnly(caps))
      .map(([action]) => action);
    assert.deepEqual(named.sort(), system.sort());
  });

  it('says who may raise and who may see reports', () => {
    assert.match(PROSE, /Anyone in the partnership's directory may raise a disagreement/);
    assert.match(PROSE, /reports are for the business office and the Chair/);
  });
});
