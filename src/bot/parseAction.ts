/** Card data → domain command. Card data is untrusted: only known fields of known types are read. */
import { TZDate } from '@date-fns/tz';
import { londonDate } from '../domain/calendar';
import type { Command } from '../domain/case';
import { fail } from '../domain/errors';
import type { CommandVerb } from './verbs';

export type CardData = Record<string, unknown>;

/** Copy only own, plain keys (no __proto__, constructor or prototype), so forged payloads stay harmless. */
export function cleanData(data: unknown): CardData {
  const out: CardData = Object.create(null) as CardData;
  if (!data || typeof data !== 'object' || Array.isArray(data)) return out;
  for (const [k, v] of Object.entries(data as Record<string, unknown>)) {
    if (k === '__proto__' || k === 'constructor' || k === 'prototype') continue;
    out[k] = v;
  }
  return out;
}

export function str(d: CardData, key: string): string {
  const v = d[key];
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '';
}

function bool(d: CardData, key: string): boolean {
  const v = d[key];
  return v === true || v === 'true';
}

/** A multi-select ChoiceSet sends "a,b,c". */
function list(d: CardData, key: string): string[] {
  const v = d[key];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  return str(d, key)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * A date as a person types it, read the UK way: 25/12/2026, 25-12-2026, 25.12.2026 (or 25/12/26), 2026-12-25
 * (what a date picker sends), or "today" (the London date `today`). 'YYYY-MM-DD', or '' when it cannot be read.
 */
export function readDate(text: string, today = ''): string {
  const t = text.trim().toLowerCase();
  if (t === 'today') return today;
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t);
  const uk = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})$/.exec(t);
  const [y, m, d] = iso
    ? [Number(iso[1]), Number(iso[2]), Number(iso[3])]
    : uk
      ? [Number(uk[3]) + (uk[3]!.length === 2 ? 2000 : 0), Number(uk[2]), Number(uk[1])]
      : [0, 0, 0];
  // a real calendar date only: 31/02 or 12/25 is refused, never rolled over
  const day = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || day.getUTCMonth() !== m - 1 || day.getUTCDate() !== d) return '';
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** A typed date (see readDate) + Input.Time (HH:mm), read as London wall-clock time → UTC ISO; '' when absent/invalid. */
export function londonInstant(date: string, time: string, today = ''): string {
  const dm = /^(\d{4})-(\d{2})-(\d{2})$/.exec(readDate(date, today));
  const tm = /^(\d{2}):(\d{2})/.exec(time || '00:00');
  if (!dm || !tm) return '';
  const d = new TZDate(
    Number(dm[1]),
    Number(dm[2]) - 1,
    Number(dm[3]),
    Number(tm[1]),
    Number(tm[2]),
    0,
    'Europe/London',
  );
  return Number.isNaN(d.getTime()) ? '' : new Date(d.getTime()).toISOString();
}

/** Which of the form's three action rows (0–2) were filled in: the n-th action sent is row `actionRows(d)[n]`. */
export function actionRows(d: CardData): number[] {
  return [0, 1, 2].filter((i) => str(d, `action${i}Text`).trim() !== '');
}

function actionsFrom(d: CardData, today: string): { text: string; ownerId: string; dueAt: string }[] {
  // a due date that cannot be read goes on as '', which the domain refuses on that row's due date
  return actionRows(d).map((i) => ({
    text: str(d, `action${i}Text`),
    ownerId: str(d, `action${i}Owner`),
    dueAt: londonInstant(str(d, `action${i}Due`), '17:00', today),
  }));
}

/** "Propose a resolution" (and the old "Mark resolved" card's note): the other side agrees before it closes. */
function proposedResolution(d: CardData, today: string): Command {
  return {
    type: 'proposeResolution',
    summary: str(d, 'summary') || str(d, 'note'),
    actions: actionsFrom(d, today),
  };
}

/** The Chair's final binding decision, or the course of action agreed to reach it. */
function bindingDecision(d: CardData, today: string): Command {
  const kind = str(d, 'kind') === 'courseOfAction' ? 'courseOfAction' : 'final';
  return { type: 'recordBindingDecision', kind, text: str(d, 'decision'), actions: actionsFrom(d, today) };
}

/** Commands with no fields, and commands whose only field is a reason (card input `reason`). */
const BARE = ['acknowledge', 'approveOutcome', 'agreeResolution', 'recordLeadsNotified'] as const;
const WITH_REASON = [
  'rejectOutcome',
  'withdraw',
  'declineResolution',
  'setImminentRisk',
  'clearImminentRisk',
  'closeActions',
] as const;
type Bare = (typeof BARE)[number];
type WithReason = (typeof WITH_REASON)[number];
const isBare = (v: string): v is Bare => (BARE as readonly string[]).includes(v);
const isWithReason = (v: string): v is WithReason => (WITH_REASON as readonly string[]).includes(v);

