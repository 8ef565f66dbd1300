/** Access rules: who may do what, checked in the core for every command. */
import { findPerson, isBusinessOffice, lineManagerOf, type Directory } from '../directory';
import type { Procedure } from '../procedure/schema';
import { referralRules } from './bypass';
import { openActions } from './clocks';
import { SYSTEM, type Case, type Command, type CommandType } from './types';

/** The capacities in which a person can stand towards a case. */
export const CAPACITIES = [
  'system',
  'raiser',
  'participant',
  'supporter',
  'approver',
  'actionOwner',
  'bypasser',
  'businessOffice',
  'strategicLead',
  'chair',
  'involved', // took part at an earlier stage
  'managerOfParticipant',
] as const;
export type Capacity = (typeof CAPACITIES)[number];

export type Action = CommandType | 'view';

/** The role × action matrix (documented in the README; tested exhaustively). */
export const PERMISSIONS: Record<Exclude<Action, 'raise'>, readonly Capacity[]> = {
  view: [
    'raiser',
    'participant',
    'supporter',
    'approver',
    'actionOwner',
    'bypasser', // may refer the case on from wherever they stand (#18), so must be able to open it
    'businessOffice',
    'strategicLead',
    'chair',
    'involved',
    'managerOfParticipant',
  ],
  addSupporter: ['raiser', 'participant', 'businessOffice'],
  acknowledge: ['participant'],
  recordDiscussion: ['participant'],
  agreePlan: ['participant'],
  addAction: ['participant'],
  completeAction: ['participant', 'actionOwner'],
  proposeResolution: ['participant'],
  agreeResolution: ['raiser', 'participant'],
  declineResolution: ['raiser', 'participant'],
  requestEscalation: ['participant'],
  approveOutcome: ['approver'],
  rejectOutcome: ['approver'],
  nameApprover: ['businessOffice'],
  setClockDate: ['participant'],
  setCaseLimit: ['participant'],
  reminderDue: ['system'],
  clockPassed: ['system'],
  capPassed: ['system'],
  actionReminderDue: ['system'],
  actionOverdue: ['system'],
  setImminentRisk: ['raiser', 'participant'],
  clearImminentRisk: ['participant', 'businessOffice'],
  closeActions: ['businessOffice'],
  recordLearningPoints: ['participant', 'businessOffice', 'chair'],
  offerMediation: ['strategicLead'],
  recordMediationOutcome: ['strategicLead'],
  recordLeadsNotified: ['businessOffice'],
  recordBindingDecision: ['chair'],
  referToStage: ['bypasser'],
  assignParticipant: ['businessOffice'],
  withdraw: ['raiser', 'businessOffice'],
};

/** Every capacity `personId` has towards case `c`. */
export function capacitiesOf(c: Case, personId: string, dir: Directory, procedure: Procedure): Set<Capacity> {
  const caps = new Set<Capacity>();
  if (personId === SYSTEM) return new Set(['system']);
  const current = c.stage.participants.filter((p) => p.personId === personId);
  if (c.raisedBy === personId) caps.add('raiser');
  if (current.some((p) => p.as !== 'supporter')) caps.add('participant');
  if (current.some((p) => p.as === 'supporter') || c.supporterId === personId) caps.add('supporter');
  if (c.stage.pending?.approverIds.includes(personId)) caps.add('approver');
  if (openActions(c).some((a) => a.ownerId === personId)) caps.add('actionOwner');
  if (referralRules(c, personId, dir, procedure).length) caps.add('bypasser');
  if (isBusinessOffice(dir, personId)) caps.add('businessOffice');
  if (dir.partnership.strategicLeadIds.includes(personId)) caps.add('strategicLead');
  if (dir.partnership.chairId === personId) caps.add('chair');
  if (c.history.some((s) => s.participants.some((p) => p.personId === personId))) caps.add('involved');
  if (c.stage.participants.some((p) => lineManagerOf(dir, p.personId)?.id === personId))
    caps.add('managerOfParticipant');
  return caps;
}

export function isAllowed(action: Exclude<Action, 'raise'>, caps: Set<Capacity>): boolean {
  return PERMISSIONS[action].some((k) => caps.has(k));
}

/**
 * May `personId`, holding `caps`, run `command` on `c`? The matrix, plus one rule it cannot express:
 * an action owner who is not a participant may complete only their own action.
 */
export function mayRun(
  c: Case,
  command: Exclude<Command, { type: 'raise' }>,
  personId: string,
  caps: Set<Capacity>,
): boolean {
  if (!isAllowed(command.type, caps)) return false;
  if (command.type === 'completeAction' && !caps.has('participant'))
    return openActions(c).some((a) => a.id === command.actionId && a.ownerId === personId);
  return true;
}

/** Anyone in the partnership's directory may raise a disagreement. */
export function mayRaise(personId: string, dir: Directory): boolean {
  return findPerson(dir, personId) !== undefined;
}

/** Reports and audit export are for the business office (and the Chair). */
export function mayReport(personId: string, dir: Directory): boolean {
  return isBusinessOffice(dir, personId) || dir.partnership.chairId === personId;
}
