/** List-shaped cards: help, welcome, my cases, a case's timeline. */
import type { Case } from '../../domain/case';
import type { Directory } from '../../domain/directory';
import type { Procedure } from '../../domain/procedure/schema';
import { stageById } from '../../domain/procedure/validate';
import { methodWords, OUTCOME_WORDS } from './caseContext';
import { nameOf, when } from './caseView';
import { literal } from './literal';

const line = (text: string) => ({ text });

/**
 * What a stage asks, in the procedure's own sentences: each once (several clocks often quote the same
 * sentence of the seed), or what is expected when no clock has words.
 */
function stageWords(s: Procedure['stages'][number]): string {
  const sentences = s.clocks.flatMap((k) => k.wording.split(/(?<=\.)\s+/)).filter((x) => x.trim() !== '');
  return [...new Set(sentences)].join(' ') || s.expected;
}

export function helpView(
  procedures: Procedure[],
  banner: string,
  headline = 'Escalate: resolving professional disagreements',
): Record<string, unknown> {
  return {
    banner,
    title: headline,
    intro:
      'When professionals from different agencies disagree about a child’s case, Escalate moves the disagreement up the partnership’s procedure stage by stage, records every discussion, outcome and agreed action, and tells the next named manager when a deadline passes. Type **raise** to start, **my cases** for your cases, **case <reference>** to open one, **away** to name who acts for you while you are out of office, **help** for this card. The business office types **report** (or **report 2026-01-01 2026-03-31**) for figures. In a channel or group chat, start with **@Escalate** (for example **@Escalate report**); anything about a case is sent to your private chat with Escalate, never to the channel.',
    sections: procedures.map((p) => ({
      heading: p.title,
      subheading: `${p.publisher} · version ${p.version}`,
      lines: p.stages.map((s) => line(`**${s.label}: ${s.name}** — ${stageWords(s)}`)),
      verb: '',
      button: '',
      caseId: '',
    })),
    empty: '',
    buttons: [
      { title: 'Raise a disagreement', verb: 'openRaise', caseId: '' },
      { title: 'My cases', verb: 'myCases', caseId: '' },
      { title: 'Out of office', verb: 'openAway', caseId: '' },
    ],
  };
}

// "my cases" has its own file: sorting, what is expected of the viewer and their actions
export { myCasesView, type CaseSummary } from './myCases';

/** Characters of typed text the timeline may show in all (Teams refuses a card over 28 KB). */
const TIMELINE_TEXT_BUDGET = 16_000;

/** Every typed text of the case, so one share of the budget can be worked out. */
function typedTexts(c: Case): string[] {
  return [...c.history, c.stage].flatMap((s) => [
    ...s.discussions.map((d) => d.summary),
    ...(s.plan ? [s.plan.text] : []),
    ...s.actions.map((a) => a.text),
    ...(s.evidence ? [s.evidence] : []),
    ...s.rejections.map((r) => r.reason),
    ...s.learningPoints.map((l) => l.text),
    ...(s.decision ? [s.decision.text] : []),
  ]);
}

/** A typed text in full, unless the case's texts together would not fit on one card: then each gets a fair share. */
function fullText(c: Case): (text: string) => string {
  const texts = typedTexts(c);
  const total = texts.reduce((n, t) => n + t.length, 0);
  const share = total <= TIMELINE_TEXT_BUDGET ? Infinity : Math.max(300, TIMELINE_TEXT_BUDGET / texts.length);
  return (t) =>
    literal(t.length > share ? `${t.slice(0, share).trimEnd()}… (shortened to fit on one card)` : t);
}

type StageOf = Case['stage'];

/** One stage's entries, each with its text: discussions, plan, actions, evidence, reasons, learning, decision. */
function stageLines(s: StageOf, dir: Directory, text: (t: string) => string): { text: string }[] {
  return [
    line(`Entered ${when(s.enteredAt)} — ${s.enteredBecause}`),
    ...s.participants.map((p) => line(`Involved: ${nameOf(dir, p.personId)}`)),
    ...s.discussions.map((d) =>
      line(
        `Discussion ${when(d.heldAt)}, ${methodWords(d.method)}: ${OUTCOME_WORDS[d.outcome]} — ${text(d.summary)}`,
      ),
    ),
    ...(s.plan
      ? [line(`Plan agreed ${when(s.plan.at)} by ${nameOf(dir, s.plan.by)}: ${text(s.plan.text)}`)]
      : []),
    ...s.actions.map((a) =>
      line(
        `Action for ${nameOf(dir, a.ownerId)} by ${when(a.dueAt)}: ${text(a.text)}${a.closedReason ? ` — closed, not done: ${text(a.closedReason)}` : a.completedAt ? ' — done' : ''}`,
      ),
    ),
    ...s.rejections.map((r) =>
      line(`Declined or rejected by ${nameOf(dir, r.by)}, ${when(r.at)}: ${text(r.reason)}`),
    ),
    ...(s.evidence ? [line(`Evidence for escalating: ${text(s.evidence)}`)] : []),
    ...s.learningPoints.map((l) =>
      line(`Learning points (${nameOf(dir, l.by)}, ${when(l.at)}): ${text(l.text)}`),
    ),
    ...(s.decision
      ? [
          line(
            `${s.decision.kind === 'courseOfAction' ? 'Course of action agreed by the Chair' : 'Final binding decision'} ${when(s.decision.at)}: ${text(s.decision.text)}`,
          ),
        ]
      : []),
    ...(s.endedAt ? [line(`Left ${when(s.endedAt)} — ${literal(s.endedBecause ?? '')}`)] : []),
  ];
}

export function timelineView(
  c: Case,
  procedure: Procedure,
  dir: Directory,
  banner: string,
): Record<string, unknown> {
  const text = fullText(c);
  const sections = [...c.history, c.stage].map((s) => {
    const def = stageById(procedure, s.stageId);
    const lines = stageLines(s, dir, text);
    return {
      heading: s.level > 1 ? `${def.label} (level ${s.level}): ${def.name}` : `${def.label}: ${def.name}`,
      subheading: '',
      lines,
      verb: '',
      button: '',
      caseId: '',
    };
  });
  return {
    banner,
    title: `Timeline of case ${literal(c.reference)}`,
    intro: `Raised ${when(c.raisedAt)} under ${procedure.title}.`,
    sections,
    empty: '',
    buttons: [{ title: 'Back to the case', verb: 'refresh', caseId: c.caseId }],
  };
}
