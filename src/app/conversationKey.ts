/** The key of a conversation the bot can post to: a person's personal chat, or a shared chat or channel. */
export type ConversationKey = `user:${string}` | `conv:${string}`;

/** Where the open-form mark of one card in a conversation is kept (beside the conversation references). */
export type FormKey = `form:${ConversationKey}:${string}`;

/** A person's personal chat with the bot (by their Entra object id). */
export const personKey = (aadObjectId: string): ConversationKey => `user:${aadObjectId}`;

/** A group chat or channel the bot is in (by its Teams conversation id). */
export const chatKey = (conversationId: string): ConversationKey => `conv:${conversationId}`;

export type ParsedKey =
  { kind: 'person'; aadObjectId: string } | { kind: 'conversation'; conversationId: string };

export function parseKey(key: ConversationKey): ParsedKey {
  return key.startsWith('user:')
    ? { kind: 'person', aadObjectId: key.slice('user:'.length) }
    : { kind: 'conversation', conversationId: key.slice('conv:'.length) };
}
