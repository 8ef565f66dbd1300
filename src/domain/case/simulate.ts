/** "If nobody acts": run a procedure from raise to its end on the calendar, firing every reminder and deadline. */
import { formatDeadline, type Nation } from '../calendar';
import { findAgency, type Directory, type Person } from '../directory';
import type { Procedure } from '../procedure/schema';
import { referenceFormatOf } from '../reference';
import { stageById } from '../procedure/validate';
import { dueItems, nextDueAt } from './clocks';
import { decide } from './decide';
import { evolve } from './evolve';
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

function stageName(c: Case, p: Procedure): string {
  const s = stageById(p, c.stage.stageId);
  return c.stage.level > 1 ? `${s.label} (level ${c.stage.level})` : s.label;
}

export function timelineIfNobodyActs(
  procedure: Procedure,
  start: Date,
  opts: { imminentRisk?: boolean; directory?: Directory } = {},
): TimelineRow[] {
  if (opts.imminentRisk && !procedure.rules.imminentRisk)
    throw new Error(`${procedure.title} has no rule for a child at imminent risk of harm.`);
  const directory = opts.directory ?? syntheticDirectory(procedure.nation);
  const by = directory.people.find((p) => p.role === 'practitioner')!;
  const other = directory.people.find((p) => p.role === 'practitioner' && p.agencyId !== by.agencyId)!;
  const sim: { state: CaseState } = { state: { status: 'none' } };
  const current = () => sim.state as Case;
  const run = (who: string, command: Command, now: Date) => {
    for (const d of decide(sim.state, command, { now, by: who, procedure, directory }))
      sim.state = evolve(sim.state, d);
  };
  run(
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
      imminentRisk: opts.imminentRisk ?? false,
      conflictWithOwnManager: false,
      supporterId: null,
    },
    start,
  );
  const c0 = current();
  const rows: TimelineRow[] = [
    { at: start.toISOString(), stage: stageName(c0, procedure), what: `raised: ${c0.stage.enteredBecause}` },
  ];
  for (let guard = 0; guard < 200; guard++) {
    const c = current();
    const next = nextDueAt(c);
    if (!next) break;
    const item = dueItems(c, new Date(next))[0]!;
    const now = new Date(item.at);
    const stageBefore = stageName(c, procedure);
    if (item.kind === 'cap') {
      run(SYSTEM, { type: 'capPassed' }, now);
      rows.push({
        at: item.at,
        stage: stageBefore,
        what: 'overall time limit passed: business office alerted',
      });
      continue;
    }
    if (item.kind === 'actionReminder' || item.kind === 'actionOverdue') break; // nobody acts: no actions
    const clock = c.stage.clocks.find((k) => k.clockId === item.clockId)!;
    if (item.kind === 'reminder') {
      run(SYSTEM, { type: 'reminderDue', clockId: item.clockId }, now);
      rows.push({
        at: item.at,
        stage: stageBefore,
        what: `reminder: ${clock.label} (due by ${clock.dueAt ? formatDeadline(new Date(clock.dueAt), procedure.nation) : '-'})`,
      });
      continue;
    }
    run(SYSTEM, { type: 'clockPassed', clockId: item.clockId }, now);
    const after = current();
    const moved = after.stage.enteredAt === item.at && stageName(after, procedure) !== stageBefore;
    const consequence = moved
      ? `escalated to ${stageName(after, procedure)}`
      : clock.onPass === 'alert'
        ? 'business office alerted'
        : 'recorded';
    rows.push({
      at: item.at,
      stage: stageBefore,
      what: `deadline passed: ${clock.label} (${clock.rule}) → ${consequence}`,
    });
  }
  return rows;
}
