/**
 * How much people can add to one case. One Cosmos document holds a case (state, events, outbox) and
 * Cosmos refuses an item over 2 MB (2,097,152 bytes): past it every save fails, the sweep's automatic
 * escalation and the outbox included. So people's input is capped well below it, and the scheduler's
 * commands are never capped.
 *
 * Headroom, in stored bytes (UTF-8 JSON, escapes included):
 * - Text: at most `textBytesPerCase` (600,000) of people's text; each piece is stored twice (its
 *   event and the state), evidence and a closing reason at most three times for one item: ≤ ~1.22 MB.
 * - Counted records: 200 discussions and 200 actions add ≤ ~0.7 KB each besides their text
 *   (event envelope with two 64-char hashes, the state's copy, one notification): ≤ ~0.28 MB.
 * - Everything else people do (acknowledgements, dates, supporters, proposals, rejections) is small,
 *   and is stopped outright by `storedBytesStop`: no person's command is accepted if the stored
 *   document plus that command's own growth (estimated high, see `growthOf`) would pass 1,500,000
 *   bytes, except the four that end something once (approve, withdraw, binding decision, mediation
 *   outcome: ≤ ~60 KB together). People can therefore never take a case past ~1.56 MB.
 * - What the scheduler and dispatcher still need after that: running a built-in procedure from raise to
 *   its last stage with nobody acting (every reminder, deadline, automatic escalation) is 14–19 events,
 *   ~11–13 KB of events and state; with their envelopes and messages `growthOf` puts it under 30 KB
 *   (test/domain/caps.test.ts holds it under 60 KB). Climbing stages repeat per management level, a few
 *   KB each; the outbox keeps at most 10 sent messages (~3 KB). That leaves > 400 KB spare below 2 MB.
 * The business office is alerted as the saved document passes each of SIZE_ALERT_BYTES (app layer).
 */
import { fail } from '../errors';
import type { Case, CaseEvent, Command, Decided } from './types';
import { SYSTEM } from './types';

export const CASE_LIMITS = {
  discussionsPerStage: 50,
  discussionsPerCase: 200,
  actionsPerStage: 50,
  actionsPerCase: 200,
  /** People's free text (summaries, plans, actions, evidence, reasons, decisions), as stored. */
  textBytesPerCase: 600_000,
  /** No person's command may take the stored document past this (the scheduler's always may). */
  storedBytesStop: 1_500_000,
} as const;

/** The business office is alerted once as the saved case document passes each of these sizes. */
export const SIZE_ALERT_BYTES = [1_000_000, CASE_LIMITS.storedBytesStop] as const;

/** Commands that end something at most once: still accepted on a full case, so it can be closed. */
const ENDING: ReadonlySet<Command['type']> = new Set([
  'approveOutcome',
  'withdraw',
  'recordBindingDecision',
  'recordMediationOutcome',
  'agreeResolution',
]);
/** Commands that move a case on or close it: the text cap never blocks them (the byte stop does). */
const MOVING_ON: ReadonlySet<Command['type']> = new Set([
  ...ENDING,
  'proposeResolution',
  'declineResolution',
  'requestEscalation',
  'rejectOutcome',
  'referToStage',
]);

/** Bytes of `value` as stored in the JSON document (escapes included), counted without copying them. */
export function storedBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');
}

const textBytes = (...texts: (string | null | undefined)[]) =>
  texts.reduce((n, t) => n + (t ? storedBytes(t) - 2 : 0), 0);

/** The free text an event stores (what people typed, or words built from it). */
export function textBytesOf(e: CaseEvent): number {
  switch (e.type) {
    case 'CaseRaised':
      return textBytes(e.reference, e.theme, e.summary);
    case 'DiscussionRecorded':
      return textBytes(e.discussion.summary);
    case 'PlanAgreed':
    case 'LearningPointsRecorded':
      return textBytes(e.text);
    case 'ActionAdded':
      return textBytes(e.action.text);
    case 'OutcomeProposed':
      return textBytes(e.evidence);
    case 'OutcomeRejected':
    case 'ResolutionDeclined':
    case 'ImminentRiskSet':
    case 'ImminentRiskCleared':
    case 'ActionsClosed':
      return textBytes(e.reason);
    case 'ResolutionProposed':
      return textBytes(e.summary, ...e.actions.map((a) => a.text));
    case 'EscalatedAutomatically':
      return textBytes(e.evidence);
    case 'MediationOutcomeRecorded':
      return textBytes(e.summary);
    case 'BindingDecisionRecorded':
      return textBytes(e.decision);
    case 'CaseClosed':
      return textBytes(e.because);
    default:
      return 0;
  }
}

