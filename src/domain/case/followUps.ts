/** Effects of agreement, held deadlines, imminent risk and agreed actions (called by effectsOf for every event). */
import { agreeingAgencies } from './resolution';
import type { Case, Decided } from './types';

/** Participants at the stage for agencies that have not yet agreed the resolution (the raiser for the raising side). */
function stillToAgree(c: Case): string[] {
  const r = c.stage.resolution;
  if (!r) return [];
  const open = agreeingAgencies(c).filter((a) => !r.agreed[a]);
  const people = c.stage.participants
    .filter((p) => p.as !== 'supporter' && open.includes(p.agencyId))
    .map((p) => p.personId);
  return open.includes(c.agencies[0]!) ? [...people, c.raisedBy] : people;
}

/** The notify and alert reasons used here (a subset of effects.ts's, named here so the two files do not import each other). */
type Tell = (
  to: string[],
  reason: 'resolutionProposed' | 'resolutionDeclined' | 'approvalRequested' | 'reminder' | 'deadlinePassed',
) => void;
type Alert = (reason: 'imminentRisk' | 'actionOverdue') => void;

export function followUpEffects(d: Decided, c: Case, prev: Case | null, tell: Tell, alert: Alert): void {
  const e = d.event;
  switch (e.type) {
    case 'StageEntered':
      // raised with a child at imminent risk: the business office is told at once (once the stage is known)
      if (c.imminentRisk && (prev === null || prev.stage.stageId === '')) alert('imminentRisk');
      return;
    case 'ImminentRiskSet':
      return alert('imminentRisk');
    case 'ResolutionProposed':
      return tell(stillToAgree(c), 'resolutionProposed');
    case 'ResolutionDeclined':
      return tell(prev?.stage.resolution ? [prev.stage.resolution.by] : [], 'resolutionDeclined');
    case 'ApproverNamed':
      return tell([e.personId], 'approvalRequested');
    case 'ClockPassed':
      // the deadline passed while a proposal waited: the people asked are reminded (the business office is alerted)
      if (e.held === 'approval') tell(c.stage.pending?.approverIds ?? [], 'reminder');
      if (e.held === 'resolution') tell(stillToAgree(c), 'reminder');
      return;
    case 'ActionReminderSent':
    case 'ActionOverdue': {
      const owner = [...c.history, c.stage]
        .flatMap((s) => s.actions)
        .find((a) => a.id === e.actionId)?.ownerId;
      tell(owner ? [owner] : [], e.type === 'ActionReminderSent' ? 'reminder' : 'deadlinePassed');
      if (e.type === 'ActionOverdue' && e.onOverdue !== 'remind') alert('actionOverdue');
      return;
    }
    default:
      return;
  }
}
