/** The work done within a stage: acknowledge, discuss, plan, actions, learning, mediation, decisions. */
import { findPerson, isBusinessOffice } from '../directory';
import { fail } from '../errors';
import { computeDue, reminderFor } from './clocks';
import { close, type Emitter, meetClocks } from './flow';
import { FieldErrors, MAX } from './inputs';
import { outcomeCommand } from './outcome';
import type { Command } from './types';

type Progress = Exclude<Command, { type: 'raise' }>;

export function progressCommand(em: Emitter, cmd: Progress): void {
  switch (cmd.type) {
    case 'addSupporter':
      return addSupporter(em, cmd.supporterId);
    case 'acknowledge':
      return acknowledge(em);
    case 'recordDiscussion':
      return recordDiscussion(em, cmd);
    case 'agreePlan':
      return agreePlan(em, cmd);
    case 'addAction':
      return addActions(em, [cmd], 'actions');
    case 'completeAction':
      return completeAction(em, cmd.actionId);
    case 'setClockDate':
      return setClockDate(em, cmd.clockId, cmd.date);
    case 'recordLearningPoints':
      return recordLearningPoints(em, cmd.text);
    case 'offerMediation':
      return offerMediation(em, cmd.meetingAt);
    case 'recordMediationOutcome':
      return recordMediationOutcome(em, cmd);
    case 'recordBindingDecision':
      return recordBindingDecision(em, cmd.decision);
    case 'assignParticipant':
      return assignParticipant(em, cmd.agencyId, cmd.personId);
    case 'resolve':
    case 'requestEscalation':
    case 'approveOutcome':
    case 'rejectOutcome':
    case 'reminderDue':
    case 'clockPassed':
    case 'capPassed':
    case 'referToStage':
    case 'withdraw':
      return outcomeCommand(em, cmd);
    default: {
      const unhandled: never = cmd;
      throw new Error(`unhandled command ${JSON.stringify(unhandled)}`);
    }
  }
}

function requireRecord(em: Emitter, what: keyof Emitter['stageDef']['records'], label: string): void {
  if (!em.stageDef.records[what])
    fail('NOT_RECORDED_AT_THIS_STAGE', `${label} is not part of ${em.stageDef.label}.`);
}

/** Field message when a supporter from another agency is chosen by someone outside the business office. */
export const OWN_AGENCY_SUPPORTER =
  'A supporter must be from your own agency. The business office can add a supporter from another agency: ask them.';

/**
 * Rule: a supporter is from the supported person's own agency (the person adding them; the raiser when the
 * business office adds one). Only a business office member may add a supporter from another agency.
 */
function addSupporter(em: Emitter, supporterId: string): void {
  const { directory: dir, by } = em.ctx;
  if (!em.ctx.procedure.rules.supporterAllowed)
    fail('NOT_RECORDED_AT_THIS_STAGE', 'This procedure has no supporter role.');
  const supporter = findPerson(dir, supporterId);
  if (!supporter)
    fail('INVALID_INPUT', 'Choose a supporter.', { supporterId: 'Choose a supporter from the directory.' });
  const office = isBusinessOffice(dir, by);
  const supportedAgency = office ? em.case.agencies[0] : findPerson(dir, by)?.agencyId;
  const otherAgency = supporter.agencyId !== supportedAgency;
  if (otherAgency && !office)
    fail('INVALID_INPUT', OWN_AGENCY_SUPPORTER, { supporterId: OWN_AGENCY_SUPPORTER });
  if (em.case.supporterId === supporterId) return;
  em.emit({ type: 'SupporterAdded', supporterId, agencyId: supporter.agencyId, otherAgency });
}

function acknowledge(em: Emitter): void {
  const c = em.case;
  if (!c.stage.clocks.some((k) => k.requirement === 'acknowledgement')) {
    fail('NOT_RECORDED_AT_THIS_STAGE', `${em.stageDef.label} asks for no acknowledgement.`);
  }
  const me = c.stage.participants.find((p) => p.personId === em.ctx.by);
  if (!me || me.agencyId === c.agencies[0])
    fail('NOT_ALLOWED', 'The professional who received the disagreement acknowledges it.');
  if (c.stage.acknowledgedBy.includes(em.ctx.by)) return;
  em.emit({ type: 'Acknowledged' });
  meetClocks(em, 'acknowledgement');
}

function recordDiscussion(em: Emitter, cmd: Extract<Progress, { type: 'recordDiscussion' }>): void {
  const records = em.stageDef.records;
  requireRecord(em, 'discussion', 'A discussion');
  const f = new FieldErrors();
  const now = em.ctx.now.getTime();
  const heldAt = f.instant('heldAt', cmd.heldAt, (d) =>
    d.getTime() > now + 3_600_000 ? 'Cannot be in the future.' : null,
  );
  const recordOnly = records.recordOnly.find((r) => r.method === cmd.method);
  f.check(
    'method',
    records.methods.includes(cmd.method) || recordOnly !== undefined,
    'Choose how the discussion was held.',
  );
  f.check(
    'attendeeIds',
    Array.isArray(cmd.attendeeIds) && cmd.attendeeIds.length > 0 && cmd.attendeeIds.length <= MAX.attendees,
    'Choose who took part.',
  );
  f.check(
    'attendeeIds',
    (cmd.attendeeIds ?? []).every((id) => findPerson(em.ctx.directory, id)),
    'Choose people from the directory.',
  );
  const summary = f.text('summary', cmd.summary, MAX.text);
  f.check('outcome', ['resolved', 'planAgreed', 'unresolved'].includes(cmd.outcome), 'Choose the outcome.');
  f.done();
  const counts = recordOnly === undefined;
  const id = `d${em.case.stage.discussions.length + 1}`;
  em.emit({
    type: 'DiscussionRecorded',
    discussion: {
      id,
      heldAt,
      method: cmd.method,
      attendeeIds: [...new Set(cmd.attendeeIds)],
      summary,
      outcome: cmd.outcome,
      counts,
    },
  });
  if (counts) meetClocks(em, 'discussion');
}

