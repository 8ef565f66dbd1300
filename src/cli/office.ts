/** Business office commands: report, audit export/verify, procedure publish, directory export. */
import { readFileSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { stringify } from 'csv-stringify/sync';
import { auditCsv, auditRows, verifyAll, type AuditRow } from '../app/auditTrail';
import { directoryCsv } from '../app/directoryCsv';
import { ProcedureCatalog } from '../app/procedures';
import { computeReport, type Period, type ReportFigures } from '../app/report';
import { reportLines } from '../bot/cards/report';
import { londonDate, londonDayStart } from '../domain/calendar';
import type { Case } from '../domain/case';
import { validateProcedureText } from '../domain/procedure/validate';
import type { CaseDocument } from '../store/caseDocument';
import type { Store } from '../store/cosmos';
import type { Io } from './run';

type Doc = CaseDocument<Case>;

export interface OfficeDeps {
  /** The store to use (the configured Cosmos account; tests pass their own). */
  store(): Promise<Store>;
  partnershipId: string;
  now(): Date;
}

/** Thrown for bad arguments: the caller prints usage and exits 2. */
export class OfficeUsageError extends Error {}

function args(argv: string[], options: NonNullable<ParseArgsConfig['options']>) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new OfficeUsageError((e as Error).message);
  }
}

function dateArg(v: unknown, flag: string): string {
  if (typeof v !== 'string') throw new OfficeUsageError(`${flag} is required (a date, YYYY-MM-DD)`);
  try {
    londonDayStart(v);
    return v;
  } catch {
    throw new OfficeUsageError(`${flag} must be a date, YYYY-MM-DD`);
  }
}

/** --from/--to as inclusive London dates; the default is the last 12 months up to today. */
function periodArg(values: Record<string, unknown>, now: Date, required = false): Period {
  const today = londonDate(now);
  if (!required && values.from === undefined && values.to === undefined)
    return { from: londonDayStart(today, -364), to: londonDayStart(today, 1) };
  const from = londonDayStart(dateArg(values.from, '--from'));
  const to = londonDayStart(values.to === undefined ? today : dateArg(values.to, '--to'), 1);
  if (to <= from) throw new OfficeUsageError('--to must not be before --from');
  return { from, to };
}

function formatArg<T extends string>(v: unknown, allowed: readonly T[]): T {
  const f = (v ?? allowed[0]) as T;
  if (!allowed.includes(f)) throw new OfficeUsageError(`--format must be one of ${allowed.join(', ')}`);
  return f;
}

async function withStore<T>(deps: OfficeDeps, f: (s: Store) => Promise<T>): Promise<T> {
  const store = await deps.store();
  try {
    return await f(store);
  } finally {
    await store.close();
  }
}

export async function runOffice(argv: string[], io: Io, deps: OfficeDeps): Promise<number | null> {
  const [group, verb, ...rest] = argv;
  if (group === 'report') return report(argv.slice(1), io, deps);
  if (group === 'audit' && verb === 'export') return auditExport(rest, io, deps);
  if (group === 'audit' && verb === 'verify') return auditVerify(rest, io, deps);
  if (group === 'procedure' && verb === 'publish') return publish(rest, io, deps);
  if (group === 'directory' && verb === 'export') return directoryExport(rest, io, deps);
  return null;
}

async function report(argv: string[], io: Io, deps: OfficeDeps): Promise<number> {
  const { values } = args(argv, {
    from: { type: 'string' },
    to: { type: 'string' },
    format: { type: 'string' },
    partnership: { type: 'string' },
  });
  const period = periodArg(values, deps.now());
  const format = formatArg(values.format, ['table', 'json', 'csv'] as const);
  const partnershipId = (values.partnership as string | undefined) ?? deps.partnershipId;
  const figures = await withStore(deps, async (store) => {
    const dir = await store.directory.load(partnershipId);
    if (!dir) throw new Error(`no directory stored for partnership "${partnershipId}"`);
    const docs = await store.cases.findActiveIn<Doc>(
      partnershipId,
      period.from.toISOString(),
      period.to.toISOString(),
    );
    const procedures = await new ProcedureCatalog(store.settings).all(partnershipId);
    return computeReport(
      docs.map((d) => d.state),
      procedures,
      dir,
      period,
    );
  });
  if (format === 'json') io.out(JSON.stringify(figures, null, 2));
  else if (format === 'csv') io.out(reportCsv(figures).trimEnd());
  else for (const l of reportLines(figures)) io.out(l);
  return 0;
}

/** One row per figure: figure, key, value. */
export function reportCsv(r: ReportFigures): string {
  const rows: (string | number)[][] = [
    ['opened', '', r.opened],
    ['closed', '', r.closed],
    ['openAtEnd', '', r.openAtEnd],
  ];
  const counts = (name: string, list: { key: string; count: number }[]) =>
    list.forEach((c) => rows.push([name, c.key, c.count]));
  counts('closedBy', r.closedBy);
  counts('stageReached', r.stageReached);
  counts('raisingAgency', r.raisingAgency);
  counts('receivingAgency', r.receivingAgency);
  counts('theme', r.theme);
  for (const s of r.stages) {
    rows.push(['deadlinesMet', s.stage, s.met], ['deadlinesMissed', s.stage, s.missed]);
    rows.push(['stagesEnded', s.stage, s.ended]);
    rows.push(['medianDays', s.stage, s.medianDays ?? ''], ['p90Days', s.stage, s.p90Days ?? '']);
  }
  rows.push(['learningPoints', '', r.learningPoints.length]);
  // keys include typed themes: a spreadsheet must not run one that starts with '=' as a formula
  return stringify(rows, { header: true, columns: ['figure', 'key', 'value'], escape_formulas: true });
}

