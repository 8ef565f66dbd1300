/**
 * Forms people have open on a case card (DESIGN.md §8 "nothing lost"). Opening a form replaces the card in
 * place; a later update to that card (someone else recorded something) would replace the form and what the
 * person was typing. So the card is left alone while its form is open: until it is submitted, the person goes
 * back to the case, or `HOLD_MS` passes (a form left open overnight gives way to the current case).
 *
 * A submit that is saved writes nothing here: the save itself records that the card now shows the saved
 * version (nextDocument.ts), newer than the version the form was opened at, which outdates the mark. That
 * keeps the common path (open, type, save) at one mark write. Going back, or a submit refused, writes "closed".
 */
import type { ConversationKey, FormKey } from '../app/conversationKey';
import type { ConversationStore } from '../app/ports';
import { SUBMIT_OF } from './cards/forms';

export const HOLD_MS = 8 * 60 * 60 * 1000;

/** A form's own buttons: its submit, and "Back to the case". Anything else clicked leaves the mark as it is. */
export const FORM_CLOSING_VERBS: ReadonlySet<string> = new Set([...Object.values(SUBMIT_OF), 'refresh']);

interface Mark {
  open: boolean;
  at: string;
  /** The case the form is about and its version when opened (absent in marks written before they were kept). */
  v?: number;
  caseId?: string;
}

/** The case a form is about and the version it was drawn from. */
export interface FormOf {
  caseId: string;
  v: number;
}

const keyOf = (conversationKey: ConversationKey, activityId: string): FormKey =>
  `form:${conversationKey}:${activityId}`;

/** True when the card has something a person can type or choose in. */
export function isForm(card: unknown): boolean {
  if (Array.isArray(card)) return card.some(isForm);
  if (!card || typeof card !== 'object') return false;
  const node = card as Record<string, unknown>;
  if (typeof node.type === 'string' && node.type.startsWith('Input.')) return true;
  return isForm(node.body) || isForm(node.items) || isForm(node.columns) || isForm(node.card);
}

/** The case and version a card's buttons carry (`data.caseId`, `data.v`), if any. */
export function formOf(card: unknown): FormOf | undefined {
  if (Array.isArray(card)) {
    for (const c of card) {
      const found = formOf(c);
      if (found) return found;
    }
    return undefined;
  }
  if (!card || typeof card !== 'object') return undefined;
  const node = card as Record<string, unknown>;
  const data = node.data as { v?: unknown; caseId?: unknown } | undefined;
  if (node.type === 'Action.Execute' && typeof data?.v === 'number' && typeof data.caseId === 'string')
    return { caseId: data.caseId, v: data.v };
  return formOf(Object.values(node));
}

export class OpenForms {
  constructor(private readonly store: ConversationStore) {}

  /** `form`: the case the form is about and the version it shows (its submit carries both). */
  async opened(
    conversationKey: ConversationKey,
    activityId: string,
    now: Date,
    form?: FormOf,
  ): Promise<void> {
    const mark: Mark = { open: true, at: now.toISOString(), ...form };
    await this.store.save(keyOf(conversationKey, activityId), mark as unknown as Record<string, unknown>);
  }

  /** `shows`: the case the message shows now, where the answer is a case card. */
  async closed(
    conversationKey: ConversationKey,
    activityId: string,
    now: Date,
    shows?: FormOf,
  ): Promise<void> {
    const mark: Mark = { open: false, at: now.toISOString(), ...shows };
    await this.store.save(keyOf(conversationKey, activityId), mark as unknown as Record<string, unknown>);
  }

  /**
   * Whether a card update for case `card.caseId` must leave this message alone: a form is open on it, or it
   * now shows another case (opened there from "My cases"; that case updates it). `card.shown`: the version
   * the message was last recorded as showing for this case (a save from it records a newer one than its form's).
   */
  async leaveAlone(
    conversationKey: ConversationKey,
    activityId: string,
    now: Date,
    card?: { caseId: string; shown?: number },
  ): Promise<boolean> {
    const mark = (await this.store.get(keyOf(conversationKey, activityId))) as Mark | null;
    if (!mark) return false;
    const otherCase = mark.caseId !== undefined && card !== undefined && mark.caseId !== card.caseId;
    if (!mark.open) return otherCase;
    const saved = !otherCase && mark.v !== undefined && card?.shown !== undefined && card.shown > mark.v;
    return !saved && now.getTime() - Date.parse(mark.at) < HOLD_MS;
  }
}
