/**
 * `escalate audit verify` and `audit export`: a clean store verifies; each kind of tampering with one stored
 * event (changed text, deleted, reordered, truncated, state edited, case deleted) is found, with the first
 * broken event named. `procedure publish` and `directory export` use the same store.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { CaseDoc } from '../../src/app/caseDocument';
import { parseDirectoryCsv } from '../../src/app/directoryCsv';
import { demoDirectory } from '../../src/app/directoryFile';
import { ProcedureCatalog } from '../../src/app/procedures';
import { runCli } from '../../src/cli/run';
import { replay, toDecided } from '../../src/domain/case';
import { hashOf } from '../../src/domain/case/audit';
import { BUILTIN_PROCEDURES } from '../../src/domain/procedure/builtin';
import type { Store } from '../../src/store/cosmos';
import { testStore } from '../store/harness';
import { generateYear, type Generated } from '../support/yearOfCases';

describe('audit trail: export and verify (escalate audit …)', function () {
  this.timeout(120_000);
  let store: Store;
  let gen: Generated[];
  const dir = demoDirectory();

  async function cli(...argv: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(
      argv,
      { out: (s) => out.push(s), err: (s) => err.push(s) },
      {
        store: () => Promise.resolve({ ...store, close: () => Promise.resolve() }),
        partnershipId: 'demo',
        now: () => new Date('2027-01-10T12:00:00Z'),
      },
    );
    return { code, out: out.join('\n'), err: err.join('\n') };
  }

  const get = async (id: string) => (await store.cases.get<CaseDoc>(id))!;
  /** Tamper with a stored case directly (as someone with database access could), run verify, then restore it. */
  async function tampered(id: string, change: (d: CaseDoc) => void) {
    const original = await get(id);
    const copy = JSON.parse(JSON.stringify(original)) as CaseDoc;
    change(copy);
    await store.cases.replace(copy);
    try {
      return await cli('audit', 'verify');
    } finally {
      const now = await get(id);
      await store.cases.replace({ ...original, _etag: now._etag });
    }
  }

  before(async () => {
    store = await testStore();
    await store.directory.save(dir);
    gen = await generateYear(store, dir, { cases: 40, seed: 7, heads: true });
  });
  after(async () => {
    await store.close();
  });

  it('verifies every chain of an untouched store', async () => {
    const r = await cli('audit', 'verify');
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /checked 40 case\(s\), \d+ event\(s\)/);
    assert.match(r.out, /OK: every chain verified/);
  });

  it('finds changed text in one event, naming the case and the event', async () => {
    const id = gen[3]!.caseId;
    const r = await tampered(id, (d) => {
      (d.events[0]!.data as { summary: string }).summary = 'Something else entirely.';
    });
    assert.equal(r.code, 1);
    assert.match(r.out, new RegExp(`BROKEN case CSC/2026/0003 \\(${id}\\) at event 1: content changed`));
    assert.match(r.out, /1 case\(s\) FAILED/);
  });

  it('finds a deleted event', async () => {
    const id = gen[5]!.caseId;
    const r = await tampered(id, (d) => d.events.splice(2, 1));
    assert.equal(r.code, 1);
    assert.match(
      r.out,
      new RegExp(`\\(${id}\\) at event 4: expected event 3 here \\(deleted or reordered\\)`),
    );
  });

  it('finds reordered events', async () => {
    const id = gen[6]!.caseId;
    const r = await tampered(id, (d) => {
      const [a, b] = [d.events[1]!, d.events[2]!];
      d.events[1] = b;
      d.events[2] = a;
    });
    assert.equal(r.code, 1);
    assert.match(r.out, new RegExp(`\\(${id}\\) at event 3: expected event 2 here`));
  });

  it('finds an event rewritten with a recomputed hash (the chain links break after it)', async () => {
    const id = gen[7]!.caseId;
    const doc = await get(id);
    assert.ok(doc.events.length >= 3);
    const r = await tampered(id, (d) => {
      // rewrite event 1 and recompute its own hash, as a careful forger would
      const { hash: _h, ...body } = d.events[0]!;
      void _h;
      (body.data as { theme: string }).theme = 'Rewritten';
      d.events[0] = { ...body, hash: hashOf(body) };
    });
    assert.equal(r.code, 1);
    assert.match(r.out, new RegExp(`\\(${id}\\) at event 2: does not link to the event before it`));
  });

  it('finds a truncated log even when the state was rebuilt to match it (the head kept in the settings)', async () => {
    const id = gen[8]!.caseId;
    const doc = await get(id);
    const n = doc.events.length;
    assert.ok(n >= 4);
    const r = await tampered(id, (d) => {
      d.events = d.events.slice(0, n - 2);
      d.version = n - 2;
      d.state = replay(d.events.map(toDecided)) as CaseDoc['state'];
    });
    assert.equal(r.code, 1);
    assert.match(
      r.out,
      new RegExp(
        `\\(${id}\\) at event ${n - 1}: the log ends at event ${n - 2} but event ${n} was recorded: truncated`,
      ),
    );
  });

  it('finds a state edited outside the log', async () => {
    const id = gen[9]!.caseId;
    const r = await tampered(id, (d) => {
      d.state.reference = 'EDITED';
    });
    assert.equal(r.code, 1);
    assert.match(
      r.out,
      new RegExp(`\\(${id}\\) at event 0: the stored case state is not what its events say`),
    );
  });

  it('verifies again once the store is restored', async () => {
    const r = await cli('audit', 'verify', '--json');
    assert.equal(r.code, 0);
    const j = JSON.parse(r.out);
    assert.equal(j.cases, 40);
    assert.deepEqual(j.breaks, []);
  });

  it('exports one case as JSON lines: every event with who, when and what, chained', async () => {
    const g = gen[2]!;
    const r = await cli('audit', 'export', '--case', g.reference);
    assert.equal(r.code, 0, r.err);
    const rows = r.out.split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const doc = await get(g.caseId);
    assert.equal(rows.length, doc.events.length);
    rows.forEach((row, i) => {
      assert.equal(row.seq, i + 1);
      assert.equal(row.caseId, g.caseId);
      assert.equal(row.reference, g.reference);
      assert.ok(row.by && row.at && row.type && row.hash);
      if (i > 0) assert.equal(row.prevHash, rows[i - 1]!.hash);
    });
    assert.ok(!r.out.includes('Priya Shah'), 'people appear by directory id, not by name');
    assert.match(r.err, new RegExp(`exported ${rows.length} audit events`));
  });

  it('exports a period as CSV that parses back, with every event in the period and none outside it', async () => {
    const r = await cli('audit', 'export', '--from', '2026-03-01', '--to', '2026-03-31', '--format', 'csv');
    assert.equal(r.code, 0, r.err);
    const rows = parse<Record<string, string>>(r.out, { columns: true });
    let expected = 0;
    for (const g of gen)
      expected += (await get(g.caseId)).events.filter(
        (e) => e.at >= '2026-03-01T00:00:00.000Z' && e.at < '2026-03-31T23:00:00.000Z',
      ).length;
    assert.ok(expected > 0);
    assert.equal(rows.length, expected);
    for (const row of rows) {
      assert.ok(row.at! >= '2026-03-01T00:00:00.000Z' && row.at! < '2026-03-31T23:00:00.000Z');
      assert.doesNotThrow(() => JSON.parse(row.data!));
    }
  });

  it('needs --case or a period, and says so (exit 2)', async () => {
    assert.equal((await cli('audit', 'export')).code, 2);
    assert.equal((await cli('audit', 'export', '--case', 'X', '--from', '2026-01-01')).code, 2);
    assert.equal((await cli('audit', 'export', '--case', 'NOPE')).code, 1);
  });
});

