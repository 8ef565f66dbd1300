/** "If nobody acts": run a procedure from raise to its end on the calendar, firing every reminder and deadline. */
import { formatDeadline, formatLondon, type Nation } from '../calendar';
import { findAgency, type Directory, type Person } from '../directory';
import { withProcedureRoles } from '../procedure/roleGaps';
import { caseLimitFields, inUnit } from '../procedure/limitWords';
import type { Procedure } from '../procedure/schema';
import { referenceFormatOf } from '../reference';
import { stageById } from '../procedure/validate';
import { dueItems, nextDueAt } from './clocks';
import { decide } from './decide';
import { evolve } from './evolve';
import { raiseWindowRow, startedRows } from './simulateWords';
import { SYSTEM, type Case, type CaseState, type Command } from './types';

export interface TimelineRow {
  at: string; // UTC ISO
  stage: string; // 'Stage 3 (level 2)'
  what: string; // 'reminder: Managers' discussion' / 'deadline passed: … → Stage 4'
}

/** A two-agency partnership with full management lines, for timelines that need no real directory. */
export function syntheticDirectory(nation: Nation): Directory {
  const roles = ['practitioner', 'manager', 'seniorManager', 'headOfService', 'director'] as const;
  const people: Person[] = ['a', 'b'].flatMap((ag) =>
    roles.map((role, i) => ({
      id: `${ag}-${role}`,
      name: `Agency ${ag.toUpperCase()} ${role}`,
      agencyId: ag,
      role,
      ...(i < roles.length - 1 ? { lineManagerId: `${ag}-${roles[i + 1]}` } : {}),
    })),
  );
  const office = (id: string): Person => ({ id, name: id, agencyId: 'partnership', role: 'manager' });
  return {
    partnership: {
      id: 'sim',
      name: 'Partnership',
      nation,
      businessOfficeIds: ['office'],
      strategicLeadIds: ['lead'],
      chairId: 'chair',
    },
    agencies: ['a', 'b'].map((ag) => ({
      id: ag,
      name: `Agency ${ag.toUpperCase()}`,
      escalationManagerId: `${ag}-headOfService`,
      headOfServiceId: `${ag}-headOfService`,
      directorId: `${ag}-director`,
    })),
    people: [...people, office('office'), office('lead'), office('chair')],
  };
}

function defOf(p: Procedure, c: Case, clockId: string) {
  return stageById(p, c.stage.stageId).clocks.find((d) => d.id === clockId);
}

function stageName(c: Case, p: Procedure): string {
  const s = stageById(p, c.stage.stageId);
  return c.stage.level > 1 ? `${s.label} (level ${c.stage.level})` : s.label;
}

export interface TimelineOptions {
  imminentRisk?: boolean;
  directory?: Directory;
  /** Dates people would enter (userDate anchors), by field: entered as soon as a clock waits for them. */
  dates?: Readonly<Record<string, string>>;
  /** Timescales set for the case (setForCase fields), by field: set by a participant just after raising. */
  caseLimits?: Readonly<Record<string, number>>;
}

/** A case run on the calendar: commands applied as they are decided, and the rows they make. */
class Simulation {
  state: CaseState = { status: 'none' };
  readonly rows: TimelineRow[] = [];
  constructor(
    readonly procedure: Procedure,
    readonly directory: Directory,
  ) {}

  get case(): Case {
    return this.state as Case;
  }

  get stage(): string {
    return stageName(this.case, this.procedure);
  }

  /** Apply a command; returns rows for clocks it started at the stage (one counted from another passing). */
  run(who: string, command: Command, now: Date): string[] {
    const ctx = { now, by: who, procedure: this.procedure, directory: this.directory };
    const before = this.state.status === 'none' ? null : this.case.stage;
    for (const d of decide(this.state, command, ctx)) this.state = evolve(this.state, d);
    return before ? startedRows(before, this.case.stage, this.procedure.nation) : [];
  }

  row(at: string, what: string, stage = this.stage): void {
    this.rows.push({ at, stage, what });
  }

  /** Someone at the current stage, who may enter a date or set a timescale for the case. */
  get participant(): string {
    return this.case.stage.participants.find((x) => x.as !== 'supporter')!.personId;
  }

  /** Enter the given dates for the clocks of the current stage that wait for one. */
  enterDates(dates: Readonly<Record<string, string>>, now: Date): void {
    const defs = stageById(this.procedure, this.case.stage.stageId).clocks;
    for (const k of this.case.stage.clocks) {
      const anchor = defs.find((d) => d.id === k.clockId)?.anchor;
      if (k.dueAt || k.metAt || k.passedAt || anchor?.kind !== 'userDate') continue;
      const date = dates[anchor.field];
      if (date === undefined) continue;
      this.run(this.participant, { type: 'setClockDate', clockId: k.clockId, date }, now);
      const due = this.case.stage.clocks.find((x) => x.clockId === k.clockId)!.dueAt!;
      const nation = this.procedure.nation;
      this.row(
        now.toISOString(),
        `date entered: ${anchor.label} is ${formatLondon(new Date(date))}; ${k.label} due by ${formatDeadline(new Date(due), nation)}`,
      );
    }
  }
}

