/** `escalate due` and `escalate timeline`: working-day arithmetic and what happens if nobody acts. */
import {
  explainHours,
  explainWorkingDays,
  formatDeadline,
  formatLondon,
  NATIONS,
  type Nation,
} from '../domain/calendar';
import { timelineIfNobodyActs } from '../domain/case/simulate';
import { parse, UsageError, type Io } from './args';
import { loadProcedure } from './procedure';

function nationOf(v: unknown): Nation {
  if (v === undefined) return 'england-and-wales';
  if (typeof v === 'string' && (NATIONS as readonly string[]).includes(v)) return v as Nation;
  throw new UsageError(`--nation must be one of ${NATIONS.join(', ')}`);
}

function instantOf(v: unknown, flag: string): Date {
  const d = typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v) ? new Date(v) : new Date(NaN);
  if (Number.isNaN(d.getTime()))
    throw new UsageError(`${flag} must be an ISO-8601 instant, e.g. 2026-12-23T10:00:00Z`);
  return d;
}

function count(v: unknown, flag: string): number {
  if (typeof v !== 'string' || !/^\d+$/.test(v))
    throw new UsageError(`${flag} must be a whole number of 0 or more`);
  return Number(v);
}

export function due(args: string[], io: Io): number {
  const { values } = parse(args, {
    from: { type: 'string' },
    'working-days': { type: 'string' },
    hours: { type: 'string' },
    nation: { type: 'string' },
    json: { type: 'boolean' },
  });
  const from = instantOf(values.from, '--from');
  const nation = nationOf(values.nation);
  if ((values['working-days'] === undefined) === (values.hours === undefined))
    throw new UsageError('give exactly one of --working-days, --hours');
  const x =
    values.hours !== undefined
      ? explainHours(from, count(values.hours, '--hours'), nation)
      : explainWorkingDays(from, count(values['working-days'], '--working-days'), nation);
  if (!values.json) {
    io.out(x.due.toISOString());
    return 0;
  }
  const explained = {
    from: from.toISOString(),
    due: x.due.toISOString(),
    dueLondon: formatLondon(x.due),
    dueInWords: formatDeadline(x.due, nation),
    nation,
    rule: x.rule,
    startedOnNonWorkingDay: x.startedOnNonWorkingDay,
    skipped: x.skipped,
  };
  io.out(JSON.stringify(explained, null, 2));
  return 0;
}

export function timeline(args: string[], io: Io): number {
  const { values } = parse(args, {
    procedure: { type: 'string' },
    start: { type: 'string' },
    nation: { type: 'string' },
    'imminent-risk': { type: 'boolean' },
    json: { type: 'boolean' },
  });
  if (typeof values.procedure !== 'string') throw new UsageError('--procedure is required');
  const base = loadProcedure(values.procedure);
  const procedure = values.nation === undefined ? base : { ...base, nation: nationOf(values.nation) };
  if (values['imminent-risk'] && !procedure.rules.imminentRisk)
    throw new UsageError(
      `--imminent-risk: "${procedure.title}" has no rule for a child at imminent risk of harm, so it has no urgent timescales`,
    );
  const rows = timelineIfNobodyActs(procedure, instantOf(values.start, '--start'), {
    imminentRisk: values['imminent-risk'] === true,
  });
  if (values.json) {
    io.out(JSON.stringify(rows, null, 2));
    return 0;
  }
  io.out(`${procedure.title} — if nobody acts (${procedure.nation}, times in Europe/London)`);
  const width = Math.max(...rows.map((r) => r.stage.length));
  for (const r of rows)
    io.out(
      `${formatDeadline(new Date(r.at), procedure.nation).padEnd(26)}  ${r.stage.padEnd(width)}  ${r.what}`,
    );
  return 0;
}
