/** Stage outcomes: resolve, escalate (asked, approved, or by a passed deadline), withdraw, bypass. */
import { londonDate } from '../calendar';
import { actingFor as actingForOn, findPerson, lineManagerOf } from '../directory';
import { fail } from '../errors';
import { stageById } from '../procedure/validate';
import { close, type Emitter, enterStage, escalate, escalationTarget } from './flow';
import { FieldErrors, MAX, MIN_EVIDENCE } from './inputs';
import type { Command, Outcome } from './types';

type OutcomeCommand = Extract<
  Command,
  {
    type:
      | 'resolve'
      | 'requestEscalation'
      | 'approveOutcome'
      | 'rejectOutcome'
      | 'reminderDue'
      | 'clockPassed'
      | 'capPassed'
      | 'referToStage'
      | 'withdraw';
  }
>;

export function outcomeCommand(em: Emitter, cmd: OutcomeCommand): void {
  switch (cmd.type) {
    case 'resolve':
      return propose(em, 'resolved', null, cmd.note);
    case 'requestEscalation':
      return requestEscalation(em, cmd.evidence);
    case 'approveOutcome':
      return approve(em);
    case 'rejectOutcome':
      return reject(em, cmd.reason);
    case 'reminderDue':
      return reminderDue(em, cmd.clockId);
    case 'clockPassed':
      return clockPassed(em, cmd.clockId);
    case 'capPassed':
      return capPassed(em);
    case 'referToStage':
      return referToStage(em, cmd.stageId, cmd.reason);
    case 'withdraw':
      return withdraw(em, cmd.reason);
    default: {
      const unhandled: never = cmd;
      throw new Error(`unhandled command ${JSON.stringify(unhandled)}`);
    }
  }
}

function approversFor(em: Emitter): string[] {
  const { directory: dir } = em.ctx;
  switch (em.stageDef.approval) {
    case null:
      return [];
    case 'requesterLineManager': {
      const lm = lineManagerOf(dir, em.ctx.by);
      if (lm) return [lm.id];
      if (findPerson(dir, em.ctx.by)?.role === 'director') return []; // nobody above a Director to approve
      em.emit({
        type: 'ManagerMissing',
        agencyId: 'partnership',
        wanted: 'line manager to approve the outcome',
      });
      return dir.partnership.businessOfficeIds;
    }
    case 'businessOffice':
      return dir.partnership.businessOfficeIds;
    case 'independentChair':
      return dir.partnership.chairId ? [dir.partnership.chairId] : dir.partnership.businessOfficeIds;
  }
}

/** Approvers who are away today are replaced by their delegates; the event records for whom they act. */
function standIns(em: Emitter, ids: string[]): { ids: string[]; actingFor?: Record<string, string> } {
  const day = londonDate(em.ctx.now);
  const actingFor: Record<string, string> = {};
  const out = ids.map((id) => {
    const delegate = actingForOn(em.ctx.directory, id, day);
    if (delegate !== id) actingFor[delegate] = id;
    return delegate;
  });
  return { ids: [...new Set(out)], ...(Object.keys(actingFor).length ? { actingFor } : {}) };
}

function propose(em: Emitter, outcome: Outcome, evidence: string | null, note?: string): void {
  if (em.case.stage.pending) fail('ALREADY_PENDING', 'An outcome is already waiting for approval.');
  const f = new FieldErrors();
  f.text('note', note ?? '', MAX.reason, false);
  f.done();
  const { ids: approverIds, actingFor } = standIns(em, approversFor(em));
  em.emit({ type: 'OutcomeProposed', outcome, evidence, approverIds, ...(actingFor ? { actingFor } : {}) });
  if (approverIds.length === 0) apply(em, outcome, 'no approval needed at this stage');
}

