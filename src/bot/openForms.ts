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
  /** The case version the form was opened at (absent in marks written before it was kept). */
  v?: number;
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

/** The case version a card's buttons carry (`data.v`), if any. */
export function versionOf(card: unknown): number | undefined {
  if (Array.isArray(card)) {
    for (const c of card) {
      const v = versionOf(c);
      if (v !== undefined) return v;
    }
    return undefined;
  }
  if (!card || typeof card !== 'object') return undefined;
  const node = card as Record<string, unknown>;
  const v = (node.data as { v?: unknown } | undefined)?.v;
  if (node.type === 'Action.Execute' && typeof v === 'number') return v;
  return versionOf(Object.values(node));
}

export class OpenForms {
  constructor(private readonly store: ConversationStore) {}

  /** `v`: the case version the form shows (its submit carries it). */
  async opened(conversationKey: ConversationKey, activityId: string, now: Date, v?: number): Promise<void> {
    const mark: Mark = { open: true, at: now.toISOString(), ...(v === undefined ? {} : { v }) };
    await this.store.save(keyOf(conversationKey, activityId), mark as unknown as Record<string, unknown>);
  }

  async closed(conversationKey: ConversationKey, activityId: string, now: Date): Promise<void> {
    const mark: Mark = { open: false, at: now.toISOString() };
    await this.store.save(keyOf(conversationKey, activityId), mark as unknown as Record<string, unknown>);
  }

  /** `shown`: the version the card was last recorded as showing (a save from it records a newer one). */
  async isOpen(
    conversationKey: ConversationKey,
    activityId: string,
    now: Date,
    shown?: number,
  ): Promise<boolean> {
    const mark = (await this.store.get(keyOf(conversationKey, activityId))) as Mark | null;
    if (!mark?.open) return false;
    if (mark.v !== undefined && shown !== undefined && shown > mark.v) return false; // submitted and saved
    return now.getTime() - Date.parse(mark.at) < HOLD_MS;
  }
}