function agreePlan(em: Emitter, cmd: Extract<Progress, { type: 'agreePlan' }>): void {
  requireRecord(em, 'plan', 'A plan of action');
  const f = new FieldErrors();
  const text = f.text('plan', cmd.text, MAX.text);
  f.check('actions', (cmd.actions ?? []).length <= MAX.actions, `At most ${MAX.actions} actions.`);
  f.done();
  em.emit({ type: 'PlanAgreed', text });
  if (cmd.actions?.length) addActions(em, cmd.actions, 'actions');
  meetClocks(em, 'plan');
}

function addActions(
  em: Emitter,
  actions: { text: string; ownerId: string; dueAt: string }[],
  field: string,
): void {
  if (!em.stageDef.records.actions && !em.stageDef.records.plan)
    requireRecord(em, 'actions', 'Agreed actions');
  const f = new FieldErrors();
  const now = em.ctx.now;
  const checked = actions.map((a, i) => ({
    text: f.text(`${field}[${i}].text`, a.text, MAX.reason),
    ownerId: a.ownerId,
    dueAt: f.instant(`${field}[${i}].dueAt`, a.dueAt, (d) => (d < now ? 'Must be in the future.' : null)),
    ok: f.check(
      `${field}[${i}].ownerId`,
      findPerson(em.ctx.directory, a.ownerId) !== undefined,
      'Choose an owner.',
    ),
  }));
  f.done();
  const base = em.case.stage.actions.length;
  checked.forEach((a, i) =>
    em.emit({
      type: 'ActionAdded',
      action: { id: `a${base + i + 1}`, text: a.text, ownerId: a.ownerId, dueAt: a.dueAt },
    }),
  );
}

function completeAction(em: Emitter, actionId: string): void {
  const a = em.case.stage.actions.find((x) => x.id === actionId);
  if (!a) fail('INVALID_INPUT', 'No such action.', { actionId: 'No such action.' });
  if (a.completedAt) return;
  em.emit({ type: 'ActionCompleted', actionId });
}

function setClockDate(em: Emitter, clockId: string, date: string): void {
  const def = em.stageDef.clocks.find((k) => k.id === clockId);
  const k = em.case.stage.clocks.find((x) => x.clockId === clockId);
  if (!def || !k || def.anchor.kind !== 'userDate')
    fail('UNKNOWN_CLOCK', 'This stage has no such date to enter.');
  const f = new FieldErrors();
  const at = new Date(f.instant('date', date));
  f.done();
  const { nation } = em.ctx.procedure;
  const d = computeDue(def.limit, at, nation);
  const remind = reminderFor(def, d.due, em.ctx.now, nation);
  em.emit({
    type: 'ClockScheduled',
    clockId,
    dueAt: d.due.toISOString(),
    remindAt: remind?.toISOString() ?? null,
    rule: d.rule,
    skipped: d.skipped,
  });
}

function recordLearningPoints(em: Emitter, text: string): void {
  requireRecord(em, 'learningPoints', 'Learning points');
  const f = new FieldErrors();
  const t = f.text('learningPoints', text, MAX.text);
  f.done();
  em.emit({ type: 'LearningPointsRecorded', text: t });
}

function offerMediation(em: Emitter, meetingAt: string | null): void {
  requireRecord(em, 'mediation', 'Mediation');
  if (em.case.stage.mediation) return;
  const f = new FieldErrors();
  const at = meetingAt ? f.instant('meetingAt', meetingAt) : null;
  f.done();
  em.emit({ type: 'MediationOffered', meetingAt: at });
  meetClocks(em, 'mediationOffered');
}

function recordMediationOutcome(
  em: Emitter,
  cmd: Extract<Progress, { type: 'recordMediationOutcome' }>,
): void {
  requireRecord(em, 'mediation', 'Mediation');
  if (!em.case.stage.mediation) fail('INVALID_INPUT', 'Offer mediation before recording its outcome.');
  const f = new FieldErrors();
  const summary = f.text('summary', cmd.summary, MAX.text);
  f.check('outcome', cmd.outcome === 'resolved' || cmd.outcome === 'unresolved', 'Choose the outcome.');
  f.done();
  em.emit({ type: 'MediationOutcomeRecorded', outcome: cmd.outcome, summary });
  close(
    em,
    cmd.outcome,
    cmd.outcome === 'resolved' ? 'resolved through mediation' : 'unresolved after mediation',
  );
}

function recordBindingDecision(em: Emitter, decision: string): void {
  requireRecord(em, 'bindingDecision', 'A binding decision');
  const f = new FieldErrors();
  const text = f.text('decision', decision, MAX.text);
  f.done();
  em.emit({ type: 'BindingDecisionRecorded', decision: text });
  meetClocks(em, 'decision');
  close(em, 'decided', 'final binding decision recorded');
}

function assignParticipant(em: Emitter, agencyId: string, personId: string): void {
  const p = findPerson(em.ctx.directory, personId);
  if (!em.case.agencies.includes(agencyId) || !p || p.agencyId !== agencyId) {
    fail('INVALID_INPUT', 'Choose a person from that agency.', {
      personId: 'Choose a person from that agency.',
    });
  }
  em.emit({ type: 'ParticipantAssigned', agencyId, personId });
}
