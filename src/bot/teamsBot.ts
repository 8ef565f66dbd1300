/** The Teams edge: identify the person, remember how to reach them, route text and card actions. Never decides. */
import {
  type Activity,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  TeamsActivityHandler,
  TurnContext,
} from 'botbuilder';
import { personKey } from '../app/conversationKey';
import type { Logger } from '../log';
import {
  addressed,
  parseText,
  SHARED_TEXT,
  SHARED_VERBS,
  type Addressed,
  type TextCommand,
} from './commands';
import { cardMessage } from './cardMessage';
import { conversationKey } from './conversationKey';
import type { Conversations } from './conversations';
import { formOf, isForm, type OpenForms } from './openForms';
import {
  BOT_NAME,
  NOT_SENT_PRIVATELY,
  SENT_PRIVATELY,
  type ActionAnswer,
  type CardContent,
  type Router,
  type Turn,
} from './turn';

/** Posts a card to a person's 1:1 chat now (opening it if need be); true when Teams took it. */
export type PrivateReply = (
  personId: string,
  card: CardContent,
  reach: { serviceUrl: string; teamsUserId: string },
) => Promise<boolean>;

/** A channel, group chat or meeting chat: anything but a person's 1:1 chat with the bot. */
export function isShared(turn: Turn): boolean {
  return turn.conversationType !== 'personal';
}

function turnOf(ctx: TurnContext): Turn {
  const a = ctx.activity;
  return {
    personId: a.from?.aadObjectId ?? null,
    conversationKey: conversationKey(a),
    conversationType: a.conversation?.conversationType ?? 'personal',
  };
}

/**
 * The text of a message without the bot's mentions. In a channel or group chat Teams sends a message only
 * when it @mentions the bot: Escalate does not ask for the permission to read every channel message
 * (ChannelMessage.Read.Group), which would hand it a safeguarding team's whole conversation.
 */
function addressedTo(a: Activity): Addressed {
  const botId = a.recipient?.id;
  const mentions = (a.entities ?? []).flatMap((e) => {
    const m = e as { type?: unknown; mentioned?: { id?: unknown }; text?: unknown };
    const isMention = typeof m.type === 'string' && m.type.toLowerCase() === 'mention';
    return isMention && botId && m.mentioned?.id === botId && typeof m.text === 'string' ? [m.text] : [];
  });
  const text = typeof a.text === 'string' ? a.text : '';
  return addressed(text, [a.recipient?.name ?? '', BOT_NAME], mentions);
}

/** A message in a shared conversation that does not mention the bot is answered only if it is a whole command. */
const KNOWN_UNMENTIONED: ReadonlySet<TextCommand['kind']> = new Set([
  'help',
  'raise',
  'myCases',
  'away',
  'back',
  'report',
  'case',
]);

const CARD = 'application/vnd.microsoft.card.adaptive';
/** An invoke answer that shows a short message and leaves the clicked card as it is. */
const MESSAGE = 'application/vnd.microsoft.activity.message';

/** The same person, in their 1:1 chat: where an answer about cases is read and acted on. */
function personal(turn: Turn): Turn {
  return {
    personId: turn.personId,
    conversationKey: personKey(turn.personId ?? ''),
    conversationType: 'personal',
  };
}

export class EscalateBot extends TeamsActivityHandler {
  constructor(
    private readonly router: Router,
    private readonly conversations: Conversations,
    private readonly log: Logger,
    private readonly privately: PrivateReply,
    private readonly forms: { marks: OpenForms; now: () => Date; closing: ReadonlySet<string> },
  ) {
    super();
    this.onMessage(async (ctx, next) => {
      await this.remember(ctx);
      const { text, mentioned } = addressedTo(ctx.activity);
      const turn = turnOf(ctx);
      const kind = parseText(text).kind;
      if (isShared(turn) && !mentioned && !KNOWN_UNMENTIONED.has(kind)) {
        // only with the channel-messages permission (not asked for) would Teams send chat not meant for us
        await next();
        return;
      }
      if (isShared(turn) && !SHARED_TEXT.has(kind)) {
        const delivered = await this.answerPrivately(ctx, turn, (t) => this.router.text(t, text));
        await ctx.sendActivity(cardMessage(this.router.sentPrivately(delivered)));
      } else {
        const card = await this.router.text(turn, text);
        await ctx.sendActivity(cardMessage(card));
      }
      await next();
    });
    this.onConversationUpdate(async (ctx, next) => {
      await this.remember(ctx);
      const added = ctx.activity.membersAdded ?? [];
      if (added.some((m) => m.id === ctx.activity.recipient?.id)) await this.sendWelcome(ctx);
      await next();
    });
    this.onInstallationUpdateAdd(async (ctx, next) => {
      await this.remember(ctx);
      await next();
    });
  }

