/** Stage outcomes: escalate (asked, approved, or by a passed deadline), approvals, withdraw, bypass. */
import { londonDate } from '../calendar';
import { actingFor as actingForOn, findPerson, lineManagerOf, type Person } from '../directory';
import { fail } from '../errors';
import { close, type Emitter, escalate, escalationTarget, missedClocks, startDependents } from './flow';
import { referToStage } from './bypass';
import { capPassed } from './cap';
import { FieldErrors, MAX, MIN_EVIDENCE } from './inputs';
import { servedBy } from './purpose';
import type { Command, Outcome } from './types';

type OutcomeCommand = Extract<
  Command,
  {
    type:
      | 'requestEscalation'
      | 'approveOutcome'
      | 'rejectOutcome'
      | 'nameApprover'
      | 'reminderDue'
      | 'clockPassed'
      | 'capPassed'
      | 'referToStage'
      | 'withdraw';
  }
>;

export function outcomeCommand(em: Emitter, cmd: OutcomeCommand): void {
  switch (cmd.type) {
    case 'requestEscalation':
      return requestEscalation(em, cmd.evidence);
    case 'approveOutcome':
      return approve(em);
    case 'rejectOutcome':
      return reject(em, cmd.reason);
    case 'nameApprover':
      return nameApprover(em, cmd.personId);
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

/**
 * The manager who approves for `requesterId`: their line manager, but never the manager the raiser is in
 * conflict with (then the next manager in line).
 */
function approvingManager(em: Emitter, requesterId: string): Person | undefined {
  const dir = em.ctx.directory;
  const lm = lineManagerOf(dir, requesterId);
  const conflicted = em.case.conflictWithOwnManager ? lineManagerOf(dir, em.case.raisedBy) : undefined;
  return lm && conflicted && lm.id === conflicted.id ? lineManagerOf(dir, lm.id) : lm;
}

function approversFor(
  em: Emitter,
  outcome: Outcome,
  requesterId: string,
): { ids: string[]; missing: boolean } {
  const { directory: dir } = em.ctx;
  const who = em.stageDef.approval[outcome === 'escalate' ? 'escalate' : 'resolve'];
  switch (who) {
    case null:
      return { ids: [], missing: false };
    case 'requesterLineManager': {
      const m = approvingManager(em, requesterId);
      if (m) return { ids: [m.id], missing: false };
      const requester = findPerson(dir, requesterId);
      if (requester?.role === 'director') return { ids: [], missing: false }; // nobody above a Director
      em.emit({
        type: 'ManagerMissing',
        agencyId: requester?.agencyId ?? 'partnership',
        wanted: `a manager to approve the ${outcome === 'escalate' ? 'escalation' : 'resolution'} asked for by ${requester?.name ?? requesterId}`,
        purpose: 'approver',
      });
      return { ids: [], missing: true };
    }
    case 'businessOffice':
      return { ids: dir.partnership.businessOfficeIds, missing: false };
    case 'independentChair':
      return {
        ids: dir.partnership.chairId ? [dir.partnership.chairId] : dir.partnership.businessOfficeIds,
        missing: false,
      };
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

/** Propose an outcome asked for by `requesterId`; applied at once where the stage asks for no approval. */
export function propose(em: Emitter, outcome: Outcome, evidence: string | null, requesterId: string): void {
  if (em.case.stage.pending) fail('ALREADY_PENDING', 'An outcome is already waiting for approval.');
  const { ids, missing } = approversFor(em, outcome, requesterId);
  const { ids: approverIds, actingFor } = standIns(em, ids);
  em.emit({
    type: 'OutcomeProposed',
    outcome,
    evidence,
    approverIds,
    ...(missing ? { awaitingApprover: true } : {}),
    ...(actingFor ? { actingFor } : {}),
  });
  if (approverIds.length === 0 && !missing) apply(em, outcome, 'no approval needed at this stage');
}

const METHOD_WORDS: Record<string, string> = {
  telephone: 'telephone',
  'face-to-face': 'face to face',
  'online-meeting': 'online meeting',
  email: 'e-mail',
};

/** Rule: escalating by hand needs a discussion held at this stage by a method that counts, and evidence where asked. */
function requestEscalation(em: Emitter, evidence: string): void {
  const { rules } = em.ctx.procedure;
  const stage = em.stageDef;
  if (em.case.stage.resolution)
    fail('ALREADY_PENDING', 'A resolution is waiting for agreement: agree to it or decline it first.');
  const needed = rules.evidenceBeforeEscalating && stage.records.evidenceToEscalate;
  const f = new FieldErrors();
  const text = f.text('evidence', evidence, MAX.evidence, needed);
  f.done();
  if (needed && text.length < MIN_EVIDENCE) {
    fail(
      'EVIDENCE_REQUIRED',
      'Before a case moves up a stage, give evidence that all efforts at this stage were explored.',
      { evidence: `Describe the efforts made at this stage (at least ${MIN_EVIDENCE} characters).` },
    );
  }
  if (stage.records.discussion && !em.case.stage.discussions.some((d) => d.counts)) {
    const how = stage.records.methods.map((m) => METHOD_WORDS[m] ?? m).join(', ');
    fail(
      'EVIDENCE_REQUIRED',
      `Before a case moves up from ${stage.label}, record the discussion held at it.`,
      {
        discussion: `No discussion is recorded at ${stage.label}. Record one held by ${how} before escalating.`,
      },
    );
  }
  if (!escalationTarget(em)) fail('FINAL_STAGE', 'This is the last stage of the procedure.');
  propose(em, 'escalate', text || null, em.ctx.by);
}

function apply(em: Emitter, outcome: Outcome, why: string): void {
  if (outcome === 'resolved')
    return close(em, 'resolved', `resolved at ${em.stageDef.label}: agreed by every agency (${why})`);
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
  releaseHeld(em);
}

/** Where nobody could be found to approve, the business office names the approver (never approves in their place). */
function nameApprover(em: Emitter, personId: string): void {
  const p = em.case.stage.pending;
  if (!p?.awaitingApprover) fail('NOTHING_PENDING', 'No outcome is waiting for an approver to be named.');
  const person = findPerson(em.ctx.directory, personId);
  const f = new FieldErrors();
  f.check('personId', person !== undefined, 'Choose a manager from the directory.');
  f.check('personId', personId !== p.by, 'The person who asked cannot approve their own request.');
  f.done();
  em.emit({ type: 'ApproverNamed', personId });
}

function openClock(em: Emitter, clockId: string) {
  const k = em.case.stage.clocks.find((x) => x.clockId === clockId);
  if (!k) fail('UNKNOWN_CLOCK', `No clock "${clockId}" at this stage.`);
  return k;
}

function reminderDue(em: Emitter, clockId: string): void {
  const k = openClock(em, clockId);
  const now = em.ctx.now.toISOString();
  if (k.metAt || k.passedAt || k.heldAt || k.remindedAt || !k.remindAt || k.remindAt > now)
    fail('NOT_DUE', 'No reminder is due.');
  em.emit({ type: 'ReminderSent', clockId });
}

/**
 * A deadline passes. A clock whose purpose is served is met instead; a pending proposal is never dropped
 * (the clock is held, the people asked reminded); otherwise the case escalates with the missed clocks as evidence.
 */
function clockPassed(em: Emitter, clockId: string): void {
  const k = openClock(em, clockId);
  if (k.metAt || k.passedAt || k.heldAt || !k.dueAt || k.dueAt > em.ctx.now.toISOString())
    fail('NOT_DUE', 'This deadline has not passed.');
  if (servedBy(em.case, k)) {
    em.emit({ type: 'ClockMet', clockId });
    return startDependents(em, clockId);
  }
  const s = em.case.stage;
  const held = k.onPass !== 'escalate' ? null : s.pending ? 'approval' : s.resolution ? 'resolution' : null;
  em.emit({ type: 'ClockPassed', clockId, onPass: k.onPass, ...(held ? { held } : {}) });
  if (k.onPass === 'escalate' && !held)
    escalateForMissed(em, `deadline passed: ${k.label}, ${k.rule} (${em.stageDef.label})`);
  if (!held) startOnPass(em, [clockId], s.stageId, s.level);
}

/** Clocks that wait for these to pass start, if the case is still open at the stage where they passed. */
function startOnPass(em: Emitter, clockIds: string[], stageId: string, level: number): void {
  const c = em.case;
  if (c.status !== 'open' || c.stage.stageId !== stageId || c.stage.level !== level) return;
  for (const id of clockIds) startDependents(em, id, 'passed');
}

function escalateForMissed(em: Emitter, because: string): void {
  if (!escalationTarget(em)) return;
  em.emit({ type: 'EscalatedAutomatically', ...missedClocks(em) });
  escalate(em, because);
}

/** After a proposal that held a passed deadline fails, the deadline's consequence applies at once. */
export function releaseHeld(em: Emitter): void {
  const { stageId, level } = em.case.stage;
  const held = em.case.stage.clocks.filter((k) => k.heldAt && !k.metAt && !k.passedAt);
  let missed = false;
  for (const k of held) {
    if (servedBy(em.case, k)) {
      em.emit({ type: 'ClockMet', clockId: k.clockId });
      startDependents(em, k.clockId);
      continue;
    }
    em.emit({ type: 'ClockPassed', clockId: k.clockId, onPass: k.onPass });
    missed = true;
  }
  if (missed)
    escalateForMissed(
      em,
      `deadline passed at ${em.stageDef.label} while a proposal waited, and the proposal did not go ahead`,
    );
  startOnPass(
    em,
    held
      .filter((k) => em.case.stage.clocks.some((x) => x.clockId === k.clockId && x.passedAt))
      .map((k) => k.clockId),
    stageId,
    level,
  );
}

function withdraw(em: Emitter, reason: string): void {
  const f = new FieldErrors();
  const text = f.text('reason', reason, MAX.reason);
  f.done();
  close(em, 'withdrawn', `withdrawn: ${text}`);
}
