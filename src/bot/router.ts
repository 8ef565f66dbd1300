/** Routes text commands and card actions to their handlers, and always answers with a card: the one catch. */
import { literal } from './cards/literal';
import type { Case } from '../domain/case';
import { DomainError } from '../domain/errors';
import { findPerson } from '../domain/directory';
import { cardsFor, type Cards } from './cards/cards';
import { handleAction } from './actions';
import type { BotContext } from './context';
import { failureCard } from './failures';
import {
  BOT_NAME,
  NOT_SENT_PRIVATELY,
  SENT_PRIVATELY,
  type ActionAnswer,
  type CardContent,
  type Router,
  type Turn,
} from './turn';
import { isVerb } from './verbs';
import { parseText, type TextCommand } from './commands';
import { awayForm, clearAway } from './away';
import { periodOf, reportCard } from './reporting';

/** What a text handler gets: the app, the cards, the turn and who sent it (already identified). */
interface TextRequest {
  ctx: BotContext;
  cards: Cards;
  turn: Turn;
  personId: string;
}

type TextRoutes = {
  [K in TextCommand['kind']]: (
    r: TextRequest,
    command: Extract<TextCommand, { kind: K }>,
  ) => Promise<CardContent>;
};

const TEXT: TextRoutes = {
  help: (r) => r.cards.help(r.personId),
  raise: (r) => r.cards.raise(r.personId),
  myCases: (r) => r.cards.myCases(r.personId),
  away: (r) => awayForm(r.ctx, r.personId),
  back: (r) => clearAway(r.ctx, r.cards, r.personId),
  report: (r, { from, to }) =>
    reportCard(r.ctx, r.cards, { ...r.turn, personId: r.personId }, periodOf(r.ctx.now(), { from, to })),
  case: (r, { reference }) => openByReference(r, reference),
  caseUsage: (r) =>
    reply(
      r,
      'Which case?',
      `Type ${typed(r.turn, 'case')} followed by the case reference, for example ${typed(r.turn, 'case CSC/2026/1234')}, or ${typed(r.turn, 'my cases')} for your cases.`,
    ),
  unknown: (r, { text }) =>
    reply(r, `I didn’t understand “${echo(text)}”.`, `Type ${typed(r.turn, 'help')} to see what I can do.`),
};

/** The most of what someone typed that a reply shows back to them. */
const ECHO_MAX = 40;

/** Typed text shown back: short, and shown as typed rather than as markdown. */
function echo(text: string): string {
  const chars = Array.from(text.trim());
  if (chars.length <= ECHO_MAX) return literal(chars.join(''));
  const cut = chars.slice(0, ECHO_MAX - 1).join('');
  return literal(`${cut.trimEnd()}…`);
}

/** A short answer: a line saying what happened and a line saying what to type. */
function reply(r: TextRequest, title: string, text: string): Promise<CardContent> {
  return Promise.resolve(r.cards.message({ title, text }));
}

/** A command as the person should type it here: in a channel or group chat it starts with a mention. */
function typed(turn: Turn, command: string): string {
  return turn.conversationType === 'personal' ? `**${command}**` : `**@${BOT_NAME} ${command}**`;
}

function routeText(command: TextCommand, r: TextRequest): Promise<CardContent> {
  // each entry accepts its own kind; indexing by a union loses that pairing, so it is restated once here
  const handler = TEXT[command.kind] as (r: TextRequest, command: TextCommand) => Promise<CardContent>;
  return handler(r, command);
}

async function openByReference(
  { ctx, cards, personId }: TextRequest,
  reference: string,
): Promise<CardContent> {
  const docs = await ctx.cases.findByReference(ctx.partnershipId, reference);
  const visible: Case[] = [];
  for (const d of docs) if (await cards.mayView(d.state, personId)) visible.push(d.state);
  // the same answer whether the case does not exist or exists without them: it says nothing of other cases
  if (visible.length === 0)
    return cards.message({
      title: 'Case not found',
      text: `I can’t find a case ${echo(reference)} that you’re involved in. Type **my cases** to see your cases.`,
    });
  if (visible.length === 1) return cards.caseCard(visible[0]!, personId);
  return cards.caseList(visible, personId);
}

export class CardRouter implements Router {
  private readonly cards;

  constructor(private readonly ctx: BotContext) {
    this.cards = cardsFor(ctx);
  }

  async welcome(turn: Turn): Promise<CardContent> {
    return this.cards.help(turn.personId, 'Welcome to Escalate');
  }

  sentPrivately(delivered: boolean): CardContent {
    return this.cards.message(
      delivered
        ? { title: 'Sent to you privately', text: SENT_PRIVATELY, style: 'good' }
        : { title: 'Not shown here', text: NOT_SENT_PRIVATELY, style: 'attention' },
    );
  }

  async text(turn: Turn, raw: string): Promise<CardContent> {
    const command = parseText(raw);
    try {
      const personId = await this.identify(turn);
      return await routeText(command, { ctx: this.ctx, cards: this.cards, turn, personId });
    } catch (e) {
      return failureCard(this.ctx, this.cards, e, turn, 'text');
    }
  }

  async action(
    turn: Turn,
    verb: unknown,
    data: unknown,
    trigger: 'manual' | 'automatic',
  ): Promise<ActionAnswer> {
    let saved = false;
    let tookCard = false;
    try {
      const personId = await this.identify(turn);
      const card = await handleAction(this.ctx, this.cards, {
        personId,
        verb,
        data,
        trigger,
        conversationType: turn.conversationType,
        conversationKey: turn.conversationKey,
        cardId: turn.cardId,
        onSaved: (known) => {
          saved = known;
          tookCard = !known;
        },
      });
      return { card, saved, tookCard };
    } catch (e) {
      // the audit record names the verb only when it is one of ours: an unknown one is card input, never logged
      const what = isVerb(verb) ? verb : 'unknown';
      const card = await failureCard(this.ctx, this.cards, e, turn, what, {
        caseId: caseIdOf(data),
        trigger,
      });
      return { card, saved, tookCard };
    }
  }

  /** The person, from Teams' Entra object id, who must be in the partnership's directory. */
  private async identify(turn: Turn): Promise<string> {
    if (!turn.personId)
      throw new DomainError(
        'NOT_IN_DIRECTORY',
        'Teams did not say who you are, so nothing can be shown or changed.',
      );
    const dir = await this.ctx.directory(this.ctx.partnershipId);
    if (!findPerson(dir, turn.personId))
      throw new DomainError(
        'NOT_IN_DIRECTORY',
        `You are not in the directory of ${literal(dir.partnership.name)}. Ask the business office to add you.`,
      );
    return turn.personId;
  }
}

/** The case a card names, for the audit log: an id-shaped own property only, never free text. */
function caseIdOf(data: unknown): string | null {
  if (!data || typeof data !== 'object' || !Object.prototype.hasOwnProperty.call(data, 'caseId')) return null;
  const id = (data as { caseId?: unknown }).caseId;
  return typeof id === 'string' && /^[A-Za-z0-9-]{8,64}$/.test(id) ? id : null;
}
