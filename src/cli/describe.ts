/** A procedure in words, for `escalate procedure show`. */
import {
  caseLimitFields,
  DEFAULT_WORKING_DAY_ENDS,
  dateFields,
  dateWords,
  limitWords,
  onPassWords,
} from '../domain/procedure/limitWords';
import { capTarget, targetsOf } from '../domain/procedure/order';
import { involvementLines } from './involvementWords';
import { anchorRuleLines, anchorWords, kindWords } from './anchorWords';
import type { Bypass, Limit, Procedure } from '../domain/procedure/schema';

/** '5 working days from the start of the stage'; 'by the end of the same working day (17:00), counted from …'. */
function limitFrom(l: Limit, ends: string, anchor: string): string {
  const count = l.workingDays !== undefined || l.hours !== undefined;
  return `${limitWords(l, ends)}${count ? ' from' : ', counted from'} ${anchor}`;
}

const labelOf = (clocks: Procedure['stages'][number]['clocks'], id: string) =>
  clocks.find((k) => k.id === id)?.label ?? id;

/** The urgent timescales of the imminent-risk rule, one line each. */
function urgentLines(p: Procedure, ends: string): string[] {
  const lines: string[] = [];
  for (const [stageId, clocks] of Object.entries(p.rules.imminentRisk?.urgent ?? {})) {
    const stage = p.stages.find((s) => s.id === stageId);
    for (const [clockId, u] of Object.entries(clocks)) {
      lines.push(
        `    ${stage?.label ?? stageId}, "${stage ? labelOf(stage.clocks, clockId) : clockId}": ${limitWords(u.limit, ends)}${u.isDefault ? ' (default: the source gives no number)' : ''}`,
      );
    }
  }
  return lines;
}

/** What people can give a case: dates they enter and timescales they set. */
function inputLines(p: Procedure): string[] {
  const lines = [...dateFields(p)].map(
    ([field, label]) => `  Date people enter: ${dateWords(label)} (${field})`,
  );
  for (const f of caseLimitFields(p))
    lines.push(
      `  Set for each case: ${f.label} (${f.field}), ${f.min}–${f.max} ${f.unit === 'hours' ? 'hours' : 'working days'}`,
    );
  return lines;
}

/** What happens when the overall limit passes. */
function capWords(p: Procedure): string {
  const then = p.rules.cap?.then ?? 'alert';
  const target = capTarget(p);
  const label = p.stages.find((s) => s.id === target)?.label ?? target;
  if (then === 'alert') return 'when it passes the business office is alerted';
  const where = then === 'referToChair' ? `referred to the Chair (${label})` : `moved on to ${label}`;
  return `when it passes the business office is alerted and the case is ${where}, unless already there or beyond`;
}

/** 'Referral to Stage 4 (forward only) by director, businessOffice, wherever they stand'. */
function referralWords(p: Procedure, b: Bypass): string {
  const to = targetsOf(b).map((id) => p.stages.find((s) => s.id === id)?.label ?? id);
  const office = b.by.includes('businessOffice') ? ' (the business office from anywhere)' : '';
  const where =
    b.standing === 'anywhere' ? 'wherever they stand' : `standing at the case’s current stage${office}`;
  return `Referral to ${to.join(' or ')} (forward only) by ${words(INVOLVED, b.by)}, ${where}`;
}

/** Who is involved, approves, and how people talk, in the words of a safeguarding manager (not the format's ids). */
const INVOLVED: Record<string, string> = {
  professionals: 'the professionals who disagree',
  lineManagers: 'each professional’s line manager',
  nextManagerUp: 'the next manager up each agency’s line',
  escalationManager: 'each agency’s named manager for escalation',
  headOfService: 'Heads of Service',
  director: 'Directors',
  businessOffice: 'the business office',
  strategicLead: 'a Strategic Lead',
  independentChair: 'the Independent Chair',
};
const APPROVER: Record<string, string> = {
  requesterLineManager: 'the line manager of the person asking',
  businessOffice: 'the business office',
  independentChair: 'the Independent Chair',
};
const METHOD: Record<string, string> = {
  telephone: 'telephone',
  'face-to-face': 'face to face',
  'online-meeting': 'online meeting',
  email: 'e-mail',
};
const capital = (t: string) => t.charAt(0).toUpperCase() + t.slice(1);
const words = (map: Record<string, string>, ids: readonly string[]) => ids.map((x) => map[x] ?? x).join(', ');
const stageWords = (p: Procedure, id: string | null) => {
  const s = id ? p.stages.find((x) => x.id === id) : undefined;
  return s ? `${s.label} (${s.name})` : (id ?? 'none, this is the last stage');
};

