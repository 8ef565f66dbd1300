/** Conversation references for proactive messages: persisted (never a module-level map), saved on every interaction. */
import { type Activity, type ConversationReference, TurnContext } from 'botbuilder';
import { conversationKey } from './teamsBot';

export interface ConversationStore {
  save(key: string, ref: Record<string, unknown>): Promise<void>;
  get(key: string): Promise<Record<string, unknown> | null>;
}

export interface StoredReference {
  reference: Partial<ConversationReference>;
  userId?: string; // the Teams user id (29:…) for card refresh userIds
  tenantId?: string;
}

export class Conversations {
  /** Last reference written per key, so an unchanged reference is not rewritten on every click (cache only). */
  private readonly lastSaved = new Map<string, string>();

  constructor(private readonly store: ConversationStore) {}

  async remember(activity: Partial<Activity>): Promise<void> {
    if (!activity.conversation?.id || !activity.serviceUrl) return;
    const reference = TurnContext.getConversationReference(activity);
    delete reference.activityId;
    const key = conversationKey(activity as Activity);
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
  }

  async forPerson(personId: string): Promise<StoredReference | null> {
    return (await this.store.get(`user:${personId}`)) as StoredReference | null;
  }

  async forConversation(conversationId: string): Promise<StoredReference | null> {
    return (await this.store.get(`conv:${conversationId}`)) as StoredReference | null;
  }
}