/** People's text so far: the running total, or (for a case saved before it was kept) what its state holds. */
export function caseTextBytes(c: Case): number {
  if (c.textBytes !== undefined) return c.textBytes;
  const stages = [...c.history, c.stage];
  return textBytes(
    c.reference,
    c.theme,
    c.summary,
    c.closure,
    ...stages.flatMap((s) => [
      ...s.discussions.map((d) => d.summary),
      ...s.actions.map((a) => a.text),
      ...s.rejections.map((r) => r.reason),
      ...s.learningPoints.map((l) => l.text),
      s.plan?.text,
      s.evidence,
      s.decision?.text,
      s.resolution?.summary,
    ]),
  );
}

/** A high estimate of how much `decided` grows the stored document: each event, the state's copy, envelope and messages. */
export function growthOf(decided: readonly Decided[]): number {
  return decided.reduce((n, d) => n + 2 * storedBytes(d.event) + 1_000, 0);
}

const count = (c: Case, per: (s: Case['stage']) => number) =>
  [...c.history, c.stage].reduce((n, s) => n + per(s), 0);
const kb = (n: number) => `${Math.round(n / 1000).toLocaleString('en-GB')} KB`;
const HELP = 'Escalate the case if it is not resolved, or ask the business office for help.';

function full(message: string, field?: string): never {
  fail('CASE_FULL', message, field ? { [field]: message } : {});
}

/** Where a refused text would be typed, by command. */
const TEXT_FIELD: Partial<Record<Command['type'], string>> = {
  recordDiscussion: 'summary',
  agreePlan: 'text',
  addAction: 'actions[0].text',
  recordLearningPoints: 'learningPoints',
};

/**
 * Refuse a person's command that would take a case past its limits. `before` is the case as it was,
 * `after` as the command would leave it, `decided` what it would record. The scheduler is never refused.
 */
export function checkLimits(
  before: Case,
  after: Case,
  decided: readonly Decided[],
  command: Command,
  ctx: { by: string; storedBytes?: number },
): void {
  if (ctx.by === SYSTEM || decided.length === 0) return;
  const L = CASE_LIMITS;
  const added = (type: CaseEvent['type']) => decided.filter((d) => d.event.type === type).length;
  const discussions = added('DiscussionRecorded');
  if (discussions && after.stage.discussions.length > L.discussionsPerStage)
    full(
      `This stage already has ${before.stage.discussions.length} recorded discussions, the most one stage can hold (${L.discussionsPerStage}). ${HELP}`,
    );
  if (discussions && count(after, (s) => s.discussions.length) > L.discussionsPerCase)
    full(
      `This case already has ${count(before, (s) => s.discussions.length)} recorded discussions, the most one case can hold (${L.discussionsPerCase}). Ask the business office for help; the case still escalates when its deadline passes.`,
    );
  const actions = added('ActionAdded');
  if (actions && after.stage.actions.length > L.actionsPerStage)
    full(
      `This stage already has ${before.stage.actions.length} agreed actions and can hold at most ${L.actionsPerStage}${actions > 1 ? `, so not ${actions} more` : ''}. ${HELP}`,
      command.type === 'agreePlan' ? 'actions' : undefined,
    );
  if (actions && count(after, (s) => s.actions.length) > L.actionsPerCase)
    full(
      `This case already has ${count(before, (s) => s.actions.length)} agreed actions and can hold at most ${L.actionsPerCase}${actions > 1 ? `, so not ${actions} more` : ''}. Ask the business office for help; the case still escalates when its deadline passes.`,
      command.type === 'agreePlan' ? 'actions' : undefined,
    );
  const text = caseTextBytes(after);
  if (!MOVING_ON.has(command.type) && text > caseTextBytes(before) && text > L.textBytesPerCase)
    full(
      `This case already holds ${kb(caseTextBytes(before))} of written text and this would take it past ${kb(L.textBytesPerCase)}, the most one case can hold. Shorten what you wrote, or ${HELP.charAt(0).toLowerCase()}${HELP.slice(1)}`,
      TEXT_FIELD[command.type],
    );
  if (!ENDING.has(command.type) && (ctx.storedBytes ?? 0) + growthOf(decided) > L.storedBytesStop)
    full(
      `This case’s record is nearly as large as the system can store, so nothing more can be added to it. It still escalates automatically when its deadline passes, a manager can approve an escalation already asked for, and it can be withdrawn or decided; the business office has been alerted and can help.`,
    );
}