/** 'the line manager of the person asking approves an escalation; no approval step for a resolution'. */
function approvalWords(a: Procedure['stages'][number]['approval']): string {
  const one = (who: string | null, what: string) =>
    who ? `${APPROVER[who] ?? who} approves ${what}` : `no approval step for ${what}`;
  return `${one(a.escalate, 'an escalation')}; ${one(a.resolve, 'a resolution')}`;
}

/** 'within 2 working days'; 'by the end of the next working day (17:00)'. */
const within = (l: Limit, ends: string) =>
  `${l.workingDays !== undefined || l.hours !== undefined ? 'within ' : ''}${limitWords(l, ends)}`;

export function describeProcedure(p: Procedure): string[] {
  const ends = p.workingDayEnds ?? DEFAULT_WORKING_DAY_ENDS;
  const lines = [
    `${p.title} (${p.id} v${p.version}, ${p.publisher}; calendar: ${p.nation}, working day ends ${ends})`,
  ];
  if (p.rules.preamble) lines.push('', p.rules.preamble);
  for (const s of p.stages) {
    const climb = s.climb
      ? ` (level by level, up to ${s.climb.inclusive ? '' : 'but not including '}${INVOLVED[s.climb.upTo] ?? (s.climb.upTo === 'seniorManager' ? 'senior managers' : s.climb.upTo)})`
      : '';
    lines.push('', `${s.label} — ${s.name}`);
    // a stage that says who is involved per side only (involvement) reads from its side lines below
    if (s.involves) lines.push(`  Involves: ${words(INVOLVED, s.involves)}${climb}`);
    else if (climb) lines.push(`  Climbs${climb}`);
    lines.push(...involvementLines(p, s), `  Expected: ${s.expected}`);
    for (const k of s.clocks) {
      const anchor = anchorWords(k, s.clocks);
      lines.push(
        `  Clock "${k.label}"${kindWords(p, k)}: ${limitFrom(k.limit, ends, anchor)}${k.isDefault ? ' (default: the source gives no number)' : ''}; when passed: ${onPassWords(k.onPass)}`,
      );
      lines.push(`    “${k.wording}”`);
    }
    const r = s.records;
    const recorded = [
      r.discussion && `discussion (${words(METHOD, r.methods)})`,
      r.plan && 'plan',
      r.actions && 'agreed actions',
      r.evidenceToEscalate && p.rules.evidenceBeforeEscalating && 'evidence before escalating',
      r.learningPoints && 'learning points',
      r.mediation && 'mediation',
      r.bindingDecision && 'binding decision',
    ].filter(Boolean);
    lines.push(`  Records: ${recorded.join(', ')}${r.formalRecord ? `; formally: ${r.formalRecord}` : ''}`);
    for (const ro of r.recordOnly)
      lines.push(`  ${capital(words(METHOD, [ro.method]))} may be recorded but does not count: ${ro.reason}`);
    lines.push(
      `  Approval: ${approvalWords(s.approval)}. The business office is ${s.notifyBusinessOffice ? '' : 'not '}told when a case reaches this stage. Next: ${stageWords(p, s.next)}`,
    );
  }
  const r = p.rules;
  lines.push('', 'Rules:');
  if (r.imminentRisk) {
    lines.push(
      `  Imminent risk: the case starts at ${stageWords(p, r.imminentRisk.startAt)}. “${r.imminentRisk.wording}”`,
    );
    const urgent = urgentLines(p, ends);
    if (urgent.length) lines.push('  Urgent timescales while a child is at imminent risk:', ...urgent);
  }
  lines.push(...inputLines(p), ...anchorRuleLines(p));
  for (const b of r.bypass) lines.push(`  ${referralWords(p, b)}: “${b.wording}”`);
  lines.push(
    r.sameAgency === 'allowed'
      ? '  Disagreements within one agency: allowed (each side keeps its own line of management)'
      : '  Disagreements within one agency: not handled (the professionals must be of different agencies)',
  );
  for (const o of r.afterResolution)
    lines.push(
      `  After resolution: ${o.text}, ${within(o.within, ends)} of the resolution, by ${o.owner === 'raiser' ? 'the person who raised it' : 'whoever stands for each side'} (the case is “resolved — obligations outstanding” until done)${o.wording ? `. “${o.wording}”` : ''}`,
    );
  if (r.conflictWithOwnManager)
    lines.push('  Conflict with your own line manager: referred to the next manager in line');
  if (r.cap)
    lines.push(`  Overall limit: ${r.cap.workingDays} working days; ${capWords(p)}. “${r.cap.wording}”`);
  lines.push(
    `  Evidence before escalating: ${r.evidenceBeforeEscalating ? 'required' : 'not required'}; supporter: ${r.supporterAllowed ? 'allowed' : 'no'}`,
  );
  return lines;
}
