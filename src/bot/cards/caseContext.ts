/**
 * What every case card says about the case beyond its stage: what the disagreement is about, what has been agreed
 * so far, the resolution waiting for agreement, imminent risk, and why the case was escalated. Long texts are cut
 * to a few hundred characters (the card must stay under Teams' 28 KB); the timeline has them in full.
 */
import { sideText } from './sides';
import {
  actionsOutstanding,
  agreeingAgencies,
  obligationsOutstanding,
  type AgreedAction,
  type Case,
} from '../../domain/case';
import { themeLabel, type Directory } from '../../domain/directory';
import type { Procedure } from '../../domain/procedure/schema';
import { stageById } from '../../domain/procedure/validate';
import { literal } from './literal';
import { raiseWindowText } from './raiseWindow';

/** A person's typed text for a card: at most `max` characters, then "…"; markdown kept literal. */
export function short(text: string, max = 300): string {
  const t = text.trim();
  return literal(t.length > max ? `${t.slice(0, max).trimEnd()}…` : t);
}

export const OUTCOME_WORDS: Record<'resolved' | 'planAgreed' | 'unresolved', string> = {
  resolved: 'resolved',
  planAgreed: 'a plan was agreed',
  unresolved: 'not resolved',
};

const METHOD_WORDS: Record<string, string> = {
  telephone: 'by telephone',
  'face-to-face': 'face to face',
  'online-meeting': 'in an online meeting',
  email: 'by e-mail (does not count as the discussion a stage requires)',
};
export const methodWords = (m: string) => METHOD_WORDS[m] ?? m;

type Names = (id: string) => string;
type When = (iso: string | null) => string;
const agencyName = (dir: Directory, id: string) => sideText(dir, id);

/** "Resolution proposed by X: …; waiting for <agencies> to agree", and the actions it would agree. */
function resolutionLines(c: Case, dir: Directory, name: Names, when: When) {
  const r = c.stage.resolution;
  if (!r) return { resolutionText: '', resolutionActions: [] };
  if (c.status !== 'open')
    return {
      resolutionText:
        c.status === 'resolved'
          ? `Agreed resolution (proposed by ${name(r.by)}): ${short(r.summary).replace(/[.;,]\s*$/, '')}.`
          : '',
      resolutionActions: [],
    };
  const open = agreeingAgencies(c).filter((a) => !r.agreed[a]);
  const waiting = open.length
    ? `waiting for ${open.map((a) => agencyName(dir, a)).join(' and ')} to agree.`
    : 'every agency at this stage has agreed.';
  return {
    resolutionText: `Resolution proposed by ${name(r.by)}: ${short(r.summary).replace(/[.;,]\s*$/, '')}; ${waiting}`,
    resolutionActions: r.actions.map((a) => ({
      text: `Proposed action: ${short(a.text, 200)} — ${name(a.ownerId)}, by ${when(a.dueAt)}`,
    })),
  };
}

/** The agreed actions to show: this stage's, and any still open from earlier stages (they survive escalation). */
function actionRows(c: Case, now: Date, name: Names, when: When) {
  const earlier = c.history.flatMap((s) => s.actions).filter((a) => a.completedAt === null);
  const t = now.toISOString();
  return [...earlier, ...c.stage.actions].map((a: AgreedAction) => {
    const overdue = a.completedAt === null && a.dueAt <= t;
    const status = a.closedReason
      ? `Closed, not done: ${short(a.closedReason, 200)}`
      : a.completedAt
        ? 'Done'
        : overdue
          ? 'Overdue'
          : '';
    return {
      id: a.id,
      text: short(a.text, 200),
      owner: name(a.ownerId),
      due: when(a.dueAt),
      done: a.completedAt ? '✅' : overdue ? '⚠️' : '◻️',
      status,
      statusColor: overdue ? 'Attention' : 'Default',
      open: a.completedAt === null,
    };
  });
}

/** The evidence for the last escalation (or the deadlines missed, for an automatic one). */
function escalationEvidence(c: Case, procedure: Procedure): string {
  const last = c.history[c.history.length - 1];
  if (!last?.evidence) return '';
  const label = stageById(procedure, last.stageId).label;
  return `Why it left ${label}: ${short(last.evidence)}`;
}

/** What has been agreed so far: the latest discussion's outcome in words, and the latest plan. */
function agreedSoFar(c: Case, name: Names, when: When): { text: string }[] {
  const stages = [...c.history, c.stage];
  const discussion = stages.flatMap((s) => s.discussions).at(-1);
  const plan = stages
    .map((s) => s.plan)
    .filter((p) => p !== null)
    .at(-1);
  const lines: string[] = [];
  if (discussion)
    lines.push(
      `Latest discussion (${when(discussion.heldAt)}, ${methodWords(discussion.method)}): ${OUTCOME_WORDS[discussion.outcome]}.`,
    );
  if (plan) lines.push(`Plan agreed by ${name(plan.by)}: ${short(plan.text)}`);
  return lines.map((text) => ({ text }));
}

export function caseContext(
  c: Case,
  procedure: Procedure,
  dir: Directory,
  now: Date,
  name: Names,
  when: When,
) {
  const outstanding = c.status === 'resolved' && actionsOutstanding(c);
  return {
    riskBanner: c.imminentRisk
      ? `Imminent risk of harm: urgent timescales apply.${c.imminentRiskReason ? ` ${short(c.imminentRiskReason, 200)}` : ''}`
      : '',
    theme: literal(themeLabel(dir, c.theme)),
    summary: short(c.summary, 400),
    ...resolutionLines(c, dir, name, when),
    agreed: agreedSoFar(c, name, when),
    actions: actionRows(c, now, name, when),
    escalationEvidence: escalationEvidence(c, procedure),
    raiseWindow: raiseWindowText(c, procedure),
    ...(outstanding
      ? {
          statusText: `Resolved — ${obligationsOutstanding(c) ? 'obligations' : 'actions'} outstanding`,
          statusColor: 'Warning',
        }
      : {}),
  };
}
