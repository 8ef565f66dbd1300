/** `escalate report`: the business office figures as a table, JSON or CSV. */
import { stringify } from 'csv-stringify/sync';
import type { CaseDoc } from '../app/caseDocument';
import { ProcedureCatalog } from '../app/procedures';
import { computeReport, type Count, type ReportFigures } from '../app/report';
import { formatLondonDate } from '../domain/calendar';
import { formatArg, parse, periodArg, type Io } from './args';
import { withStore, type CliDeps } from './deps';

export async function report(args: string[], io: Io, deps: CliDeps): Promise<number> {
  const { values } = parse(args, {
    from: { type: 'string' },
    to: { type: 'string' },
    format: { type: 'string' },
    partnership: { type: 'string' },
  });
  const period = periodArg(values, deps.now());
  const format = formatArg(values.format, ['table', 'json', 'csv'] as const);
  const partnershipId = values.partnership ?? deps.partnershipId;
  const figures = await withStore(deps, async (store) => {
    const dir = await store.directory.load(partnershipId);
    if (!dir) throw new Error(`no directory stored for partnership "${partnershipId}"`);
    const docs = await store.cases.findActiveIn<CaseDoc>(
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

const days = (n: number | null) => (n === null ? '–' : `${n} d`);

/** The figures as plain text lines (the CLI's table). */
export function reportLines(r: ReportFigures): string[] {
  const out: string[] = [];
  const section = (title: string, rows: Count[]) => {
    out.push('', title);
    if (!rows.length) out.push('  (none)');
    for (const c of rows) out.push(`  ${c.key.padEnd(48)} ${String(c.count).padStart(5)}`);
  };
  out.push(
    `Period: ${formatLondonDate(new Date(r.from))} to ${formatLondonDate(new Date(Date.parse(r.to) - 1))}`,
    `Opened ${r.opened}, closed ${r.closed}, still open at the end ${r.openAtEnd}`,
  );
  section('Closed, by outcome', r.closedBy);
  section('Furthest stage reached (cases opened)', r.stageReached);
  section('Agency raising', r.raisingAgency);
  section('Agency receiving', r.receivingAgency);
  section('Theme', r.theme);
  out.push('', 'Per stage'.padEnd(50) + '   met missed  ended median    p90');
  for (const s of r.stages)
    out.push(
      `  ${s.stage.padEnd(48)} ${String(s.met).padStart(5)} ${String(s.missed).padStart(6)} ${String(s.ended).padStart(6)} ${days(s.medianDays).padStart(6)} ${days(s.p90Days).padStart(6)}`,
    );
  out.push('', `Learning points: ${r.learningPoints.length}`);
  for (const l of r.learningPoints) out.push(`  ${l.at.slice(0, 10)}  ${l.stage}: ${l.text}`);
  return out;
}
