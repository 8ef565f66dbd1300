/** What the Teams edge hands to the router, and what it expects back. */
import type { ConversationKey } from '../app/conversationKey';
import type { CardContent } from './cards/render';

export type { CardContent };

/** Who, where, and what they sent. */
export interface Turn {
  personId: string | null; // Entra object id; null when Teams did not send one
  conversationKey: ConversationKey;
  conversationType: string;
  /** The message holding the card a button was clicked on (an invoke's replyToId). */
  cardId?: string;
}

/** The answer to a card action. */
export interface ActionAnswer {
  card: CardContent;
  /**
   * A case command was saved from a card already recorded as that case's card for the person. Its save
   * recorded that the card now shows the saved version, which also tells card updates that any form that
   * was open on it is gone (openForms.ts).
   */
  saved: boolean;
  /** A case command was saved from a message the case had not recorded: the case took it on as its card. */
  tookCard: boolean;
}

export interface Router {
  text(turn: Turn, text: string): Promise<CardContent>;
  action(turn: Turn, verb: unknown, data: unknown, trigger: 'manual' | 'automatic'): Promise<ActionAnswer>;
  welcome(turn: Turn): Promise<CardContent>;
  /** The short neutral card left in a shared conversation when the answer went to the person's 1:1 chat. */
  sentPrivately(delivered: boolean): CardContent;
}

/** The bot's name as people see it (the manifest's short name): what they @mention in a channel. */
export const BOT_NAME = 'Escalate';

export const SENT_PRIVATELY = 'I’ve sent this to you in a private chat with Escalate.';
export const NOT_SENT_PRIVATELY =
  'I couldn’t open a private chat with you. Open a chat with Escalate and ask there: case details are never shown here.';
