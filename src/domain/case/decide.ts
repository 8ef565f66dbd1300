/** decide(state, command, ctx) → events. Pure: the clock, procedure and directory are passed in. */
import { addWorkingDays } from '../calendar';
import {
  findAgency,
  findPerson,
  isBusinessOffice,
  lineManagerOf,
  SAME_AGENCY_MARK,
  themesOf,
  type Person,
} from '../directory';
import { fail } from '../errors';
import { acceptsReference, referenceHelp } from '../reference';
import { followCap } from './cap';
import { addObligations } from './obligations';
import { capacitiesOf, mayRaise, mayRun } from './policy';
import { openActions } from './clocks';
import { type DecideContext, Emitter, enterStage, meetServed, startFromKnownDates } from './flow';
import { FieldErrors, MAX } from './inputs';
import { checkLimits } from './limits';
import { OWN_AGENCY_SUPPORTER, progressCommand } from './progress';
import { checkRaiseWindow } from './raiseWindow';
import type { Case, CaseState, Command, Decided } from './types';

export type { DecideContext } from './flow';

/** Agreed actions survive resolution: on a closed case their owners may still complete them, and they are followed up. */
const AFTER_CLOSE: ReadonlySet<Command['type']> = new Set([
  'completeAction',
  'closeActions',
  'actionReminderDue',
  'actionOverdue',
]);

export function decide(state: CaseState, command: Command, ctx: DecideContext): Decided[] {
  if (command.type === 'raise') return raise(state, command, ctx);
  if (state.status === 'none') fail('CASE_NOT_FOUND', 'There is no such case.');
  if (state.status !== 'open' && !(AFTER_CLOSE.has(command.type) && openActions(state).length > 0))
    fail('CASE_CLOSED', `This case is closed (${state.status}).`);
  authorise(state, command, ctx);
  const em = new Emitter(state, ctx);
  progressCommand(em, command);
  followCap(em);
  meetServed(em);
  addObligations(em);
  checkLimits(state, em.case, em.out, command, ctx);
  return em.out;
}

function authorise(c: Case, command: Exclude<Command, { type: 'raise' }>, ctx: DecideContext): void {
  const caps = capacitiesOf(c, ctx.by, ctx.directory, ctx.procedure);
  if (mayRun(c, command, ctx.by, caps)) return;
  if (caps.size === 0) fail('NOT_A_PARTICIPANT', 'You are not involved in this case.');
  if (command.type === 'approveOutcome' || command.type === 'rejectOutcome') {
    fail('NOT_THE_APPROVER', 'Only the manager asked to approve this outcome can approve or reject it.');
  }
  const involved = caps.size > 0;
  fail(
    involved ? 'NOT_ALLOWED' : 'NOT_A_PARTICIPANT',
    involved ? 'Your role at this stage does not allow this.' : 'You are not involved in this case.',
  );
}

/**
 * The professional disagreed with, and the key of their side: their agency's id, or, where the procedure allows a
 * disagreement inside one agency, that id marked (directory.ts) so the two sides stay apart.
 */
function otherSide(
  f: FieldErrors,
  id: string,
  raiser: Person,
  ctx: DecideContext,
): { id: string; side: string } {
  const other = findPerson(ctx.directory, id);
  f.check('otherProfessionalId', other !== undefined, 'Choose the professional you disagree with.');
  const sameAgency = other?.agencyId === raiser.agencyId;
  f.check(
    'otherProfessionalId',
    !sameAgency || ctx.procedure.rules.sameAgency === 'allowed',
    'Choose a professional from another agency.',
  );
  f.check('otherProfessionalId', other?.id !== raiser.id, 'Choose the professional you disagree with.');
  const agencyId = other?.agencyId ?? '';
  return { id: other?.id ?? '', side: sameAgency ? `${agencyId}${SAME_AGENCY_MARK}` : agencyId };
}