  private async sendWelcome(ctx: TurnContext): Promise<void> {
    const card = await this.router.welcome(turnOf(ctx));
    await ctx.sendActivity(cardMessage(card));
  }

  private async remember(ctx: TurnContext): Promise<void> {
    try {
      await this.conversations.remember(ctx.activity);
    } catch (e) {
      this.log.warn(
        { event: 'conversationRefNotSaved', err: (e as Error).name },
        'could not save conversation reference',
      );
    }
  }

  protected override async onAdaptiveCardInvoke(
    ctx: TurnContext,
    value: AdaptiveCardInvokeValue,
  ): Promise<AdaptiveCardInvokeResponse> {
    await this.remember(ctx);
    const raw = ctx.activity.value as { trigger?: unknown } | undefined;
    const trigger = raw?.trigger === 'automatic' ? 'automatic' : 'manual';
    const turn: Turn = { ...turnOf(ctx), cardId: ctx.activity.replyToId };
    const verb: unknown = value.action?.verb;
    if (isShared(turn) && !(typeof verb === 'string' && SHARED_VERBS.has(verb))) {
      // a case card left in a shared conversation from before this rule: its refresh shows nothing of the case
      if (trigger === 'automatic')
        return { statusCode: 200, type: CARD, value: this.router.sentPrivately(false) };
      const delivered = await this.answerPrivately(ctx, turn, async (t) => {
        // the answer goes to the 1:1 chat as a new message: it replaces no card
        const answer = await this.router.action(
          { ...t, cardId: undefined },
          verb,
          value.action?.data,
          trigger,
        );
        return answer.card;
      });
      // a message, not a card: the card clicked (an alert) stays as it is for everyone
      const text = delivered ? SENT_PRIVATELY : NOT_SENT_PRIVATELY;
      return { statusCode: 200, type: MESSAGE, value: text as unknown as Record<string, unknown> };
    }
    const answer = await this.router.action(turn, verb, value.action?.data, trigger);
    if (trigger === 'manual') await this.markForm(turn, verb, answer);
    return { statusCode: 200, type: CARD, value: answer.card };
  }

  /**
   * The answer replaces the clicked card: remember whether it is now a form someone is typing into, so a
   * card update does not replace it (openForms.ts), and which case the message shows once the answer put
   * a case there other than the one it showed. Only a form's own buttons can close one; a submit saved
   * from the case's own card needs no write, its save having recorded that the card shows the saved version.
   */
  private async markForm(turn: Turn, verb: unknown, answer: ActionAnswer): Promise<void> {
    const activityId = turn.cardId;
    if (!activityId || typeof verb !== 'string') return;
    const { card, saved, tookCard } = answer;
    const { marks, now, closing } = this.forms;
    const key = turn.conversationKey;
    try {
      if (isForm(card)) await marks.opened(key, activityId, now(), formOf(card));
      else if (tookCard || verb === 'openCase' || (!saved && closing.has(verb)))
        await marks.closed(key, activityId, now(), formOf(card));
    } catch (e) {
      // the answer stands; at worst a later update replaces this card
      this.log.warn({ event: 'formMarkNotSaved', err: (e as Error).name }, 'could not note an open form');
    }
  }

  /** Work out the answer as if asked in the person's 1:1 chat, and post it there. */
  private async answerPrivately(
    ctx: TurnContext,
    turn: Turn,
    answer: (t: Turn) => Promise<CardContent>,
  ): Promise<boolean> {
    const a = ctx.activity;
    if (!turn.personId || !a.from?.id) return false;
    const card = await answer(personal(turn));
    try {
      return await this.privately(turn.personId, card, { serviceUrl: a.serviceUrl, teamsUserId: a.from.id });
    } catch (e) {
      this.log.warn(
        { event: 'privateReplyFailed', err: (e as Error).name },
        'could not answer in a 1:1 chat',
      );
      return false;
    }
  }
}
