/** Agreed actions: who does what by when, a reminder before, overdue followed up as the procedure says. */
import { findPerson } from '../directory';
import { fail } from '../errors';
import { reminderAt, openActions } from './clocks';
import { type Emitter, escalate, escalationTarget } from './flow';
import { FieldErrors, MAX } from './inputs';
import type { AgreedAction, Case, NewAction } from './types';

/** Check actions typed in a form: text, an owner from the directory, a due date in the future. */
export function checkActions(em: Emitter, actions: NewAction[] | undefined, field: string): NewAction[] {
  const list = actions ?? [];
  const f = new FieldErrors();
  f.check(field, Array.isArray(list) && list.length <= MAX.actions, `At most ${MAX.actions} actions.`);
  const now = em.ctx.now;
  const checked = (Array.isArray(list) ? list : []).map((a, i) => {
    const text = f.text(`${field}[${i}].text`, a.text, MAX.reason);
    const dueAt = f.instant(`${field}[${i}].dueAt`, a.dueAt, (d) =>
      d < now ? 'Must be in the future.' : null,
    );
    f.check(
      `${field}[${i}].ownerId`,
      findPerson(em.ctx.directory, a.ownerId) !== undefined,
      'Choose an owner.',
    );
    return { text, ownerId: a.ownerId, dueAt };
  });
  f.done();
  return checked;
}

function allActions(c: Case): AgreedAction[] {
  return [...c.history, c.stage].flatMap((s) => s.actions);
}

/** Record agreed actions (ids unique across the case), each with its owner's reminder time. */
export function emitActions(em: Emitter, actions: (NewAction & Pick<AgreedAction, 'obligation'>)[]): void {
  const { procedure, now } = em.ctx;
  const base = allActions(em.case).length;
  actions.forEach((a, i) => {
    const remind = reminderAt(procedure.rules.actions.remindBefore, new Date(a.dueAt), now, procedure.nation);
    em.emit({
      type: 'ActionAdded',
      action: { id: `a${base + i + 1}`, ...a, remindAt: remind ? remind.toISOString() : null },
    });
  });
}

/** The open action `actionId` from any stage (the current stage first). */
function findAction(c: Case, actionId: string): AgreedAction | undefined {
  return (
    c.stage.actions.find((a) => a.id === actionId) ??
    [...c.history]
      .reverse()
      .flatMap((s) => s.actions)
      .find((a) => a.id === actionId)
  );
}

export function completeAction(em: Emitter, actionId: string): void {
  const a = findAction(em.case, actionId);
  if (!a) fail('INVALID_INPUT', 'No such action.', { actionId: 'No such action.' });
  if (a.completedAt) return;
  em.emit({ type: 'ActionCompleted', actionId });
}

export function actionReminderDue(em: Emitter, actionId: string): void {
  const a = findAction(em.case, actionId);
  const now = em.ctx.now.toISOString();
  if (!a || a.completedAt || a.remindedAt || a.overdueAt || !a.remindAt || a.remindAt > now)
    fail('NOT_DUE', 'No reminder is due for this action.');
  em.emit({ type: 'ActionReminderSent', actionId });
}

/** An action past its due date: the owner reminded, the business office alerted, or the case escalated. */
export function actionOverdue(em: Emitter, actionId: string): void {
  const a = findAction(em.case, actionId);
  if (!a || a.completedAt || a.overdueAt || a.dueAt > em.ctx.now.toISOString())
    fail('NOT_DUE', 'This action is not overdue.');
  const onOverdue = em.ctx.procedure.rules.actions.onOverdue;
  em.emit({ type: 'ActionOverdue', actionId, onOverdue });
  const c = em.case;
  if (onOverdue !== 'escalate' || c.status !== 'open' || c.stage.pending || c.stage.resolution) return;
  if (!c.stage.actions.some((x) => x.id === actionId) || !escalationTarget(em)) return;
  em.emit({
    type: 'EscalatedAutomatically',
    evidence: `An agreed action was not done by its due date: ${a.text}`,
    missed: [],
  });
  escalate(em, `an agreed action is overdue (${em.stageDef.label})`);
}

/** The business office closes actions that will not be done, with the reason. */
export function closeActions(em: Emitter, reason: string): void {
  const f = new FieldErrors();
  const text = f.text('reason', reason, MAX.reason);
  f.done();
  const ids = openActions(em.case).map((a) => a.id);
  if (!ids.length) fail('NOTHING_PENDING', 'No agreed action is open.');
  em.emit({ type: 'ActionsClosed', reason: text, actionIds: ids });
}
