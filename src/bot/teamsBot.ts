/** The Teams edge: identify the person, remember how to reach them, route text and card actions. Never decides. */
import {
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  CardFactory,
  MessageFactory,
  TeamsActivityHandler,
  TurnContext,
} from 'botbuilder';
import type { Logger } from '../log';
import type { Conversations } from './conversations';

export type CardContent = Record<string, unknown>;

/** What the edge hands to the router: who, where, and what they sent. */
export interface Turn {
  personId: string | null; // Entra object id; null when Teams did not send one
  conversationKey: string;
  conversationType: string;
}

export interface Router {
  text(turn: Turn, text: string): Promise<CardContent>;
  action(turn: Turn, verb: unknown, data: unknown, trigger: 'manual' | 'automatic'): Promise<CardContent>;
  welcome(turn: Turn): Promise<CardContent>;
}

export function conversationKey(activity: TurnContext['activity']): string {
  const type = activity.conversation?.conversationType ?? 'personal';
  if (type === 'personal' && activity.from?.aadObjectId) return `user:${activity.from.aadObjectId}`;
  return `conv:${activity.conversation?.id ?? ''}`;
}

function turnOf(ctx: TurnContext): Turn {
  const a = ctx.activity;
  return {
    personId: a.from?.aadObjectId ?? null,
    conversationKey: conversationKey(a),
    conversationType: a.conversation?.conversationType ?? 'personal',
  };
}

const CARD = 'application/vnd.microsoft.card.adaptive';

export class EscalateBot extends TeamsActivityHandler {
  constructor(
    private readonly router: Router,
    private readonly conversations: Conversations,
    private readonly log: Logger,
  ) {
    super();
    this.onMessage(async (ctx, next) => {
      await this.remember(ctx);
      const text = (TurnContext.removeRecipientMention(ctx.activity) ?? ctx.activity.text ?? '').trim();
      const card = await this.router.text(turnOf(ctx), text);
      await ctx.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
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
    await ctx.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
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
    const card = await this.router.action(turnOf(ctx), value.action?.verb, value.action?.data, trigger);
    return { statusCode: 200, type: CARD, value: card };
  }
}
