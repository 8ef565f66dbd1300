/** Agreement closes a case, not a click: a resolution is proposed, agreed by every agency at the stage, then approved. */
import { fail } from '../errors';
import { checkActions, emitActions } from './actions';
import { type Emitter, isPartnershipOnly } from './flow';
import { FieldErrors, MAX } from './inputs';
import { propose, releaseHeld } from './outcome';
import type { Case, Command } from './types';

type ResolutionCommand = Extract<
  Command,
  { type: 'proposeResolution' | 'agreeResolution' | 'declineResolution' }
>;

export function resolutionCommand(em: Emitter, cmd: ResolutionCommand): void {
  switch (cmd.type) {
    case 'proposeResolution':
      return proposeResolution(em, cmd);
    case 'agreeResolution':
      return agreeResolution(em);
    case 'declineResolution':
      return declineResolution(em, cmd.reason);
    default: {
      const unhandled: never = cmd;
      throw new Error(`unhandled command ${JSON.stringify(unhandled)}`);
    }
  }
}

/** The agencies whose agreement closes the case: the raising side, and every agency with someone at the stage. */
export function agreeingAgencies(c: Case): string[] {
  const present = c.stage.participants.filter((p) => p.as !== 'supporter').map((p) => p.agencyId);
  return [...new Set([c.agencies[0]!, ...present])];
}

/** The agency `personId` stands for at this stage: their place at it, else the raising agency for the raiser. */
function agencyOf(c: Case, personId: string): string | undefined {
  const at = c.stage.participants.find((p) => p.personId === personId && p.as !== 'supporter');
  if (at) return at.agencyId;
  return c.raisedBy === personId ? c.agencies[0] : undefined;
}

function proposeResolution(em: Emitter, cmd: Extract<Command, { type: 'proposeResolution' }>): void {
  const stage = em.stageDef;
  if (isPartnershipOnly(stage))
    fail(
      'NOT_RECORDED_AT_THIS_STAGE',
      `${stage.label} closes by ${stage.records.bindingDecision ? 'the Chair’s final binding decision' : 'mediation'}, not by a proposed resolution.`,
    );
  const s = em.case.stage;
  if (s.pending || s.resolution)
    fail(
      'ALREADY_PENDING',
      s.pending
        ? 'An outcome is already waiting for approval.'
        : 'A resolution is already waiting for agreement.',
    );
  const agencyId = agencyOf(em.case, em.ctx.by);
  if (!agencyId)
    fail('NOT_ALLOWED', 'Only someone standing for an agency at this stage can propose a resolution.');
  const f = new FieldErrors();
  const summary = f.text('summary', cmd.summary, MAX.text);
  f.done();
  const actions = checkActions(em, cmd.actions, 'actions');
  em.emit({ type: 'ResolutionProposed', summary, actions, agencyId });
  completeIfAgreed(em);
}

function agreeResolution(em: Emitter): void {
  const r = em.case.stage.resolution;
  if (!r) fail('NOTHING_PENDING', 'No resolution is waiting for agreement.');
  const agencyId = agencyOf(em.case, em.ctx.by);
  if (!agencyId || !agreeingAgencies(em.case).includes(agencyId))
    fail('NOT_ALLOWED', 'Only someone standing for an agency at this stage can agree to the resolution.');
  if (r.agreed[agencyId]) return;
  em.emit({ type: 'ResolutionAgreed', agencyId });
  completeIfAgreed(em);
}

/** Every agency has agreed: the agreed actions are recorded, then the outcome goes for approval where the stage asks. */
function completeIfAgreed(em: Emitter): void {
  const r = em.case.stage.resolution;
  if (!r || !agreeingAgencies(em.case).every((a) => r.agreed[a])) return;
  emitActions(em, r.actions);
  propose(em, 'resolved', null, r.by);
}

function declineResolution(em: Emitter, reason: string): void {
  if (!em.case.stage.resolution) fail('NOTHING_PENDING', 'No resolution is waiting for agreement.');
  if (em.case.stage.pending)
    fail('ALREADY_PENDING', 'Every agency has agreed this resolution: it waits for a manager’s approval.');
  if (!agencyOf(em.case, em.ctx.by))
    fail('NOT_ALLOWED', 'Only someone standing for an agency at this stage can decline the resolution.');
  const f = new FieldErrors();
  const text = f.text('reason', reason, MAX.reason);
  f.done();
  em.emit({ type: 'ResolutionDeclined', reason: text });
  releaseHeld(em);
}