async function auditExport(argv: string[], io: Io, deps: OfficeDeps): Promise<number> {
  const { values } = args(argv, {
    case: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    format: { type: 'string' },
    partnership: { type: 'string' },
  });
  const format = formatArg(values.format, ['jsonl', 'csv'] as const);
  const partnershipId = (values.partnership as string | undefined) ?? deps.partnershipId;
  const byCase = typeof values.case === 'string';
  if (byCase === (values.from !== undefined || values.to !== undefined))
    throw new OfficeUsageError('give either --case <reference> or --from <date> --to <date>');
  const period = byCase ? null : periodArg(values, deps.now(), true);
  let rows = 0;
  const emit = (batch: AuditRow[]) => {
    if (!batch.length) return;
    if (format === 'jsonl') for (const r of batch) io.out(JSON.stringify(r));
    else io.out(auditCsv(batch, rows === 0).trimEnd());
    rows += batch.length;
  };
  await withStore(deps, async (store) => {
    if (byCase) {
      const docs = await store.cases.findByReference<Doc>(partnershipId, values.case as string);
      if (!docs.length) throw new Error(`no case with reference ${String(values.case)}`);
      for (const d of docs) emit(auditRows(d));
      return;
    }
    const from = period!.from.toISOString();
    const to = period!.to.toISOString();
    for await (const page of store.cases.allOf<Doc>(partnershipId))
      for (const d of page) emit(auditRows(d, from, to));
  });
  io.err(`exported ${rows} audit event${rows === 1 ? '' : 's'}`);
  return 0;
}

async function auditVerify(argv: string[], io: Io, deps: OfficeDeps): Promise<number> {
  const { values } = args(argv, { partnership: { type: 'string' }, json: { type: 'boolean' } });
  const partnershipId = (values.partnership as string | undefined) ?? deps.partnershipId;
  const r = await withStore(deps, async (store) =>
    verifyAll(store.cases.allOf<Doc>(partnershipId), await store.settings.listChainHeads(partnershipId)),
  );
  if (values.json) io.out(JSON.stringify(r, null, 2));
  else {
    io.out(`checked ${r.cases} case(s), ${r.events} event(s)`);
    for (const b of r.breaks)
      io.out(`BROKEN case ${b.reference || b.caseId} (${b.caseId}) at event ${b.seq}: ${b.problem}`);
    if (r.lagging.length)
      io.out(
        `${r.lagging.length} case(s) have a chain head copy behind the log (an interrupted write; not a break)`,
      );
    io.out(r.breaks.length ? `${r.breaks.length} case(s) FAILED verification` : 'OK: every chain verified');
  }
  return r.breaks.length ? 1 : 0;
}

async function publish(argv: string[], io: Io, deps: OfficeDeps): Promise<number> {
  const { values, positionals } = args(argv, { partnership: { type: 'string' } });
  if (positionals.length !== 1) throw new OfficeUsageError('procedure publish needs one file');
  const file = positionals[0]!;
  const partnershipId = (values.partnership as string | undefined) ?? deps.partnershipId;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new Error(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const r = validateProcedureText(text);
  if (!r.ok) {
    io.err(`${file}: ${r.errors.length} problem${r.errors.length === 1 ? '' : 's'}`);
    for (const e of r.errors) io.err(`  ${e}`);
    return 1;
  }
  const p = r.procedure;
  await withStore(deps, async (store) => {
    const newest = await new ProcedureCatalog(store.settings).get(partnershipId, p.id);
    if (newest && newest.version >= p.version)
      throw new Error(
        `${p.id} is already at version ${newest.version}: a published procedure cannot be changed; publish version ${newest.version + 1}`,
      );
    await store.settings.publishProcedure(partnershipId, p.id, p.version, p, deps.now().toISOString());
  });
  io.out(
    `published "${p.title}" (${p.id} v${p.version}) for partnership "${partnershipId}": new cases use it; open cases keep their version`,
  );
  return 0;
}

async function directoryExport(argv: string[], io: Io, deps: OfficeDeps): Promise<number> {
  const { values } = args(argv, { format: { type: 'string' }, partnership: { type: 'string' } });
  const format = formatArg(values.format, ['json', 'csv'] as const);
  const partnershipId = (values.partnership as string | undefined) ?? deps.partnershipId;
  const dir = await withStore(deps, (store) => store.directory.load(partnershipId));
  if (!dir) throw new Error(`no directory stored for partnership "${partnershipId}"`);
  io.out(format === 'json' ? JSON.stringify(dir, null, 2) : directoryCsv(dir).trimEnd());
  return 0;
}
