/** Stage flow shared by commands: enter a stage, escalate, meet clocks, close. */
import { formatLondon, londonDate } from '../calendar';
import { actingFor, type Directory } from '../directory';
import type { Procedure, Stage } from '../procedure/schema';
import { stageById } from '../procedure/validate';
import { dependentStart } from './anchors';
import { computeDue, effectiveClock, limitContext, reminderFor, startClocks, urgentFor } from './clocks';
import { evolve } from './evolve';
import { whoIsInvolved } from './involvement';
import { scheduledFrom, waitingForKnownDates } from './knownDates';
import { notifiedAt } from './notices';
import { partnershipOnly } from '../procedure/involvementChecks';
import { canClimb } from './participants';
import { servedBy } from './purpose';
import type { Case, CaseEvent, CaseState, CaseStatus, Decided, StageParticipant } from './types';

export interface DecideContext {
  now: Date;
  by: string;
  procedure: Procedure;
  directory: Directory;
  /** The size of the stored case document, when the caller knows it (limits.ts stops people's input near the store's limit). */
  storedBytes?: number;
}

/** Collects events, applying each as it goes so later decisions see the state so far. */
export class Emitter {
  readonly out: Decided[] = [];
  constructor(
    public state: CaseState,
    readonly ctx: DecideContext,
  ) {}

  emit(event: CaseEvent): void {
    const d: Decided = { event, by: this.ctx.by, at: this.ctx.now.toISOString() };
    this.out.push(d);
    this.state = evolve(this.state, d);
  }

  get case(): Case {
    if (this.state.status === 'none') throw new Error('no case');
    return this.state;
  }

  get stageDef(): Stage {
    return stageById(this.ctx.procedure, this.case.stage.stageId);
  }
}

function dedupe(ps: StageParticipant[]): StageParticipant[] {
  const seen = new Set<string>();
  return ps.filter((p) => !seen.has(p.personId) && seen.add(p.personId));
}

/** Managers and partnership people who are away on `day` are replaced by their delegates (the card says so). */
function standIns(ps: StageParticipant[], dir: Directory, day: string): StageParticipant[] {
  return ps.map((p) => {
    if (p.as === 'professionals' || p.as === 'supporter') return p;
    const delegate = actingFor(dir, p.personId, day);
    return delegate === p.personId ? p : { ...p, personId: delegate, actingFor: p.personId };
  });
}

export function enterStage(em: Emitter, stageId: string, level: number, because: string): void {
  const { procedure, directory, now } = em.ctx;
  const stage = stageById(procedure, stageId);
  if (stage.climb && level === 1 && !canClimb(stage, em.case, directory) && stage.next) {
    const skipNote = `${because}; ${stage.label} skipped: no management level below ${stage.climb.upTo} to refer to`;
    return enterStage(em, stage.next, 1, skipNote);
  }
  const res = whoIsInvolved(stage, em.case, directory);
  for (const m of res.missing) em.emit({ type: 'ManagerMissing', agencyId: m.agencyId, wanted: m.wanted });
  const participants = dedupe(standIns(res.participants, directory, londonDate(now)));
  const notified = notifiedAt(stage, em.case, directory, participants, londonDate(now));
  em.emit({
    type: 'StageEntered',
    stageId,
    level,
    because,
    participants,
    holders: res.holders,
    ...(res.waiting.length ? { waitingFor: res.waiting } : {}),
    ...(notified.length ? { notified } : {}),
    clocks: startClocks(
      stage,
      now,
      procedure.nation,
      urgentFor(procedure, stageId, em.case.imminentRisk),
      procedure.rules.imminentRisk?.urgentWording,
      limitContext(procedure, em.case),
      new Date(em.case.raisedAt),
    ),
  });
  startFromKnownDates(em);
}

/** Clocks of the current stage counted from a date already entered (at raise or an earlier stage) start now. */
export function startFromKnownDates(em: Emitter): void {
  for (const { def, date } of waitingForKnownDates(em.case, em.ctx.procedure))
    em.emit(scheduledFrom(em.case, em.ctx.procedure, def, new Date(date), em.ctx.now));
}

/** Where an escalation from the current stage goes, or null at the end of the procedure. */
export function escalationTarget(em: Emitter): { stageId: string; level: number } | null {
  const stage = em.stageDef;
  if (stage.climb && canClimb(stage, em.case, em.ctx.directory)) {
    return { stageId: stage.id, level: em.case.stage.level + 1 };
  }
  return stage.next ? { stageId: stage.next, level: 1 } : null;
}

/** The missed clocks of the current stage, in words: the evidence an automatic escalation records. */
export function missedClocks(em: Emitter): { evidence: string; missed: string[] } {
  const now = em.ctx.now.toISOString();
  const missed = em.case.stage.clocks.filter((k) => !k.metAt && (k.passedAt || (k.dueAt && k.dueAt <= now)));
  const words = missed.map((k) => `${k.label} (${k.rule}, due ${formatLondon(new Date(k.dueAt!))})`);
  return {
    evidence: `Deadline passed at ${em.stageDef.label} without what it asks for: ${words.join('; ')}.`,
    missed: missed.map((k) => k.clockId),
  };
}

export function escalate(em: Emitter, because: string): boolean {
  const target = escalationTarget(em);
  if (!target) return false;
  enterStage(em, target.stageId, target.level, because);
  return true;
}

/** Mark met every open clock of the current stage whose purpose is now served (purpose.ts). */
export function meetServed(em: Emitter): void {
  if (em.case.status !== 'open') return;
  for (const k of em.case.stage.clocks) {
    const open = em.case.stage.clocks.find((x) => x.clockId === k.clockId)!;
    if (open.metAt || open.passedAt || !open.dueAt || !servedBy(em.case, open)) continue;
    em.emit({ type: 'ClockMet', clockId: k.clockId });
    startDependents(em, k.clockId);
  }
}

/** Start the clocks of the stage that wait for clock `clockId` to be met (or to pass, `how`: anchors.ts). */
export function startDependents(em: Emitter, clockId: string, how: 'met' | 'passed' = 'met'): void {
  const { now, procedure } = em.ctx;
  const c = em.case;
  const urgent = urgentFor(procedure, c.stage.stageId, c.imminentRisk);
  for (const d0 of em.stageDef.clocks) {
    const from = dependentStart(c, d0, clockId, how, now);
    if (!from) continue;
    const def = effectiveClock(d0, urgent);
    const d = computeDue(def.limit, from.at, procedure.nation, limitContext(procedure, c));
    const remind = reminderFor(def, d.due, now, procedure.nation);
    em.emit({
      type: 'ClockScheduled',
      clockId: def.id,
      dueAt: d.due.toISOString(),
      remindAt: remind ? remind.toISOString() : null,
      rule: d.rule,
      skipped: d.skipped,
      urgent: def.urgent,
      ...(from.countsFrom ? { countsFrom: from.countsFrom } : {}),
    });
  }
}

/** A stage only the partnership takes part in (the Chair, mediation): it closes in its own way, not by agreement. */
export function isPartnershipOnly(stage: Stage): boolean {
  return partnershipOnly(stage);
}

export function close(em: Emitter, status: Exclude<CaseStatus, 'open'>, because: string): void {
  em.emit({ type: 'CaseClosed', status, because });
}
