/**
 * The business office report over a realistic year of cases (weekends, bank holidays, missed deadlines),
 * checked against figures the test computes on its own: from the generator's log and the audit events,
 * never from the case state the report reads.
 */
import { strict as assert } from 'node:assert';
import { parse } from 'csv-parse/sync';
import { demoDirectory } from '../../src/app/directoryFile';
import { bankHolidays, londonDate } from '../../src/domain/calendar';
import { DEFAULT_THEMES } from '../../src/domain/directory';
import { runCli } from '../../src/cli/run';
import type { Store } from '../../src/store/cosmos';
import { BUILTIN_PROCEDURES } from '../../src/domain/procedure/builtin';
import type { CaseDoc } from '../../src/app/caseDocument';
import { testStore } from '../store/harness';
import { generateYear, type Generated } from '../support/yearOfCases';

const dir = demoDirectory();
const agencyName = (id: string) => dir.agencies.find((a) => a.id === id)!.name;

interface Instance {
  stage: string;
  order: number;
  enteredAt: string;
  endedAt: string | null;
  clocks: Map<string, { dueAt: string | null; met: boolean; passed: boolean }>;
}

/** Replay the audit events of one case the simple way. */
function fromEvents(doc: CaseDoc) {
  const proc = BUILTIN_PROCEDURES.find((p) => p.id === doc.state.procedureId)!;
  const instances: Instance[] = [];
  let closedAt: string | null = null;
  let status = 'open';
  const learning: { at: string; stage: string }[] = [];
  for (const e of doc.events) {
    const cur = instances[instances.length - 1];
    const d = e.data as Record<string, any>;
    if (e.type === 'StageEntered') {
      if (cur) cur.endedAt = e.at;
      const s = proc.stages.find((x) => x.id === d.stageId)!;
      instances.push({
        stage: `${s.label} — ${s.name}`,
        order: proc.stages.indexOf(s),
        enteredAt: e.at,
        endedAt: null,
        clocks: new Map(
          (d.clocks as { clockId: string; dueAt: string | null }[]).map((k) => [
            k.clockId,
            { dueAt: k.dueAt, met: false, passed: false },
          ]),
        ),
      });
    } else if (e.type === 'ClockScheduled') cur!.clocks.get(d.clockId)!.dueAt = d.dueAt;
    else if (e.type === 'ClockMet') cur!.clocks.get(d.clockId)!.met = true;
    else if (e.type === 'ClockPassed') cur!.clocks.get(d.clockId)!.passed = true;
    else if (e.type === 'LearningPointsRecorded') learning.push({ at: e.at, stage: cur!.stage });
    else if (e.type === 'CaseClosed') {
      closedAt = e.at;
      status = d.status;
      if (cur) cur.endedAt = e.at;
    }
  }
  return { instances, closedAt, status, learning };
}

function nearestRank(values: number[], p: number): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.ceil((p / 100) * sorted.length) - 1]! * 10) / 10;
}

function counts(keys: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of keys) out[k] = (out[k] ?? 0) + 1;
  return out;
}

function expected(gen: Generated[], docs: Map<string, CaseDoc>, from: string, to: string) {
  const inP = (t: string | null) => t !== null && t >= from && t < to;
  const all = gen.map((g) => ({ g, ...fromEvents(docs.get(g.caseId)!) }));
  const active = all.filter((x) => x.g.raisedAt < to && (!x.closedAt || x.closedAt >= from));
  const opened = active.filter((x) => inP(x.g.raisedAt));
  const closed = active.filter((x) => inP(x.closedAt));
  const stages: Record<string, { met: number; missed: number; days: number[] }> = {};
  for (const x of active)
    for (const i of x.instances) {
      const s = (stages[i.stage] ??= { met: 0, missed: 0, days: [] });
      for (const k of i.clocks.values()) {
        if (!inP(k.dueAt)) continue;
        if (k.passed) s.missed++;
        else if (k.met) s.met++;
      }
      if (inP(i.endedAt)) s.days.push((Date.parse(i.endedAt!) - Date.parse(i.enteredAt)) / 86_400_000);
    }
  return {
    opened: opened.length,
    closed: closed.length,
    openAtEnd: active.filter((x) => !x.closedAt || x.closedAt >= to).length,
    closedBy: counts(closed.map((x) => x.status)),
    stageReached: counts(opened.map((x) => x.instances.reduce((a, b) => (b.order >= a.order ? b : a)).stage)),
    raisingAgency: counts(opened.map((x) => agencyName(x.g.raisingAgency))),
    receivingAgency: counts(opened.map((x) => agencyName(x.g.receivingAgency))),
    theme: counts(opened.map((x) => DEFAULT_THEMES.find((t) => t.id === x.g.theme)!.label)),
    stages: Object.fromEntries(
      Object.entries(stages).map(([k, s]) => [
        k,
        {
          met: s.met,
          missed: s.missed,
          ended: s.days.length,
          medianDays: nearestRank(s.days, 50),
          p90Days: nearestRank(s.days, 90),
        },
      ]),
    ),
    learningPoints: active.flatMap((x) => x.learning.filter((l) => inP(l.at))).length,
  };
}

