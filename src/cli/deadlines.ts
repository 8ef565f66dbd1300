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
import {
  caseLimitFields,
  dateFields,
  dateWords,
  DEFAULT_WORKING_DAY_ENDS,
  limitWords,
} from '../domain/procedure/limitWords';
import type { Procedure } from '../domain/procedure/schema';
import { passedNotes } from './anchorWords';
import { notifyWords } from './involvementWords';
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

/** `field=value` pairs from a repeatable flag. */
function pairs(v: unknown, flag: string): [string, string][] {
  const list = Array.isArray(v) ? (v as string[]) : [];
  return list.map((x) => {
    const at = x.indexOf('=');
    if (at <= 0) throw new UsageError(`${flag} takes <field>=<value>, got "${x}"`);
    return [x.slice(0, at), x.slice(at + 1)];
  });
}

/** `--date <field>=<ISO>`: dates people would enter, for the procedure's userDate anchors. */
function datesOf(v: unknown, procedure: Procedure): Record<string, string> {
  const known = dateFields(procedure);
  const out: Record<string, string> = {};
  for (const [field, value] of pairs(v, '--date')) {
    if (!known.has(field))
      throw new UsageError(
        `--date ${field}: "${procedure.title}" asks for no such date (${known.size ? `it asks for: ${[...known.keys()].join(', ')}` : 'it asks for none'})`,
      );
    out[field] = instantOf(value, `--date ${field}`).toISOString();
  }
  return out;
}

/** `--set <field>=<N>`: timescales set for the case, for the procedure's setForCase limits, within their bounds. */
function caseLimitsOf(v: unknown, procedure: Procedure): Record<string, number> {
  const known = caseLimitFields(procedure);
  const out: Record<string, number> = {};
  for (const [field, value] of pairs(v, '--set')) {
    const f = known.find((x) => x.field === field);
    if (!f)
      throw new UsageError(
        `--set ${field}: "${procedure.title}" has no such timescale to set for a case (${known.length ? `it has: ${known.map((x) => x.field).join(', ')}` : 'it has none'})`,
      );
    const n = /^\d+$/.test(value) ? Number(value) : NaN;
    if (!(n >= f.min && n <= f.max))
      throw new UsageError(
        `--set ${field} must be a whole number of ${f.unit === 'hours' ? 'hours' : 'working days'} from ${f.min} to ${f.max}`,
      );
    out[field] = n;
  }
  return out;
}

/** The dates clocks count from (userDate anchors), apart from the one a raise is only checked against. */
function clockDates(p: Procedure): Set<string> {
  return new Set(
    p.stages.flatMap((s) => s.clocks.flatMap((c) => (c.anchor.kind === 'userDate' ? [c.anchor.field] : []))),
  );
}

export function timeline(args: string[], io: Io): number {
  const { values } = parse(args, {
    procedure: { type: 'string' },
    start: { type: 'string' },
    nation: { type: 'string' },
    'imminent-risk': { type: 'boolean' },
    date: { type: 'string', multiple: true },
    set: { type: 'string', multiple: true },
    json: { type: 'boolean' },
  });
  if (typeof values.procedure !== 'string') throw new UsageError('--procedure is required');
  const base = loadProcedure(values.procedure);
  const procedure = values.nation === undefined ? base : { ...base, nation: nationOf(values.nation) };
  if (values['imminent-risk'] && !procedure.rules.imminentRisk)
    throw new UsageError(
      `--imminent-risk: "${procedure.title}" has no rule for a child at imminent risk of harm, so it has no urgent timescales`,
    );
  const start = instantOf(values.start, '--start');
  const dates = datesOf(values.date, procedure);
  const rows = timelineIfNobodyActs(procedure, start, {
    imminentRisk: values['imminent-risk'] === true,
    dates,
    caseLimits: caseLimitsOf(values.set, procedure),
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
  const missing = [...dateFields(procedure)].filter(([field]) => dates[field] === undefined);
  const outside = procedure.rules.raiseWithin?.of;
  for (const [field, label] of missing)
    io.out(
      field === outside && !clockDates(procedure).has(field)
        ? `(whether the raise is late against ${dateWords(label)} is not shown: give --date ${field}=<ISO-8601>)`
        : `(clocks counted from ${dateWords(label)} are not shown: give --date ${field}=<ISO-8601>)`,
    );
  for (const line of [...afterMet(procedure), ...passedNotes(procedure), ...toldNotes(procedure)])
    io.out(line);
  return 0;
}

/** People a stage only tells (reference, stage and deadline) are not on the timeline's rows: list them. */
function toldNotes(p: Procedure): string[] {
  return p.stages.flatMap((s) =>
    s.notify.map((n) => `(told, not involved, at ${s.label}: ${notifyWords(p, n)})`),
  );
}

/** Clocks that start when another is met never start if nobody acts: say so, so no clock goes unmentioned. */
function afterMet(p: Procedure): string[] {
  return p.stages.flatMap((s) =>
    s.clocks.flatMap((k) => {
      if (k.anchor.kind !== 'clockMet') return [];
      const anchor = k.anchor.clock;
      const first = s.clocks.find((x) => x.id === anchor)?.label ?? anchor;
      return [
        `(not shown, as nobody acts here: "${k.label}" (${s.label}) starts when "${first}" is met, then runs ${limitWords(k.limit, p.workingDayEnds ?? DEFAULT_WORKING_DAY_ENDS)})`,
      ];
    }),
  );
}
