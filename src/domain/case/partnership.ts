/** Partnership stages: learning points, mediation by a Strategic Lead, the Chair's binding decision. */
import { fail } from '../errors';
import { checkActions, emitActions } from './actions';
import { close, type Emitter, meetServed } from './flow';
import { FieldErrors, MAX } from './inputs';
import type { Command } from './types';

type PartnershipCommand = Extract<
  Command,
  {
    type:
      | 'recordLearningPoints'
      | 'offerMediation'
      | 'recordMediationOutcome'
      | 'recordBindingDecision'
      | 'recordLeadsNotified';
  }
>;

export function partnershipCommand(em: Emitter, cmd: PartnershipCommand): void {
  switch (cmd.type) {
    case 'recordLearningPoints':
      return recordLearningPoints(em, cmd.text);
    case 'offerMediation':
      return offerMediation(em, cmd.meetingAt);
    case 'recordMediationOutcome':
      return recordMediationOutcome(em, cmd);
    case 'recordBindingDecision':
      return recordBindingDecision(em, cmd);
    case 'recordLeadsNotified':
      return recordLeadsNotified(em);
    default: {
      const unhandled: never = cmd;
      throw new Error(`unhandled command ${JSON.stringify(unhandled)}`);
    }
  }
}

export function requireRecord(em: Emitter, what: keyof Emitter['stageDef']['records'], label: string): void {
  if (!em.stageDef.records[what])
    fail('NOT_RECORDED_AT_THIS_STAGE', `${label} is not part of ${em.stageDef.label}.`);
}

function recordLearningPoints(em: Emitter, text: string): void {
  requireRecord(em, 'learningPoints', 'Learning points');
  const f = new FieldErrors();
  const t = f.text('learningPoints', text, MAX.text);
  f.done();
  em.emit({ type: 'LearningPointsRecorded', text: t });
}

/** The business office records that it has notified the Strategic Leads (the mediation clock runs from notification). */
function recordLeadsNotified(em: Emitter): void {
  requireRecord(em, 'mediation', 'Mediation');
  em.emit({ type: 'LeadsNotified' });
}

function offerMediation(em: Emitter, meetingAt: string | null): void {
  requireRecord(em, 'mediation', 'Mediation');
  if (em.case.stage.mediation) return;
  const f = new FieldErrors();
  const at = meetingAt ? f.instant('meetingAt', meetingAt) : null;
  f.done();
  em.emit({ type: 'MediationOffered', meetingAt: at });
}

/** Rule: a case still unresolved after mediation closes as such only with its learning points recorded. */
function recordMediationOutcome(
  em: Emitter,
  cmd: Extract<Command, { type: 'recordMediationOutcome' }>,
): void {
  requireRecord(em, 'mediation', 'Mediation');
  if (!em.case.stage.mediation) fail('INVALID_INPUT', 'Offer mediation before recording its outcome.');
  const f = new FieldErrors();
  const summary = f.text('summary', cmd.summary, MAX.text);
  f.check('outcome', cmd.outcome === 'resolved' || cmd.outcome === 'unresolved', 'Choose the outcome.');
  const learning = f.text('learningPoints', cmd.learningPoints ?? '', MAX.text, false);
  f.check(
    'learningPoints',
    cmd.outcome !== 'unresolved' || learning !== '' || em.case.stage.learningPoints.length > 0,
    'A case that stays unresolved after mediation closes only with the learning points recorded: write them here.',
  );
  f.done();
  if (learning) em.emit({ type: 'LearningPointsRecorded', text: learning });
  em.emit({ type: 'MediationOutcomeRecorded', outcome: cmd.outcome, summary });
  close(
    em,
    cmd.outcome,
    cmd.outcome === 'resolved' ? 'resolved through mediation' : 'unresolved after mediation',
  );
}

/**
 * Rule: the Chair either makes the final binding decision (the case closes, 'decided') or agrees a course of
 * action to reach it (the case stays open at the stage, with the actions agreed and a clock for the decision).
 */
function recordBindingDecision(em: Emitter, cmd: Extract<Command, { type: 'recordBindingDecision' }>): void {
  requireRecord(em, 'bindingDecision', 'A binding decision');
  const f = new FieldErrors();
  const text = f.text('decision', cmd.text, MAX.text);
  f.check(
    'kind',
    cmd.kind === 'final' || cmd.kind === 'courseOfAction',
    'Choose a final decision or a course of action.',
  );
  f.done();
  const actions = cmd.kind === 'courseOfAction' ? checkActions(em, cmd.actions, 'actions') : [];
  em.emit({ type: 'BindingDecisionRecorded', decision: text, kind: cmd.kind });
  emitActions(em, actions);
  meetServed(em);
  if (cmd.kind === 'final') close(em, 'decided', 'final binding decision recorded');
}
