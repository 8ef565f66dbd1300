/** Limits in words (for `procedure show` and the cards' rules), and the fields a case can be given. */
import type { CaseLimitField, Limit, Procedure } from './schema';

/** When a working day ends unless the procedure says otherwise (London time). */
export const DEFAULT_WORKING_DAY_ENDS = '17:00';

export const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** 1st, 2nd, 3rd, 4th, … 11th, 12th, 13th, … 21st. */
export function ordinal(n: number): string {
  const teen = n % 100 >= 11 && n % 100 <= 13;
  const suffix = teen ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}

/** 'by the end of the same working day (17:00)', '… of the next working day …', '… of the 2nd working day …'. */
export function endOfWorkingDayWords(n: number, ends: string = DEFAULT_WORKING_DAY_ENDS): string {
  const day = n === 0 ? 'the same' : n === 1 ? 'the next' : `the ${ordinal(n)}`;
  return `by the end of ${day} working day (${ends})`;
}

export function immediatelyWords(hours: number): string {
  return `immediately (within ${plural(hours, 'hour')})`;
}

const UNIT_WORDS = { workingDays: 'working day', hours: 'hour' } as const;

/** '3 working days', '6 hours': a count in a field's unit. */
export function inUnit(n: number, unit: CaseLimitField['unit']): string {
  return plural(n, UNIT_WORDS[unit]);
}

/** 'a timescale that protects the child from harm, set for the case (1–10 working days)'. */
function setForCaseWords(f: CaseLimitField): string {
  const unit = `${UNIT_WORDS[f.unit]}s`;
  return `${f.label}, set for the case (${f.min === f.max ? f.min : `${f.min}–${f.max}`} ${unit})`;
}

/** A limit as the procedure states it, for a person reading the procedure (not for one case). */
export function limitWords(l: Limit, ends: string = DEFAULT_WORKING_DAY_ENDS): string {
  if (l.workingDays !== undefined) return plural(l.workingDays, 'working day');
  if (l.hours !== undefined) return plural(l.hours, 'hour');
  if (l.immediately !== undefined) return immediatelyWords(l.immediately.hours);
  if (l.endOfWorkingDay !== undefined) return endOfWorkingDayWords(l.endOfWorkingDay, ends);
  if (l.setForCase !== undefined) return setForCaseWords(l.setForCase);
  const [a, b] = l.lesserOf ?? [];
  if (a?.setForCase || b?.setForCase)
    return `${limitWords(a!, ends)} or ${limitWords(b!, ends)}, whichever is less`;
  return `the lesser of ${(l.lesserOf ?? []).map((x) => limitWords(x, ends)).join(' and ')}`;
}

function fieldsIn(l: Limit): CaseLimitField[] {
  return [...(l.setForCase ? [l.setForCase] : []), ...(l.lesserOf ?? []).flatMap(fieldsIn)];
}

/** The limits a participant can set for a case under this procedure (one per field). */
export function caseLimitFields(p: Procedure): CaseLimitField[] {
  const all = [
    ...p.stages.flatMap((s) => s.clocks.flatMap((c) => fieldsIn(c.limit))),
    ...Object.values(p.rules.imminentRisk?.urgent ?? {}).flatMap((cs) =>
      Object.values(cs).flatMap((u) => fieldsIn(u.limit)),
    ),
  ];
  return all.filter((f, i) => all.findIndex((g) => g.field === f.field) === i);
}

/** True when `l` depends on the value set for `field`. */
export function usesCaseLimit(l: Limit, field: string): boolean {
  return fieldsIn(l).some((f) => f.field === field);
}

/** The dates people enter under this procedure (userDate anchors, rules.raiseWithin), one per field: field → label. */
export function dateFields(p: Procedure): Map<string, string> {
  const out = new Map<string, string>();
  for (const s of p.stages)
    for (const c of s.clocks)
      if (c.anchor.kind === 'userDate' && !out.has(c.anchor.field)) out.set(c.anchor.field, c.anchor.label);
  const w = p.rules.raiseWithin; // the outside date a raise is checked against
  if (w && !out.has(w.of)) out.set(w.of, w.label ?? w.of);
  return out;
}

/** 'the date of the conference' for the label 'the conference'; a label that already names a date is kept. */
export function dateWords(label: string): string {
  return /\bdate\b/i.test(label) ? label : `the date of ${label}`;
}

/** What the app does when a clock passes unmet (effects.ts: those at the stage are told, the business office alerted). */
export function onPassWords(onPass: 'escalate' | 'alert' | 'remind'): string {
  return onPass === 'escalate'
    ? 'the case escalates automatically to the next stage or level'
    : 'those involved are told and the business office alerted';
}
