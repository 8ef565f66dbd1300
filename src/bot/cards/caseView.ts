/** The case card's view model: what this viewer sees of the case, and the buttons their role allows. */
import { sideText } from './sides';
import { formatDeadline, formatLondon, type Nation } from '../../domain/calendar';
import { capacitiesOf, mayRun, type Capacity, type Case, type ClockInstance } from '../../domain/case';
import { findPerson, roleName, type Directory } from '../../domain/directory';
import type { Procedure } from '../../domain/procedure/schema';
import { stageById } from '../../domain/procedure/validate';
import { buttonsFor } from './caseButtons';
import { caseContext, methodWords, OUTCOME_WORDS, short } from './caseContext';
import { literal } from './literal';
import { waitingLines } from './waiting';

export interface CaseViewInput {
  c: Case;
  procedure: Procedure;
  directory: Directory;
  viewerId: string | null;
  now: Date;
  banner: string;
  headline?: string;
  notice?: { text: string; style: 'good' | 'attention' | 'warning' | 'accent' };
  refreshUserIds?: string[];
}

const CAPACITY_WORDS: Record<string, string> = {
  professionals: 'professional',
  supporter: 'supporter',
  lineManagers: 'line manager',
  nextManagerUp: 'senior manager',
  escalationManager: 'named escalation manager',
  headOfService: 'Head of Service',
  director: 'Director / Chief Executive',
  businessOffice: 'business office',
  strategicLead: 'Strategic Lead',
  independentChair: 'Independent Chair',
};

const STATUS: Record<Case['status'], [string, string]> = {
  open: ['Open', 'Accent'],
  resolved: ['Resolved', 'Good'],
  unresolved: ['Closed — unresolved', 'Attention'],
  decided: ['Decided', 'Good'],
  withdrawn: ['Withdrawn', 'Default'],
};

export const when = (iso: string | null): string => (iso ? formatLondon(new Date(iso)) : '');
/** A deadline in words: "Tue 29 Dec 2026, 10:00", or "the end of Tue 29 Dec 2026" for one at the start of a day. */
export const dueBy = (iso: string | null, nation: Nation): string =>
  iso ? formatDeadline(new Date(iso), nation) : '';
/** A person's name as shown on a card (literal: names come from an imported file). */
export const nameOf = (dir: Directory, id: string): string =>
  literal(findPerson(dir, id)?.name ?? 'someone no longer in the directory');

export function clockLine(
  k: ClockInstance,
  nation: Nation,
): { icon: string; label: string; line: string; wording: string } {
  // "immediately (within 1 hour)" reads once in brackets on the card: "(immediately, within 1 hour)"
  const rule = [k.rule.replace(/^immediately \((.*)\)$/, 'immediately, $1'), k.skipped]
    .filter(Boolean)
    .join('; ');
  const base = { label: k.label, wording: k.wording };
  if (k.metAt) return { ...base, icon: '✅', line: `met ${when(k.metAt)}` };
  if (k.passedAt)
    return { ...base, icon: '⚠️', line: `deadline passed: due by ${dueBy(k.dueAt, nation)} (${rule})` };
  if (k.heldAt)
    return {
      ...base,
      icon: '⏸️',
      line: `deadline passed (due by ${dueBy(k.dueAt, nation)}) while a proposal waits: the case stays here until it is agreed, approved or declined`,
    };
  if (!k.dueAt) return { ...base, icon: '⏸️', line: `starts when ${k.waitingFor ?? 'its anchor is set'}` };
  return {
    ...base,
    icon: '⏳',
    line: `by ${dueBy(k.dueAt, nation)} (${rule}${k.isDefault ? '; the partnership’s default timescale' : ''})`,
  };
}

function historyLines(c: Case, dir: Directory, procedure: Procedure): { text: string }[] {
  const s = c.stage;
  const lines: string[] = [];
  for (const id of s.acknowledgedBy) lines.push(`Acknowledged by ${nameOf(dir, id)}`);
  for (const d of s.discussions) {
    const counts = d.counts ? '' : ' (recorded; does not count as the discussion this stage requires)';
    const kind = d.kind && (procedure.discussionKinds?.find((k) => k.id === d.kind)?.label ?? d.kind);
    lines.push(
      `${when(d.heldAt)} · ${methodWords(d.method)}${kind ? ` · ${literal(kind)}` : ''}${counts} · ${d.attendeeIds.map((a) => nameOf(dir, a)).join(', ')} · outcome: ${OUTCOME_WORDS[d.outcome]} — ${short(d.summary)}`,
    );
  }
  for (const r of s.rejections)
    lines.push(`Declined or rejected by ${nameOf(dir, r.by)}: ${short(r.reason)}`);
  for (const l of s.learningPoints) lines.push(`Learning point (${nameOf(dir, l.by)}): ${short(l.text)}`);
  if (s.mediation)
    lines.push(
      `Mediation offered by ${nameOf(dir, s.mediation.offeredBy)}${s.mediation.meetingAt ? ` for ${when(s.mediation.meetingAt)}` : ''}${s.mediation.outcome ? `; outcome: ${s.mediation.outcome}` : ''}`,
    );
  if (s.decision)
    lines.push(
      `${s.decision.kind === 'courseOfAction' ? 'Course of action agreed by the Chair' : 'Final binding decision by'} ${nameOf(dir, s.decision.by)}: ${short(s.decision.text)}`,
    );
  if (s.leadsNotified)
    lines.push(`Strategic Leads notified by ${nameOf(dir, s.leadsNotified.by)}, ${when(s.leadsNotified.at)}`);
  return lines.map((text) => ({ text }));
}

