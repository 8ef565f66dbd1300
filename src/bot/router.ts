/** Routes text commands and card actions to the application, and always answers with a card. */
import { literal } from './cards/literal';
import type { Case } from '../domain/case';
import { DomainError } from '../domain/errors';
import { findPerson } from '../domain/directory';
import { StoreUnavailableError } from '../store/errors';
import { cardsFor } from './cards/cards';
import { handleAction } from './actions';
import type { BotContext, CaseDoc } from './context';
import { NOT_SENT_PRIVATELY, SENT_PRIVATELY, type CardContent, type Router, type Turn } from './teamsBot';
import { isVerb } from './verbs';
import { parseText } from './commands';
import { awayForm, clearAway } from './away';
import { periodOf, reportCard } from './reporting';

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
      switch (command.kind) {
        case 'help':
          return this.cards.help(personId);
        case 'raise':
          return this.cards.raise(personId);
        case 'myCases':
          return this.cards.myCases(personId);
        case 'away':
          return await awayForm(this.ctx, personId);
        case 'back':
          return await clearAway(this.ctx, this.cards, personId);
        case 'report': {
          const period = periodOf(this.ctx.now(), { from: command.from, to: command.to });
          return await reportCard(this.ctx, this.cards, { ...turn, personId }, period);
        }
        case 'case':
          return await this.openByReference(personId, command.reference);
        case 'unknown':
          return this.cards.help(personId, 'Sorry, I did not recognise that. Here is what I can do.');
      }
    } catch (e) {
      return this.failure(e, turn, 'text');
    }
  }

  async action(
    turn: Turn,
    verb: unknown,
    data: unknown,
    trigger: 'manual' | 'automatic',
  ): Promise<CardContent> {
    try {
      const personId = await this.identify(turn);
      return await handleAction(this.ctx, this.cards, {
        personId,
        verb,
        data,
        trigger,
        conversationType: turn.conversationType,
        conversationKey: turn.conversationKey,
      });
    } catch (e) {
      // the audit record names the verb only when it is one of ours: an unknown one is card input, never logged
      return this.failure(e, turn, isVerb(verb) ? verb : 'unknown', { caseId: caseIdOf(data), trigger });
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

  private async openByReference(personId: string, reference: string): Promise<CardContent> {
    const docs = await this.ctx.cases.findByReference<CaseDoc>(this.ctx.partnershipId, reference);
    const visible: Case[] = [];
    for (const d of docs) if (await this.cards.mayView(d.state, personId)) visible.push(d.state);
    if (visible.length === 0)
      return this.cards.message({
        title: 'No such case',
        text: `There is no case with reference ${literal(reference)} that you can see.`,
      });
    if (visible.length === 1) return this.cards.caseCard(visible[0]!, personId);
    return this.cards.caseList(visible, personId);
  }

  private failure(
    e: unknown,
    turn: Turn,
    what: string,
    about: { caseId?: string | null; trigger?: string } = {},
  ): CardContent {
    if (e instanceof DomainError) {
      this.ctx.log.warn(
        { event: 'refused', code: e.code, verb: what, personId: turn.personId, ...about },
        'request refused',
      );
      return this.cards.message({
        title: 'Not possible',
        text: e.message,
        style: 'attention',
        fields: e.fields,
      });
    }
    const unavailable = e instanceof StoreUnavailableError;
    this.ctx.log.error(
      { event: 'requestFailed', verb: what, err: (e as Error).name, personId: turn.personId, ...about },
      'request failed',
    );
    return this.cards.message({
      title: unavailable ? 'We couldn’t reach the case store' : 'Something went wrong on our side',
      text: 'Nothing was changed. Please try again in a moment.',
      style: 'attention',
    });
  }
}

/** The case a card names, for the audit log: an id-shaped own property only, never free text. */
function caseIdOf(data: unknown): string | null {
  if (!data || typeof data !== 'object' || !Object.prototype.hasOwnProperty.call(data, 'caseId')) return null;
  const id = (data as { caseId?: unknown }).caseId;
  return typeof id === 'string' && /^[A-Za-z0-9-]{8,64}$/.test(id) ? id : null;
}
