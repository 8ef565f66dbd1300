/** The key a conversation reference is stored under: a person's 1:1 chat by their Entra id, else the conversation. */
import type { Activity } from 'botbuilder';
import { chatKey, personKey, type ConversationKey } from '../app/conversationKey';

export function conversationKey(activity: Partial<Activity>): ConversationKey {
  const type = activity.conversation?.conversationType ?? 'personal';
  if (type === 'personal' && activity.from?.aadObjectId) return personKey(activity.from.aadObjectId);
  return chatKey(activity.conversation?.id ?? '');
}