function raise(state: CaseState, cmd: Extract<Command, { type: 'raise' }>, ctx: DecideContext): Decided[] {
  const { procedure, directory: dir, now, by } = ctx;
  if (state.status !== 'none') fail('CASE_EXISTS', 'A case with this id already exists.');
  if (!mayRaise(by, dir)) fail('NOT_IN_DIRECTORY', 'You are not in this partnership’s directory.');
  if (cmd.procedureId !== procedure.id)
    fail('INVALID_INPUT', 'Unknown procedure.', { procedureId: 'Unknown procedure.' });
  const raiser = findPerson(dir, by)!;
  const f = new FieldErrors();
  const reference = f.text('reference', cmd.reference, MAX.reference);
  const agency = findAgency(dir, raiser.agencyId);
  f.check('reference', !reference || acceptsReference(agency, reference), referenceHelp(agency));
  const theme = f.text('theme', cmd.theme, MAX.theme);
  f.check(
    'theme',
    !theme || themesOf(dir).some((t) => t.id === theme),
    'Choose what the disagreement is about from the list (write the details in the summary).',
  );
  const summary = f.text('summary', cmd.summary, MAX.text);
  const other = otherSide(f, cmd.otherProfessionalId, raiser, ctx);
  const supporter = cmd.supporterId ? findPerson(dir, cmd.supporterId) : undefined;
  f.check(
    'supporterId',
    !cmd.supporterId || procedure.rules.supporterAllowed,
    'This procedure has no supporter role.',
  );
  f.check(
    'supporterId',
    !cmd.supporterId || supporter !== undefined,
    'Choose a supporter from the directory.',
  );
  f.check(
    'supporterId',
    !supporter || supporter.agencyId === raiser.agencyId || isBusinessOffice(dir, by),
    OWN_AGENCY_SUPPORTER,
  );
  f.check(
    'conflictWithOwnManager',
    !cmd.conflictWithOwnManager || procedure.rules.conflictWithOwnManager !== null,
    'This procedure has no rule for a conflict with your own line manager.',
  );
  f.check(
    'conflictWithOwnManager',
    !cmd.conflictWithOwnManager || lineManagerOf(dir, by) !== undefined,
    'You have no line manager in the directory.',
  );
  const dates = raiseDates(f, cmd.dates, ctx);
  f.done();
  const em = new Emitter(state, ctx);
  em.emit({
    type: 'CaseRaised',
    caseId: cmd.caseId,
    partnershipId: cmd.partnershipId,
    procedureId: procedure.id,
    procedureVersion: procedure.version,
    reference,
    theme,
    summary,
    agencies: [raiser.agencyId, other.side],
    professionals: { [raiser.agencyId]: by, [other.side]: other.id },
    imminentRisk: cmd.imminentRisk,
    conflictWithOwnManager: cmd.conflictWithOwnManager,
    supporterId: supporter?.id ?? null,
    capDueAt: procedure.rules.cap
      ? addWorkingDays(now, procedure.rules.cap.workingDays, procedure.nation).toISOString()
      : null,
  });
  const imminent = cmd.imminentRisk ? procedure.rules.imminentRisk : null;
  if (imminent)
    enterStage(em, imminent.startAt, 1, 'imminent risk of harm: started immediately at this stage');
  else enterStage(em, procedure.firstStage, 1, 'disagreement raised');
  for (const [field, date] of dates) checkRaiseWindow(em, field, date);
  startFromKnownDates(em); // a clock of the first stage counted from the date just given
  return em.out;
}

/** Dates given at raise: only the outside date the raise is checked against (rules.raiseWithin), not after now; a clock of the first stage counted from it starts from it too. */
function raiseDates(
  f: FieldErrors,
  dates: Record<string, string> | undefined,
  ctx: DecideContext,
): [string, string][] {
  const of = ctx.procedure.rules.raiseWithin?.of;
  return Object.entries(dates ?? {}).map(([field, value]) => {
    f.check(field, field === of, 'This procedure asks for no such date at raise.');
    const at = f.instant(field, value, (d) => (d > ctx.now ? 'Cannot be in the future.' : null));
    return [field, at] as [string, string];
  });
}
