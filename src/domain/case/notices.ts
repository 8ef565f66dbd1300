/**
 * People a stage only tells (issue #18 "which roles are only notified (on entry, on a deadline, on closure), with
 * what minimal content"): worked out when the stage is entered and kept on it, so the audit trail shows who was
 * told. A notice carries reference, stage and deadline, like a business office alert; they are not participants.
 */
import { actingFor, type Directory } from '../directory';
import type { Stage } from '../procedure/schema';
import { partnershipRoleHolders, roleHolder } from './involvement';
import type { CaseLine } from './participants';
import type { Case, CaseEvent, Notified, StageParticipant } from './types';

/**
 * Who `stage` tells and when: each role's holder for each of the case's agencies, or the partnership role's
 * holders. Someone away on `day` (London date) is replaced by their delegate, as a participant would be.
 */
export function notifiedAt(
  stage: Stage,
  c: CaseLine,
  dir: Directory,
  involved: StageParticipant[],
  day: string,
): Notified[] {
  const out: Notified[] = [];
  const add = (holder: string, role: string, on: Notified['on']) => {
    const personId = actingFor(dir, holder, day);
    if (involved.some((p) => p.personId === personId)) return; // told as a participant already
    const had = out.find((n) => n.personId === personId);
    if (had) {
      had.on = [...new Set([...had.on, ...on])];
      if (personId !== holder) had.actingFor ??= holder;
    } else out.push({ personId, role, on: [...on], ...(personId !== holder ? { actingFor: holder } : {}) });
  };
  for (const rule of stage.notify) {
    if (rule.partnershipRole !== undefined)
      for (const id of partnershipRoleHolders(dir, rule.partnershipRole))
        add(id, rule.partnershipRole, rule.on);
    if (rule.role !== undefined)
      for (const a of c.agencies) {
        const p = roleHolder(dir, c, a, rule.role);
        if (p) add(p.id, rule.role, rule.on);
      }
  }
  return out;
}

export type NoticeReason = 'stageEntered' | 'deadlinePassed' | 'closed';

/** Who gets a notice because of `e` (`c` the case after it): the stage's notified people, for the moment they asked. */
export function noticeRecipients(e: CaseEvent, c: Case): { to: string[]; reason: NoticeReason } | null {
  const at = (stages: { notified?: Notified[] }[], on: Notified['on'][number]) => [
    ...new Set(
      stages.flatMap((s) => (s.notified ?? []).filter((n) => n.on.includes(on)).map((n) => n.personId)),
    ),
  ];
  if (e.type === 'StageEntered') return { to: at([c.stage], 'entry'), reason: 'stageEntered' };
  if (e.type === 'ClockPassed') return { to: at([c.stage], 'deadline'), reason: 'deadlinePassed' };
  if (e.type !== 'CaseClosed') return null;
  const involved = new Set([c.stage, ...c.history].flatMap((s) => s.participants.map((p) => p.personId)));
  return { to: at([c.stage, ...c.history], 'closure').filter((id) => !involved.has(id)), reason: 'closed' };
}
