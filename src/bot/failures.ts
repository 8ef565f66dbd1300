/**
 * The one place a refusal or a failure becomes a card. The edge (router.ts) catches everything and calls
 * `failureCard`; a card command that was not applied arrives wrapped in `NotApplied`, so its form can come back
 * with what was typed.
 */
import { DomainError } from '../domain/errors';
import { SaveFailedError, StoreUnavailableError } from '../app/errors';
import type { Cards } from './cards/cards';
import { SUBMIT_OF, type FormKind } from './cards/forms';
import type { CardContent } from './cards/render';
import type { BotContext } from './context';
import type { CardData } from './parseAction';
import type { Turn } from './turn';
import type { CommandVerb } from './verbs';

/** What a card command sent, kept so a refusal can show the same form again. */
export interface SentCommand {
  verb: CommandVerb;
  data: CardData;
  personId: string;
  caseId: string;
  version?: number;
}

/** A card command the application refused or could not save. */
export class NotApplied extends Error {
  constructor(
    readonly error: unknown,
    readonly sent: SentCommand,
  ) {
    super('card command not applied');
    this.name = 'NotApplied';
  }
}

const FORM_FOR_COMMAND = Object.fromEntries(
  Object.entries(SUBMIT_OF).map(([form, verb]) => [verb, form]),
) as Partial<Record<CommandVerb, FormKind>>;

const NO_VISIBLE_CASE = 'There is no such case that you can see.';

/** The card for anything thrown while answering `turn` (`what`: the verb or text command, for the log). */
export async function failureCard(
  ctx: BotContext,
  cards: Cards,
  e: unknown,
  turn: Turn,
  what: string,
  about: { caseId?: string | null; trigger?: string } = {},
): Promise<CardContent> {
  if (!(e instanceof NotApplied)) return plainFailure(ctx, cards, e, turn, what, about);
  try {
    return await notAppliedCard(ctx, cards, e.error, e.sent);
  } catch (e2) {
    return plainFailure(ctx, cards, e2, turn, what, about);
  }
}

/** A refusal says why; anything else says nothing was changed. */
function plainFailure(
  ctx: BotContext,
  cards: Cards,
  e: unknown,
  turn: Turn,
  what: string,
  about: { caseId?: string | null; trigger?: string },
): CardContent {
  if (e instanceof DomainError) {
    ctx.log.warn(
      { event: 'refused', code: e.code, verb: what, personId: turn.personId, ...about },
      'request refused',
    );
    return cards.message({ title: 'Not possible', text: e.message, style: 'attention', fields: e.fields });
  }
  const unavailable = e instanceof StoreUnavailableError;
  ctx.log.error(
    { event: 'requestFailed', verb: what, err: (e as Error).name, personId: turn.personId, ...about },
    'request failed',
  );
  return cards.message({
    title: unavailable ? 'We couldn’t reach the case store' : 'Something went wrong on our side',
    text: 'Nothing was changed. Please try again in a moment.',
    style: 'attention',
  });
}

/** What a person is told when their action could not be saved. Trying again never applies it twice. */
function notSavedNotice(e: unknown): string {
  if (e instanceof SaveFailedError && e.applied === 'unknown')
    return 'We couldn’t confirm that this was saved. Please try again: if it was saved, it won’t be recorded twice.';
  return 'We couldn’t save this — nothing was changed. Please try again.';
}

/** The case as the sender may see it now, or null (someone who may not see it learns nothing of it). */
async function visibleCase(ctx: BotContext, cards: Cards, sent: SentCommand) {
  if (sent.verb === 'raise') return null;
  const existing = await ctx.cases.get(sent.caseId).catch(() => null);
  return existing &&
    existing.partnershipId === ctx.partnershipId &&
    (await cards.mayView(existing.state, sent.personId))
    ? existing.state
    : null;
}

/** A refused or failed command: the same form with what was typed and what is wrong, or the latest card. */
async function notAppliedCard(
  ctx: BotContext,
  cards: Cards,
  e: unknown,
  sent: SentCommand,
): Promise<CardContent> {
  const { verb, data, personId, caseId } = sent;
  const form = FORM_FOR_COMMAND[verb];
  const values = Object.fromEntries(Object.entries(data).filter(([k]) => k !== 'caseId' && k !== 'v'));
  const c = await visibleCase(ctx, cards, sent);
  const refused = e instanceof DomainError;
  ctx.log.warn(
    {
      event: refused ? 'actionRefused' : 'actionFailed',
      code: refused ? e.code : (e as Error).name,
      verb,
      caseId,
      personId,
    },
    'card action not applied',
  );
  const retryable = e instanceof StoreUnavailableError || e instanceof SaveFailedError || !refused;
  // someone who may not see the case learns nothing of it, not even that it exists or is closed (the log
  // keeps the real reason)
  const hidden = refused && !c && verb !== 'raise';
  const notice = retryable ? notSavedNotice(e) : hidden ? NO_VISIBLE_CASE : e.message;
  const withInputs = retryable || (refused && (e.code === 'INVALID_INPUT' || e.code === 'EVIDENCE_REQUIRED'));
  const errors = refused ? e.fields : {};
  if (form && withInputs) {
    if (form === 'raise') return cards.raise(personId, { values, errors, notice, caseId });
    if (c)
      return cards.form(form, c, personId, {
        values,
        errors,
        notice,
        cardVersion: retryable ? sent.version : undefined,
      });
  }
  if (c) return cards.caseCard(c, personId, { notice: { text: notice, style: 'attention' } });
  return cards.message({
    title: 'Not possible',
    text: notice,
    style: 'attention',
    fields: refused && !hidden ? e.fields : undefined,
  });
}
