/** Stage flow shared by commands: enter a stage, escalate, meet clocks, close. */
import { londonDate } from '../calendar';
import { actingFor, type Directory } from '../directory';
import type { Procedure, Requirement, Stage } from '../procedure/schema';
import { stageById } from '../procedure/validate';
import { computeDue, reminderFor, startClocks } from './clocks';
import { evolve } from './evolve';
import { canClimb, resolveParticipants } from './participants';
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
  const res = resolveParticipants(stage, em.case, directory);
  for (const m of res.missing) em.emit({ type: 'ManagerMissing', agencyId: m.agencyId, wanted: m.wanted });
  em.emit({
    type: 'StageEntered',
    stageId,
    level,
    because,
    participants: dedupe(standIns(res.participants, directory, londonDate(now))),
    holders: res.holders,
    clocks: startClocks(stage, now, procedure.nation),
  });
}

/** Where an escalation from the current stage goes, or null at the end of the procedure. */
export function escalationTarget(em: Emitter): { stageId: string; level: number } | null {
  const stage = em.stageDef;
  if (stage.climb && canClimb(stage, em.case, em.ctx.directory)) {
    return { stageId: stage.id, level: em.case.stage.level + 1 };
  }
  return stage.next ? { stageId: stage.next, level: 1 } : null;
}

export function escalate(em: Emitter, because: string): boolean {
  const target = escalationTarget(em);
  if (!target) return false;
  enterStage(em, target.stageId, target.level, because);
  return true;
}

/** Mark the current stage's open clocks of this requirement met, and start clocks anchored on them. */
export function meetClocks(em: Emitter, requirement: Requirement): void {
  const met = em.case.stage.clocks.filter((k) => k.requirement === requirement && !k.metAt && !k.passedAt);
  for (const k of met) em.emit({ type: 'ClockMet', clockId: k.clockId });
  for (const k of met) startDependents(em, k.clockId);
}

function startDependents(em: Emitter, metClockId: string): void {
  const { now, procedure } = em.ctx;
  for (const def of em.stageDef.clocks) {
    if (def.anchor.kind !== 'clockMet' || def.anchor.clock !== metClockId) continue;
    const d = computeDue(def.limit, now, procedure.nation);
    const remind = reminderFor(def, d.due, now, procedure.nation);
    em.emit({
      type: 'ClockScheduled',
      clockId: def.id,
      dueAt: d.due.toISOString(),
      remindAt: remind ? remind.toISOString() : null,
      rule: d.rule,
      skipped: d.skipped,
    });
  }
}

export function close(em: Emitter, status: Exclude<CaseStatus, 'open'>, because: string): void {
  em.emit({ type: 'CaseClosed', status, because });
}
