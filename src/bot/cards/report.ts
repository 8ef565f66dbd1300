/**
 * The business office report card: Teams chart elements, each with a plain fallback for clients that
 * cannot draw charts. Learning points (free text) are listed only in a 1:1 chat, never in the channel.
 */
import type { Count, ReportFigures } from '../../app/report';
import { formatLondonDate } from '../../domain/calendar';
import { literal } from './literal';

export interface ReportViewOptions {
  banner: string;
  title: string;
  /** In the channel only counts are shown; learning point texts stay in 1:1 chats. */
  showLearningText: boolean;
  periodButtons: boolean;
}

const MAX_ROWS = 12; // keep the card well under Teams' 28 KB whatever the data

/** `legend` is shown as a FactSet title (chart fallback) or a chart legend; `label` says how it is shown. */
function bars(counts: Count[], label: (key: string) => string = (key) => key) {
  const top = counts.slice(0, MAX_ROWS);
  const rest = counts.slice(MAX_ROWS).reduce((n, c) => n + c.count, 0);
  const rows = rest ? [...top, { key: 'Other', count: rest }] : top;
  return rows.map((c) => ({
    x: c.key,
    y: c.count,
    legend: label(c.key),
    value: c.count,
    text: String(c.count),
  }));
}

const days = (n: number | null) => (n === null ? '–' : `${n} d`);

export function reportView(r: ReportFigures, o: ReportViewOptions): Record<string, unknown> {
  const from = new Date(r.from);
  const lastDay = new Date(Date.parse(r.to) - 1);
  const stagesWithDeadlines = r.stages.filter((s) => s.met + s.missed > 0);
  const short = (stage: string) =>
    stage.split(' — ')[0] + (stage.includes(' — ') ? ` ${initials(stage)}` : '');
  return {
    banner: o.banner,
    title: o.title,
    period: `${formatLondonDate(from)} to ${formatLondonDate(lastDay)}`,
    totals: [
      { title: 'Opened', value: String(r.opened) },
      { title: 'Closed', value: String(r.closed) },
      { title: 'Still open at the end', value: String(r.openAtEnd) },
      ...r.closedBy.map((c) => ({ title: `Closed: ${c.key}`, value: String(c.count) })),
    ],
    stageReached: bars(r.stageReached),
    raising: bars(r.raisingAgency),
    receiving: bars(r.receivingAgency),
    theme: bars(r.theme, literal), // typed themes; their legend is the fallback FactSet's title only
    deadlines: [
      {
        legend: 'Met',
        values: stagesWithDeadlines.map((s) => ({ x: short(s.stage), y: s.met })),
      },
      {
        legend: 'Missed',
        values: stagesWithDeadlines.map((s) => ({ x: short(s.stage), y: s.missed })),
      },
    ],
    deadlineFacts: stagesWithDeadlines.map((s) => ({
      title: s.stage,
      value: `${s.met} met, ${s.missed} missed`,
    })),
    hasDeadlines: stagesWithDeadlines.length > 0,
    timings: r.stages
      .filter((s) => s.ended > 0)
      .map((s) => ({
        stage: s.stage,
        ended: String(s.ended),
        median: days(s.medianDays),
        p90: days(s.p90Days),
      })),
    learningCount: `${r.learningPoints.length} learning point${r.learningPoints.length === 1 ? '' : 's'} recorded.`,
    learning: o.showLearningText
      ? r.learningPoints
          .slice(-10)
          .map((l) => ({ text: `${formatLondonDate(new Date(l.at))} · ${l.stage}: ${literal(l.text)}` }))
      : [],
    learningNote:
      !o.showLearningText && r.learningPoints.length
        ? 'Learning points are shown in a 1:1 chat with the bot (type "report" there) or with `escalate report`.'
        : '',
    buttons: o.periodButtons
      ? [
          { title: 'Last 30 days', days: '30' },
          { title: 'Last 3 months', days: '91' },
          { title: 'Last 12 months', days: '365' },
        ]
      : [],
  };
}

/** 'Stage 2 — Direct Manager to Manager Discussion' → 'DMMD' (a short chart axis label). */
function initials(stage: string): string {
  const name = stage.split(' — ')[1] ?? '';
  return name
    .split(/[\s/]+/)
    .filter((w) => /^[A-Z]/.test(w))
    .map((w) => w[0])
    .join('');
}

/** The same figures as plain text lines (the CLI table and the digest use them). */
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