function raise(
  sim: Simulation,
  start: Date,
  imminentRisk: boolean,
  dates: Readonly<Record<string, string>>,
): void {
  const { directory, procedure } = sim;
  const by = directory.people.find((p) => p.role === 'practitioner')!;
  const other = directory.people.find((p) => p.role === 'practitioner' && p.agencyId !== by.agencyId)!;
  const outside = procedure.rules.raiseWithin?.of; // checked at raise when its date is given
  sim.run(
    by.id,
    {
      type: 'raise',
      caseId: 'timeline',
      partnershipId: directory.partnership.id,
      procedureId: procedure.id,
      reference: referenceFormatOf(findAgency(directory, by.agencyId)).example, // fits the agency's format
      theme: 'other',
      summary: 'timeline',
      otherProfessionalId: other.id,
      imminentRisk,
      conflictWithOwnManager: false,
      supporterId: null,
      ...(outside && dates[outside] ? { dates: { [outside]: dates[outside] } } : {}),
    },
    start,
  );
  sim.row(start.toISOString(), `raised: ${sim.case.stage.enteredBecause}`);
  const late = raiseWindowRow(sim.case, procedure);
  if (late) sim.row(start.toISOString(), late);
}

/** What a passed deadline leads to, in the words of what the app does (effects.ts: those at the stage are told, the business office alerted). */
function consequence(sim: Simulation, onPass: string, at: string, stageBefore: string): string {
  const moved = sim.case.stage.enteredAt === at && sim.stage !== stageBefore;
  if (moved) return `escalated to ${sim.stage}`;
  const told = 'those involved told, business office alerted';
  return onPass === 'escalate' ? `no further stage: ${told}` : told;
}

export function timelineIfNobodyActs(
  procedure: Procedure,
  start: Date,
  opts: TimelineOptions = {},
): TimelineRow[] {
  if (opts.imminentRisk && !procedure.rules.imminentRisk)
    throw new Error(`${procedure.title} has no rule for a child at imminent risk of harm.`);
  const sim = new Simulation(
    procedure,
    opts.directory ?? withProcedureRoles(syntheticDirectory(procedure.nation), procedure),
  );
  const dates = opts.dates ?? {};
  raise(sim, start, opts.imminentRisk ?? false, dates);
  for (const [field, value] of Object.entries(opts.caseLimits ?? {})) {
    sim.run(sim.participant, { type: 'setCaseLimit', field, value }, start);
    const f = caseLimitFields(procedure).find((x) => x.field === field);
    sim.row(start.toISOString(), `set for the case: ${f ? `${f.label}, ${inUnit(value, f.unit)}` : field}`);
  }
  sim.enterDates(dates, start);
  let last = start;
  for (let guard = 0; guard < 200; guard++) {
    const c = sim.case;
    const next = nextDueAt(c);
    if (!next) break;
    const item = dueItems(c, new Date(next))[0]!;
    // a date entered in the past can make a deadline already passed: it passes when it is found
    const now = new Date(Math.max(new Date(item.at).getTime(), last.getTime()));
    const at = now.toISOString();
    last = now;
    const stageBefore = sim.stage;
    if (item.kind === 'cap') {
      sim.run(SYSTEM, { type: 'capPassed' }, now);
      const moved = sim.stage !== stageBefore ? ` → moved on to ${sim.stage}` : '';
      sim.row(at, `overall time limit passed: business office alerted${moved}`, stageBefore);
      if (moved) sim.enterDates(dates, now);
      continue;
    }
    if (item.kind === 'actionReminder' || item.kind === 'actionOverdue') break; // nobody acts: no actions
    const clock = c.stage.clocks.find((k) => k.clockId === item.clockId)!;
    if (item.kind === 'reminder') {
      sim.run(SYSTEM, { type: 'reminderDue', clockId: item.clockId }, now);
      const due = clock.dueAt ? formatDeadline(new Date(clock.dueAt), procedure.nation) : '-';
      sim.row(at, `reminder: ${clock.label} (due by ${due})`, stageBefore);
      continue;
    }
    const started = sim.run(SYSTEM, { type: 'clockPassed', clockId: item.clockId }, now);
    const then = consequence(sim, clock.onPass, at, stageBefore);
    const fromRaise =
      defOf(procedure, c, clock.clockId)?.anchor.kind === 'raise' ? ', counted from the raise' : '';
    sim.row(at, `deadline passed: ${clock.label} (${clock.rule}${fromRaise}) → ${then}`, stageBefore);
    for (const what of started) sim.row(at, what, stageBefore);
    if (sim.stage !== stageBefore) sim.enterDates(dates, now);
  }
  return sim.rows;
}
