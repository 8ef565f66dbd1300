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
