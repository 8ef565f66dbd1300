/** Shared steps for the domain rule tables. */
import type { Command } from '../../src/domain/case';
import type { Journey } from '../support/journey';

/** A discussion held by telephone between the people at the stage (the kind that counts). */
export function discussion(j: Journey, summary = 'Talked it through by telephone.'): Command {
  const attendeeIds = j.case.stage.participants.filter((p) => p.as !== 'supporter').map((p) => p.personId);
  return {
    type: 'recordDiscussion',
    heldAt: j.case.stage.enteredAt,
    method: 'telephone',
    attendeeIds,
    summary,
    outcome: 'unresolved',
  };
}

/** Record a counting discussion at the stage as `by`, then ask to escalate. */
export function discussThenEscalate(j: Journey, by: string, at: string, evidence = ''): void {
  j.when(by, discussion(j), at);
  j.when(by, { type: 'requestEscalation', evidence }, at);
}