/** "X asks to …; waiting for Y to approve" (or for the business office to name an approver). */
function pendingLine(c: Case, dir: Directory): string {
  const p = c.stage.pending!;
  const r = c.stage.resolution;
  const asks =
    p.outcome === 'resolved' && r
      ? `Every agency has agreed the resolution proposed by ${nameOf(dir, r.by)}`
      : `${nameOf(dir, p.by)} asks to ${p.outcome === 'resolved' ? 'close this case as resolved' : 'escalate to the next stage'}`;
  if (p.awaitingApprover)
    return `${asks}; no manager could be found to approve, so the business office has been asked to name one.`;
  const approvers = p.approverIds.map(
    (a) =>
      nameOf(dir, a) + (p.actingFor?.[a] ? ` (acting for ${nameOf(dir, p.actingFor[a])}, who is away)` : ''),
  );
  return `${asks}; waiting for ${approvers.join(' or ')} to approve.`;
}

export function caseView(input: CaseViewInput): Record<string, unknown> {
  const { c, procedure, directory: dir, viewerId } = input;
  const stage = stageById(procedure, c.stage.stageId);
  const caps = viewerId ? capacitiesOf(c, viewerId, dir, procedure) : new Set<Capacity>();
  // a proposal that needed no approval stays recorded on the stage, but nothing waits once the case is closed
  const pending = c.status === 'open' ? c.stage.pending : null;
  const recordOnly = stage.records.discussion ? stage.records.recordOnly : [];
  const context = caseContext(c, procedure, dir, input.now, (id) => nameOf(dir, id), when);
  return {
    banner: input.banner,
    headline: input.headline ?? '',
    notice: input.notice?.text ?? '',
    noticeStyle: input.notice?.style ?? 'default',
    caseId: c.caseId,
    v: c.version,
    refreshUserIds: input.refreshUserIds ?? [],
    reference: literal(c.reference),
    procedureTitle: `${procedure.title} (v${procedure.version})`,
    statusText: STATUS[c.status][0],
    statusColor: STATUS[c.status][1],
    imminentRisk: c.imminentRisk,
    stageLabel: c.stage.level > 1 ? `${stage.label} (level ${c.stage.level})` : stage.label,
    stageName: stage.name,
    expected: stage.expected + (stage.records.formalRecord ? ` ${stage.records.formalRecord}.` : ''),
    because: c.stage.enteredBecause,
    clocks: c.status === 'open' ? c.stage.clocks.map((k) => clockLine(k, procedure.nation)) : [],
    people: c.stage.participants.map((p) => ({
      name: nameOf(dir, p.personId),
      role:
        `${sideText(dir, p.agencyId)} · ${p.role ? literal(roleName(dir, p.role)) : (CAPACITY_WORDS[p.as] ?? p.as)}` +
        (p.actingFor ? ` · acting for ${nameOf(dir, p.actingFor)}, who is away` : ''),
    })),
    waitingFor: waitingLines(c, dir), // agencies waiting for a named manager, one { text } each
    flags: c.flags
      .filter((f) => !f.resolvedAt)
      .map((f) => ({
        text: `Missing in the directory: ${literal(f.wanted)}. The business office has been told.`,
      })),
    pendingText: pending ? pendingLine(c, dir) : '',
    pendingEvidence: short(pending?.evidence ?? ''),
    history: historyLines(c, dir, procedure),
    ...context,
    actions: context.actions.map((a) => ({
      ...a,
      canComplete: a.open && mayRun(c, { type: 'completeAction', actionId: a.id }, viewerId ?? '', caps),
    })),
    emailNote: recordOnly
      .map(
        (x) =>
          `An ${x.method === 'email' ? 'e-mail exchange' : x.method} can be recorded, but it does not count as the discussion this stage requires: “${x.reason}”`,
      )
      .join(' '),
    closure: c.status === 'open' ? '' : `Closed ${when(c.closedAt)}: ${literal(c.closure ?? '')}`,
    ...buttonsFor(c, stage, procedure, caps, viewerId),
  };
}
