/** Conversation references for proactive messages: persisted (never a module-level map), saved on every interaction. */
import { type Activity, type ConversationReference, TurnContext } from 'botbuilder';
import { chatKey, personKey, type ConversationKey } from '../app/conversationKey';
import type { ConversationStore } from '../app/ports';
import { conversationKey } from './conversationKey';
import { OpenForms } from './openForms';

export interface StoredReference {
  reference: Partial<ConversationReference>;
  userId?: string; // the Teams user id (29:…) for card refresh userIds
  tenantId?: string;
}

/**
 * The store is the source of truth; this instance keeps what it read or wrote for `ttlMs` (a card render
 * looks up every participant, and references change rarely), so another instance's newer reference is seen
 * within that time.
 */
export class Conversations {
  /** Last reference written per key, so an unchanged reference is not rewritten on every click (cache only). */
  private readonly lastSaved = new Map<string, string>();
  private readonly recent = new Map<string, { at: number; ref: Promise<StoredReference | null> }>();

  /** Open-form marks, kept in the same store (openForms.ts). */
  readonly openForms: OpenForms;

  constructor(
    private readonly store: ConversationStore,
    private readonly ttlMs = 60_000,
    private readonly clock: () => number = Date.now,
  ) {
    this.openForms = new OpenForms(store);
  }

  async remember(activity: Partial<Activity>): Promise<void> {
    if (!activity.conversation?.id || !activity.serviceUrl) return;
    const reference = TurnContext.getConversationReference(activity);
    delete reference.activityId;
    const key = conversationKey(activity);
    const channelData = activity.channelData as { tenant?: { id?: string } } | undefined;
    const value: StoredReference = {
      reference,
      userId:
        activity.conversation.conversationType === 'personal' || !activity.conversation.conversationType
          ? activity.from?.id
          : undefined,
      tenantId: channelData?.tenant?.id ?? activity.conversation.tenantId,
    };
    const json = JSON.stringify(value);
    if (this.lastSaved.get(key) === json) return;
    await this.store.save(key, value as unknown as Record<string, unknown>);
    this.lastSaved.set(key, json);
    this.recent.set(key, { at: this.clock(), ref: Promise.resolve(value) });
  }

  forPerson(personId: string): Promise<StoredReference | null> {
    return this.read(personKey(personId));
  }

  forConversation(conversationId: string): Promise<StoredReference | null> {
    return this.read(chatKey(conversationId));
  }

  /** The reference stored under a conversation key (a person's 1:1 chat, or a shared conversation). */
  read(key: ConversationKey): Promise<StoredReference | null> {
    const hit = this.recent.get(key);
    if (hit && this.clock() - hit.at < this.ttlMs) return hit.ref;
    const ref = this.store.get(key) as Promise<StoredReference | null>;
    ref.catch(() => this.recent.delete(key));
    this.recent.set(key, { at: this.clock(), ref });
    return ref;
  }
}
