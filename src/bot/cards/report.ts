/** A first business office report: cases opened and closed in a period, by stage reached and by agency. */
import { formatLondonDate } from '../../domain/calendar';
import type { Case } from '../../domain/case';
import type { Procedure } from '../../domain/procedure/schema';

const line = (text: string) => ({ text });

function tally(values: string[]): { text: string }[] {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1]).map(([k, n]) => line(`${k}: ${n}`));
}

export function reportView(
  cases: Case[],
  procedures: Procedure[],
  from: Date,
  to: Date,
  banner: string,
): Record<string, unknown> {
  const label = (c: Case) =>
    procedures.find((p) => p.id === c.procedureId)?.stages.find((s) => s.id === c.stage.stageId)?.label ??
    c.stage.stageId;
  const missed = cases.flatMap((c) =>
    [...c.history, c.stage].flatMap((s) => s.clocks.filter((k) => k.passedAt)),
  );
  const met = cases.flatMap((c) => [...c.history, c.stage].flatMap((s) => s.clocks.filter((k) => k.metAt)));
  return {
    banner,
    title: 'Business office report',
    intro: `${formatLondonDate(from)} to ${formatLondonDate(to)}: ${cases.length} case(s) opened, ${cases.filter((c) => c.status !== 'open').length} closed.`,
    sections: [
      {
        heading: 'By status',
        subheading: '',
        lines: tally(cases.map((c) => c.status)),
        verb: '',
        button: '',
        caseId: '',
      },
      {
        heading: 'By stage reached',
        subheading: '',
        lines: tally(cases.map(label)),
        verb: '',
        button: '',
        caseId: '',
      },
      {
        heading: 'By agency raising',
        subheading: '',
        lines: tally(cases.map((c) => c.agencies[0] ?? '')),
        verb: '',
        button: '',
        caseId: '',
      },
      {
        heading: 'Deadlines',
        subheading: '',
        lines: [line(`Met: ${met.length}`), line(`Missed: ${missed.length}`)],
        verb: '',
        button: '',
        caseId: '',
      },
    ],
    empty: '',
    buttons: [],
  };
}