describe('procedure publish and directory export (escalate …)', function () {
  this.timeout(60_000);
  let store: Store;
  const dir = demoDirectory();
  const tmp = mkdtempSync(path.join(tmpdir(), 'escalate-publish-'));

  async function cli(...argv: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(
      argv,
      { out: (s) => out.push(s), err: (s) => err.push(s) },
      {
        store: () => Promise.resolve({ ...store, close: () => Promise.resolve() }),
        partnershipId: 'demo',
        now: () => new Date('2027-01-10T12:00:00Z'),
      },
    );
    return { code, out: out.join('\n'), err: err.join('\n') };
  }

  before(async () => {
    store = await testStore();
    await store.directory.save(dir);
  });
  after(async () => {
    await store.close();
  });

  it('publishes a new version: new cases use it, open cases keep theirs, and it cannot be changed in place', async () => {
    const old = await generateYear(store, dir, { cases: 3, seed: 11 });
    const v2 = JSON.parse(JSON.stringify(BUILTIN_PROCEDURES[0])) as Record<string, any>;
    v2.version = 2;
    v2.stages[0].expected = 'Version 2 wording.';
    const file = path.join(tmp, 'v2.json');
    writeFileSync(file, JSON.stringify(v2));
    const r = await cli('procedure', 'publish', file, '--partnership', 'demo');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /published .* v2\) for partnership "demo"/);
    const catalog = new ProcedureCatalog(store.settings);
    assert.equal((await catalog.get('demo', v2.id))!.version, 2);
    for (const g of old.filter((x) => x.procedureId === v2.id))
      assert.equal((await store.cases.get<CaseDoc>(g.caseId))!.state.procedureVersion, 1);
    const fresh = await generateYear(store, dir, { cases: 8, seed: 12 });
    const mine = fresh.filter((x) => x.procedureId === v2.id);
    assert.ok(mine.length > 0);
    for (const g of mine) assert.equal((await store.cases.get<CaseDoc>(g.caseId))!.state.procedureVersion, 2);
    v2.stages[0].expected = 'Changed after publishing.';
    writeFileSync(file, JSON.stringify(v2));
    const again = await cli('procedure', 'publish', file);
    assert.equal(again.code, 1);
    assert.match(
      again.err,
      /already at version 2: a published procedure cannot be changed; publish version 3/,
    );
    assert.equal((await catalog.get('demo', v2.id, 2))!.stages[0]!.expected, 'Version 2 wording.');
  });

  it('refuses an invalid procedure, listing its problems', async () => {
    const bad = JSON.parse(JSON.stringify(BUILTIN_PROCEDURES[1])) as Record<string, any>;
    bad.version = 9;
    bad.stages[0].next = 'nowhere';
    const file = path.join(tmp, 'bad.json');
    writeFileSync(file, JSON.stringify(bad));
    const r = await cli('procedure', 'publish', file);
    assert.equal(r.code, 1);
    assert.match(r.err, /unknown stage "nowhere"/);
  });

  it('exports the directory, delegations included, as CSV that imports back to the same directory', async () => {
    const withAway = {
      ...dir,
      delegations: [
        { personId: dir.people[3]!.id, delegateId: dir.people[2]!.id, from: '2026-12-21', to: '2027-01-04' },
      ],
    };
    await store.directory.save(withAway);
    const csv = await cli('directory', 'export', '--format', 'csv');
    assert.equal(csv.code, 0, csv.err);
    const back = parseDirectoryCsv(csv.out);
    assert.ok(back.ok, JSON.stringify(!back.ok && back.errors));
    assert.deepEqual(back.directory, JSON.parse(JSON.stringify(withAway)));
    const json = await cli('directory', 'export');
    assert.deepEqual(JSON.parse(json.out), JSON.parse(JSON.stringify(withAway)));
    // an import without delegations (e.g. from HR) keeps the out-of-office arrangements
    await store.directory.save(dir);
    assert.deepEqual((await store.directory.load('demo'))!.delegations, withAway.delegations);
  });
});