function requestEscalation(em: Emitter, evidence: string): void {
  const { rules } = em.ctx.procedure;
  const needed = rules.evidenceBeforeEscalating && em.stageDef.records.evidenceToEscalate;
  const f = new FieldErrors();
  const text = f.text('evidence', evidence, MAX.evidence, needed);
  f.done();
  if (needed && text.length < MIN_EVIDENCE) {
    fail(
      'EVIDENCE_REQUIRED',
      'Before a case moves up a stage, give evidence that all efforts at this stage were explored.',
      {
        evidence: `Describe the efforts made at this stage (at least ${MIN_EVIDENCE} characters).`,
      },
    );
  }
  if (!escalationTarget(em)) fail('FINAL_STAGE', 'This is the last stage of the procedure.');
  propose(em, 'escalate', text || null);
}

function apply(em: Emitter, outcome: Outcome, why: string): void {
  if (outcome === 'resolved') return close(em, 'resolved', `resolved at ${em.stageDef.label} (${why})`);
  escalate(em, `escalation from ${em.stageDef.label} agreed (${why})`);
}

function approve(em: Emitter): void {
  const p = em.case.stage.pending;
  if (!p) fail('NOTHING_PENDING', 'Nothing is waiting for approval.');
  em.emit({ type: 'OutcomeApproved', outcome: p.outcome });
  apply(em, p.outcome, 'approved by a manager');
}

function reject(em: Emitter, reason: string): void {
  if (!em.case.stage.pending) fail('NOTHING_PENDING', 'Nothing is waiting for approval.');
  const f = new FieldErrors();
  const text = f.text('reason', reason, MAX.reason);
  f.done();
  em.emit({ type: 'OutcomeRejected', reason: text });
}

function openClock(em: Emitter, clockId: string) {
  const k = em.case.stage.clocks.find((x) => x.clockId === clockId);
  if (!k) fail('UNKNOWN_CLOCK', `No clock "${clockId}" at this stage.`);
  return k;
}

function reminderDue(em: Emitter, clockId: string): void {
  const k = openClock(em, clockId);
  const now = em.ctx.now.toISOString();
  if (k.metAt || k.passedAt || k.remindedAt || !k.remindAt || k.remindAt > now)
    fail('NOT_DUE', 'No reminder is due.');
  em.emit({ type: 'ReminderSent', clockId });
}

function clockPassed(em: Emitter, clockId: string): void {
  const k = openClock(em, clockId);
  if (k.metAt || k.passedAt || !k.dueAt || k.dueAt > em.ctx.now.toISOString())
    fail('NOT_DUE', 'This deadline has not passed.');
  em.emit({ type: 'ClockPassed', clockId, onPass: k.onPass });
  if (k.onPass !== 'escalate') return;
  const why = `deadline passed: ${k.label}, ${k.rule} (${em.stageDef.label})`;
  escalate(em, why);
}

function capPassed(em: Emitter): void {
  const c = em.case;
  if (!c.capDueAt || c.capPassedAt || c.capDueAt > em.ctx.now.toISOString())
    fail('NOT_DUE', 'The overall time limit has not passed.');
  em.emit({ type: 'CapPassed' });
}

function referToStage(em: Emitter, stageId: string, reason: string): void {
  const rule = em.ctx.procedure.rules.bypass.find((b) => b.to === stageId);
  if (!rule) fail('UNKNOWN_STAGE', 'This procedure does not allow a referral to that stage.');
  if (stageId === em.case.stage.stageId) fail('INVALID_INPUT', 'The case is already at that stage.');
  const f = new FieldErrors();
  const text = f.text('reason', reason, MAX.reason);
  f.done();
  const to = stageById(em.ctx.procedure, stageId);
  em.emit({ type: 'OutcomeProposed', outcome: 'escalate', evidence: text, approverIds: [] });
  enterStage(em, to.id, 1, `referred to ${to.label} under the procedure’s referral rule`);
}

function withdraw(em: Emitter, reason: string): void {
  const f = new FieldErrors();
  const text = f.text('reason', reason, MAX.reason);
  f.done();
  close(em, 'withdrawn', `withdrawn: ${text}`);
}
