/** The work done within a stage: acknowledge, discuss, plan, actions, dates; routes every other command. */
import { agencyOfSide, findPerson, isBusinessOffice, ROLE_RANK, type AgencyRole } from '../directory';
import { fail } from '../errors';
import {
  actionOverdue,
  actionReminderDue,
  checkActions,
  closeActions,
  completeAction,
  emitActions,
} from './actions';
import { setCaseLimit } from './caseLimits';
import { scheduledFrom } from './knownDates';
import type { Emitter } from './flow';
import { FieldErrors, MAX } from './inputs';
import { outcomeCommand } from './outcome';
import { checkRaiseWindow } from './raiseWindow';
import { partnershipCommand, requireRecord } from './partnership';
import { resolutionCommand } from './resolution';
import { clearImminentRisk, setImminentRisk } from './risk';
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
      return addAction(em, cmd);
    case 'completeAction':
      return completeAction(em, cmd.actionId);
    case 'actionReminderDue':
      return actionReminderDue(em, cmd.actionId);
    case 'actionOverdue':
      return actionOverdue(em, cmd.actionId);
    case 'closeActions':
      return closeActions(em, cmd.reason);
    case 'setClockDate':
      return setClockDate(em, cmd.clockId, cmd.date);
    case 'setCaseLimit':
      return setCaseLimit(em, cmd.field, cmd.value);
    case 'setImminentRisk':
      return setImminentRisk(em, cmd.reason);
    case 'clearImminentRisk':
      return clearImminentRisk(em, cmd.reason);
    case 'assignParticipant':
      return assignParticipant(em, cmd.agencyId, cmd.personId);
    case 'recordLearningPoints':
    case 'offerMediation':
    case 'recordMediationOutcome':
    case 'recordBindingDecision':
    case 'recordLeadsNotified':
      return partnershipCommand(em, cmd);
    case 'proposeResolution':
    case 'agreeResolution':
    case 'declineResolution':
      return resolutionCommand(em, cmd);
    case 'requestEscalation':
    case 'approveOutcome':
    case 'rejectOutcome':
    case 'nameApprover':
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
  const kinds = em.ctx.procedure.discussionKinds ?? [];
  f.check(
    'kind',
    !cmd.kind || kinds.some((k) => k.id === cmd.kind),
    'Choose what kind of discussion it was.',
  );
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
      ...(cmd.kind ? { kind: cmd.kind } : {}),
    },
  });
}

function agreePlan(em: Emitter, cmd: Extract<Progress, { type: 'agreePlan' }>): void {
  requireRecord(em, 'plan', 'A plan of action');
  const f = new FieldErrors();
  const text = f.text('plan', cmd.text, MAX.text);
  f.done();
  const actions = checkActions(em, cmd.actions, 'actions');
  em.emit({ type: 'PlanAgreed', text });
  emitActions(em, actions);
}

function addAction(em: Emitter, cmd: Extract<Progress, { type: 'addAction' }>): void {
  if (!em.stageDef.records.actions && !em.stageDef.records.plan)
    requireRecord(em, 'actions', 'Agreed actions');
  emitActions(em, checkActions(em, [cmd], 'actions'));
}

function setClockDate(em: Emitter, clockId: string, date: string): void {
  const def = em.stageDef.clocks.find((k) => k.id === clockId);
  const k = em.case.stage.clocks.find((x) => x.clockId === clockId);
  if (!def || !k || def.anchor.kind !== 'userDate')
    fail('UNKNOWN_CLOCK', 'This stage has no such date to enter.');
  const f = new FieldErrors();
  const at = new Date(f.instant('date', date));
  f.done();
  em.emit(scheduledFrom(em.case, em.ctx.procedure, def, at, em.ctx.now));
  checkRaiseWindow(em, def.anchor.field, at.toISOString());
}

/**
 * The business office names the person for an agency at this stage: someone of that agency and, where the agency
 * waits for a named manager or the stage is a manager's, at that level or above (seed 000 stage 3, seed 002 stage 2).
 */
function assignParticipant(em: Emitter, agencyId: string, personId: string): void {
  const p = findPerson(em.ctx.directory, personId);
  if (!em.case.agencies.includes(agencyId) || !p || p.agencyId !== agencyOfSide(agencyId)) {
    fail('INVALID_INPUT', 'Choose a person from that agency.', {
      personId: 'Choose a person from that agency.',
    });
  }
  const waiting = em.case.stage.waitingFor?.find((w) => w.agencyId === agencyId);
  const current = em.case.stage.participants.find((x) => x.agencyId === agencyId && x.as !== 'supporter');
  const as = waiting?.as ?? current?.as;
  const atLeast =
    waiting?.atLeast ??
    (as && as !== 'professionals' && as !== 'supporter'
      ? findPerson(em.ctx.directory, current!.personId)?.role
      : undefined);
  if (atLeast && ROLE_RANK[p.role] < ROLE_RANK[atLeast]) {
    const words = ROLE_WORDS[atLeast];
    fail('INVALID_INPUT', `Choose a ${words} or someone more senior.`, {
      personId: `Choose a ${words} or someone more senior in that agency.`,
    });
  }
  em.emit({
    type: 'ParticipantAssigned',
    agencyId,
    personId,
    ...(as && as !== 'supporter' ? { as } : {}),
    ...(waiting?.role ? { role: waiting.role } : {}), // named to stand in a role the stage asks for
  });
}

const ROLE_WORDS: Record<AgencyRole, string> = {
  practitioner: 'practitioner',
  manager: 'manager',
  seniorManager: 'senior manager',
  headOfService: 'Head of Service',
  director: 'Director',
};