const asRecord = (list: { key: string; count: number }[]) =>
  Object.fromEntries(list.map((c) => [c.key, c.count]));

describe('business office report: a year of cases', function () {
  this.timeout(180_000);
  let store: Store;
  let gen: Generated[];
  const docs = new Map<string, CaseDoc>();

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
    gen = await generateYear(store, dir, { cases: 220, seed: 2026 });
    for (const g of gen) docs.set(g.caseId, (await store.cases.get<CaseDoc>(g.caseId))!);
  });
  after(async () => {
    await store.close();
  });

  it('is a realistic data set: raised on weekends and bank holidays, deadlines missed, cases closed every way', () => {
    const raisedOn = gen.map((g) => new Date(g.raisedAt).getUTCDay());
    assert.ok(
      raisedOn.some((d) => d === 0 || d === 6),
      'some raised at a weekend',
    );
    const holidays = new Set(bankHolidays(2026, 'england-and-wales').map((h) => h.date));
    assert.ok(
      gen.some((g) => holidays.has(londonDate(new Date(g.raisedAt)))),
      'some raised on a bank holiday',
    );
    const statuses = counts([...docs.values()].map((d) => d.state.status));
    for (const s of ['resolved', 'withdrawn', 'open'])
      assert.ok((statuses[s] ?? 0) > 0, `some ${s}: ${JSON.stringify(statuses)}`);
    const passed = [...docs.values()].flatMap((d) => d.events.filter((e) => e.type === 'ClockPassed'));
    assert.ok(passed.length > 100, `missed deadlines: ${passed.length}`);
    const top = [...docs.values()].filter(
      (d) => d.state.stage.stageId === 'stage-5' || d.state.stage.stageId === 'stage-4',
    );
    assert.ok(top.length > 10, 'some cases went all the way up');
  });

  for (const [label, from, to, fromIso, toIso] of [
    ['the whole year', '2026-01-01', '2026-12-31', '2026-01-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z'],
    [
      'the second quarter (BST)',
      '2026-04-01',
      '2026-06-30',
      '2026-03-31T23:00:00.000Z',
      '2026-06-30T23:00:00.000Z',
    ],
    [
      'December (Christmas)',
      '2026-12-01',
      '2026-12-31',
      '2026-12-01T00:00:00.000Z',
      '2027-01-01T00:00:00.000Z',
    ],
  ] as const) {
    it(`matches an independent count for ${label} (escalate report --format json)`, async () => {
      const r = await cli('report', '--from', from, '--to', to, '--format', 'json');
      assert.equal(r.code, 0, r.err);
      const got = JSON.parse(r.out);
      assert.equal(got.from, fromIso);
      assert.equal(got.to, toIso);
      const want = expected(gen, docs, fromIso, toIso);
      assert.ok(want.opened > 0 && want.closed > 0);
      assert.equal(got.opened, want.opened);
      assert.equal(got.closed, want.closed);
      assert.equal(got.openAtEnd, want.openAtEnd);
      assert.deepEqual(asRecord(got.closedBy), want.closedBy);
      assert.deepEqual(asRecord(got.stageReached), want.stageReached);
      assert.deepEqual(asRecord(got.raisingAgency), want.raisingAgency);
      assert.deepEqual(asRecord(got.receivingAgency), want.receivingAgency);
      assert.deepEqual(asRecord(got.theme), want.theme);
      const stages = Object.fromEntries(
        (got.stages as any[]).map((s) => [
          s.stage,
          { met: s.met, missed: s.missed, ended: s.ended, medianDays: s.medianDays, p90Days: s.p90Days },
        ]),
      );
      assert.deepEqual(stages, want.stages);
      assert.equal(got.learningPoints.length, want.learningPoints);
      const missed = Object.values(want.stages).reduce((n, s) => n + s.missed, 0);
      assert.ok(missed > 0, 'the period has missed deadlines');
    });
  }

  it('prints the same figures as a table and as CSV', async () => {
    const json = JSON.parse(
      (await cli('report', '--from', '2026-01-01', '--to', '2026-12-31', '--format', 'json')).out,
    );
    const table = await cli('report', '--from', '2026-01-01', '--to', '2026-12-31');
    assert.equal(table.code, 0);
    assert.match(table.out, new RegExp(`Opened ${json.opened}, closed ${json.closed}`));
    const csv = await cli('report', '--from', '2026-01-01', '--to', '2026-12-31', '--format', 'csv');
    const rows = parse<{ figure: string; key: string; value: string }>(csv.out, { columns: true });
    assert.equal(Number(rows.find((r) => r.figure === 'opened')!.value), json.opened);
    const missedCsv = rows
      .filter((r) => r.figure === 'deadlinesMissed')
      .reduce((n, r) => n + Number(r.value), 0);
    assert.equal(
      missedCsv,
      (json.stages as { missed: number }[]).reduce((n, s) => n + s.missed, 0),
    );
  });

  it('refuses a bad period with usage (exit 2)', async () => {
    assert.equal((await cli('report', '--from', '2026-02-30')).code, 2);
    assert.equal((await cli('report', '--from', '2026-03-01', '--to', '2026-02-01')).code, 2);
    assert.equal((await cli('report', '--format', 'pdf')).code, 2);
  });
});
