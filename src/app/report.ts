/**
 * The business office report: what happened to disagreements in a period, computed from case state.
 * Pure: cases, procedures, directory and the period in; figures out. The card, the CLI and the weekly
 * digest all show these same figures.
 */
import type { Case, StageInstance } from '../domain/case';
import { findAgency, themeLabel, type Directory } from '../domain/directory';
import type { Procedure } from '../domain/procedure/schema';

export interface Period {
  from: Date; // inclusive
  to: Date; // exclusive
}

export interface Count {
  key: string;
  count: number;
}

export interface StageFigures {
  stage: string; // "Stage 2 — Direct Manager to Manager Discussion"
  procedure: string;
  met: number; // deadlines due in the period and met in time
  missed: number; // deadlines due in the period that passed without the required outcome
  ended: number; // stage instances that ended in the period
  medianDays: number | null; // calendar days in the stage, for instances that ended in the period
  p90Days: number | null;
}

export interface ReportFigures {
  from: string;
  to: string;
  opened: number;
  closed: number;
  openAtEnd: number;
  closedBy: Count[]; // outcome of cases closed in the period
  stageReached: Count[]; // furthest stage reached by cases opened in the period
  raisingAgency: Count[];
  receivingAgency: Count[];
  theme: Count[];
  stages: StageFigures[];
  learningPoints: { at: string; stage: string; text: string }[];
}

const inPeriod = (iso: string | null | undefined, p: Period): boolean =>
  !!iso && iso >= p.from.toISOString() && iso < p.to.toISOString();

export function stageKey(procedure: Procedure | undefined, stageId: string): string {
  const s = procedure?.stages.find((x) => x.id === stageId);
  return s ? `${s.label} — ${s.name}` : stageId;
}

/** Nearest-rank percentile of already sorted values (p in 0..100). */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

function tally(keys: string[]): Count[] {
  const m = new Map<string, number>();
  for (const k of keys) m.set(k, (m.get(k) ?? 0) + 1);
  return [...m]
    .map(([key, count]) => ({ key, count }))
    .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
}

const DAY = 86_400_000;
const round1 = (n: number | null) => (n === null ? null : Math.round(n * 10) / 10);

/** Cases that matter for the period: raised before its end and not closed before its start. */
export function activeIn(c: Case, p: Period): boolean {
  return c.raisedAt < p.to.toISOString() && (!c.closedAt || c.closedAt >= p.from.toISOString());
}

const stagesOf = (c: Case): StageInstance[] => [...c.history, c.stage];

/** The furthest stage a case reached, in its procedure's order. */
function furthestStage(c: Case, proc: Procedure | undefined): string {
  const order = (id: string) => proc?.stages.findIndex((s) => s.id === id) ?? 0;
  const top = stagesOf(c).reduce((a, b) => (order(b.stageId) >= order(a.stageId) ? b : a));
  return stageKey(proc, top.stageId);
}

export function computeReport(
  all: readonly Case[],
  procedures: readonly Procedure[],
  dir: Directory,
  period: Period,
): ReportFigures {
  const cases = all.filter((c) => activeIn(c, period));
  const procOf = (c: Case) =>
    procedures.find((p) => p.id === c.procedureId && p.version === c.procedureVersion) ??
    procedures.find((p) => p.id === c.procedureId);
  const agencyName = (id: string) => findAgency(dir, id)?.name ?? id;
  const opened = cases.filter((c) => inPeriod(c.raisedAt, period));
  const closed = cases.filter((c) => inPeriod(c.closedAt, period));
  const furthest = (c: Case) => furthestStage(c, procOf(c));

  const byStage = new Map<string, StageFigures & { days: number[]; order: number }>();
  const row = (c: Case, stageId: string) => {
    const proc = procOf(c);
    const key = stageKey(proc, stageId);
    let r = byStage.get(key);
    if (!r) {
      const order =
        (proc ? procedures.indexOf(proc) * 100 : 9_900) +
        (proc?.stages.findIndex((s) => s.id === stageId) ?? 0);
      r = {
        stage: key,
        procedure: proc?.title ?? c.procedureId,
        met: 0,
        missed: 0,
        ended: 0,
        medianDays: null,
        p90Days: null,
        days: [],
        order,
      };
      byStage.set(key, r);
    }
    return r;
  };
  const learningPoints: ReportFigures['learningPoints'] = [];
  for (const c of cases) {
    for (const s of stagesOf(c)) {
      const r = row(c, s.stageId);
      for (const k of s.clocks) {
        if (!inPeriod(k.dueAt, period)) continue;
        if (k.passedAt) r.missed++;
        else if (k.metAt) r.met++;
      }
      if (inPeriod(s.endedAt, period)) {
        r.ended++;
        r.days.push((Date.parse(s.endedAt!) - Date.parse(s.enteredAt)) / DAY);
      }
      for (const l of s.learningPoints)
        if (inPeriod(l.at, period)) learningPoints.push({ at: l.at, stage: r.stage, text: l.text });
    }
  }
  const stages = [...byStage.values()]
    .sort((a, b) => a.order - b.order)
    .map(({ days, order: _order, ...r }) => {
      const sorted = [...days].sort((a, b) => a - b);
      return { ...r, medianDays: round1(percentile(sorted, 50)), p90Days: round1(percentile(sorted, 90)) };
    });

  return {
    from: period.from.toISOString(),
    to: period.to.toISOString(),
    opened: opened.length,
    closed: closed.length,
    openAtEnd: cases.filter((c) => !c.closedAt || c.closedAt >= period.to.toISOString()).length,
    closedBy: tally(closed.map((c) => c.status)),
    stageReached: tally(opened.map(furthest)),
    raisingAgency: tally(opened.map((c) => agencyName(c.agencies[0] ?? ''))),
    receivingAgency: tally(opened.flatMap((c) => c.agencies.slice(1).map(agencyName))),
    theme: tally(opened.map((c) => themeLabel(dir, c.theme, true))), // by label; old free text under Other
    stages,
    learningPoints: learningPoints.sort((a, b) => a.at.localeCompare(b.at)),
  };
}