/** A whole number typed into a card (" 5 " is 5); anything else is NaN, which the domain refuses on the field. */
function wholeNumber(text: string): number {
  return /^\s*\d{1,4}\s*$/.test(text) ? Number(text.trim()) : NaN;
}

/** A meeting date typed but unreadable: sent on as a value the domain refuses, so the form says so (not dropped). */
const UNREADABLE = 'unreadable date';

function meetingAt(d: CardData, today: string): string | null {
  if (!str(d, 'meetingDate').trim()) return null;
  return londonInstant(str(d, 'meetingDate'), str(d, 'meetingTime'), today) || UNREADABLE;
}

/** The raise form's command. */
function raiseFrom(d: CardData, partnershipId: string): Command {
  return {
    type: 'raise',
    caseId: str(d, 'caseId'),
    partnershipId,
    procedureId: str(d, 'procedureId'),
    reference: str(d, 'reference'),
    theme: str(d, 'theme'),
    summary: str(d, 'summary'),
    otherProfessionalId: str(d, 'otherProfessionalId'),
    imminentRisk: bool(d, 'imminentRisk'),
    conflictWithOwnManager: bool(d, 'conflictWithOwnManager'),
    supporterId: str(d, 'supporterId') || null,
  };
}

/**
 * The command a verb asks for, built from card data. The case id and card version travel separately.
 * `now` is when it was sent: a date typed as "today" is that London date.
 */
export function commandFor(
  verb: Exclude<CommandVerb, 'setAway' | 'clearAway'>,
  d: CardData,
  partnershipId: string,
  now?: Date,
): Command {
  const today = now ? londonDate(now) : '';
  if (isBare(verb)) return { type: verb };
  if (isWithReason(verb)) return { type: verb, reason: str(d, 'reason') };
  switch (verb) {
    case 'raise':
      return raiseFrom(d, partnershipId);
    case 'recordDiscussion':
      return {
        type: 'recordDiscussion',
        heldAt: londonInstant(str(d, 'heldAtDate'), str(d, 'heldAtTime'), today),
        method: str(d, 'method') as Extract<Command, { type: 'recordDiscussion' }>['method'],
        attendeeIds: list(d, 'attendeeIds'),
        summary: str(d, 'summary'),
        outcome: str(d, 'outcome') as Extract<Command, { type: 'recordDiscussion' }>['outcome'],
        ...(str(d, 'kind') ? { kind: str(d, 'kind') } : {}),
      };
    case 'agreePlan':
      return { type: 'agreePlan', text: str(d, 'plan'), actions: actionsFrom(d, today) };
    case 'addAction':
      return {
        type: 'addAction',
        text: str(d, 'actionText'),
        ownerId: str(d, 'actionOwner'),
        dueAt: londonInstant(str(d, 'actionDue'), '17:00', today),
      };
    case 'completeAction':
      return { type: 'completeAction', actionId: str(d, 'actionId') };
    case 'resolve':
      return proposedResolution(d, today);
    case 'nameApprover':
      return { type: 'nameApprover', personId: str(d, 'personId') };
    case 'requestEscalation':
      return { type: 'requestEscalation', evidence: str(d, 'evidence') };
    case 'recordLearningPoints':
      return { type: 'recordLearningPoints', text: str(d, 'learningPoints') };
    case 'offerMediation':
      return { type: 'offerMediation', meetingAt: meetingAt(d, today) };
    case 'recordMediationOutcome':
      return {
        type: 'recordMediationOutcome',
        outcome: str(d, 'outcome') as 'resolved' | 'unresolved',
        summary: str(d, 'summary'),
        learningPoints: str(d, 'learningPoints'),
      };
    case 'recordBindingDecision':
      return bindingDecision(d, today);
    case 'setClockDate':
      return {
        type: 'setClockDate',
        clockId: str(d, 'clockId'),
        date: londonInstant(str(d, 'date'), str(d, 'time'), today),
      };
    case 'setCaseLimit':
      return { type: 'setCaseLimit', field: str(d, 'field'), value: wholeNumber(str(d, 'value')) };
    case 'referToStage':
      return { type: 'referToStage', stageId: str(d, 'stageId'), reason: str(d, 'reason') };
    case 'assignParticipant':
      return { type: 'assignParticipant', agencyId: str(d, 'agencyId'), personId: str(d, 'personId') };
    case 'addSupporter':
      return { type: 'addSupporter', supporterId: str(d, 'supporterId') };
    default: {
      const unhandled: never = verb;
      return fail('INVALID_INPUT', `unknown verb ${String(unhandled)}`);
    }
  }
}

/** The card version an action was rendered from: a non-negative integer, or a refusal. */
export function cardVersion(d: CardData): number {
  const v = d.v;
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : NaN;
  if (!Number.isInteger(n) || n < 0)
    fail('STALE_CARD', 'This card is missing its version. Here is the latest.');
  return n;
}
