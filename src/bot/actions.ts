/** Card actions: one handler per verb. View verbs only show; command verbs run through the application service. */
import { capacitiesOf, isAllowed, type Case } from '../domain/case';
import { DomainError } from '../domain/errors';
import { SaveFailedError, StoreUnavailableError } from '../store/errors';
import type { Cards } from './cards/cards';
import { FORM_OF, SUBMIT_OF, type FormKind } from './cards/forms';
import type { CardContent } from './cards/render';
import type { BotContext, CaseDoc } from './context';
import { awayForm, clearAway, setAway } from './away';
import { periodOf, reportCard } from './reporting';
import { cardVersion, cleanData, commandFor, str, type CardData } from './parseAction';
import { isVerb, isViewVerb, type CommandVerb, type ViewVerb } from './verbs';

export interface ActionInput {
  personId: string;
  verb: unknown;
  data: unknown;
  trigger: 'manual' | 'automatic';
  conversationType: string;
  conversationKey: string;
}

const SAVED: Partial<Record<CommandVerb, string>> = {
  raise: 'Raised. The other professional has been told.',
  acknowledge: 'Acknowledged.',
  recordDiscussion: 'Discussion recorded.',
  agreePlan: 'Plan recorded.',
  addAction: 'Action added.',
  completeAction: 'Action marked done.',
  requestEscalation: 'Escalation requested.',
  approveOutcome: 'Approved.',
  rejectOutcome: 'Rejected; the professional has been told.',
  resolve: 'Marked resolved.',
  withdraw: 'Withdrawn; everyone involved has been told.',
};

const FORM_FOR_COMMAND = Object.fromEntries(
  Object.entries(SUBMIT_OF).map(([form, verb]) => [verb, form]),
) as Partial<Record<CommandVerb, FormKind>>;

async function loadCase(ctx: BotContext, cards: Cards, data: CardData, personId: string): Promise<Case> {
  const caseId = str(data, 'caseId');
  const doc = caseId ? await ctx.cases.get<CaseDoc>(caseId) : null;
  if (!doc || doc.partnershipId !== ctx.partnershipId || !(await cards.mayView(doc.state, personId))) {
    throw new DomainError('CASE_NOT_FOUND', 'There is no such case that you can see.');
  }
  return doc.state;
}

export async function handleAction(ctx: BotContext, cards: Cards, input: ActionInput): Promise<CardContent> {
  const { personId } = input;
  if (!isVerb(input.verb))
    throw new DomainError('INVALID_INPUT', 'This card asked for something the bot does not know.');
  const verb = input.verb;
  const data = cleanData(input.data);
  if (!isViewVerb(verb)) {
    if (input.trigger === 'automatic')
      throw new DomainError('NOT_ALLOWED', 'An automatic card refresh cannot change a case.');
    if (verb === 'setAway') return setAway(ctx, cards, personId, data);
    if (verb === 'clearAway') return clearAway(ctx, cards, personId);
    return runCommand(ctx, cards, verb, data, personId);
  }
  if (verb === 'openAway') return awayForm(ctx, personId);
  if (verb === 'report') {
    const days = Number(str(data, 'days')) || 365;
    return reportCard(ctx, cards, input, periodOf(ctx.now(), { days }));
  }
  return showView(ctx, cards, verb, data, personId);
}

async function showView(
  ctx: BotContext,
  cards: Cards,
  verb: Exclude<ViewVerb, 'report' | 'openAway'>,
  data: CardData,
  personId: string,
): Promise<CardContent> {
  if (verb === 'help') return cards.help(personId);
  if (verb === 'myCases') return cards.myCases(personId);
  if (verb === 'openRaise') return cards.raise(personId);
  const c = await loadCase(ctx, cards, data, personId);
  if (verb === 'refresh' || verb === 'openCase') return cards.caseCard(c, personId);
  if (verb === 'openTimeline') return cards.timeline(c);
  const form = FORM_OF[verb];
  if (!form) throw new DomainError('INVALID_INPUT', 'This card asked for something the bot does not know.');
  const caps = capacitiesOf(c, personId, await ctx.directory(ctx.partnershipId), await cards.procedureOf(c));
  if (
    c.status !== 'open' ||
    !isAllowed(SUBMIT_OF[form] as Exclude<CommandVerb, 'raise' | 'setAway' | 'clearAway'>, caps)
  ) {
    return cards.caseCard(c, personId, {
      notice: {
        text: 'Your role at this stage does not allow that. Here is the case as it is now.',
        style: 'attention',
      },
    });
  }
  return cards.form(form, c, personId);
}

async function runCommand(
  ctx: BotContext,
  cards: Cards,
  verb: Exclude<CommandVerb, 'setAway' | 'clearAway'>,
  data: CardData,
  personId: string,
): Promise<CardContent> {
  const command = commandFor(verb, data, ctx.partnershipId);
  const caseId = str(data, 'caseId');
  if (!/^[A-Za-z0-9-]{8,64}$/.test(caseId))
    throw new DomainError('CASE_NOT_FOUND', 'This card does not name a case.');
  const version = verb === 'raise' ? undefined : cardVersion(data);
  const idempotencyKey = `${caseId}:${version ?? 0}:${verb}:${personId}:${str(data, 'actionId')}`;
  let result: Awaited<ReturnType<typeof ctx.service.run>>;
  try {
    result = await ctx.service.run({
      caseId,
      partnershipId: ctx.partnershipId,
      by: personId,
      command,
      cardVersion: version,
      idempotencyKey,
      source: `card:${verb}`,
    });
  } catch (e) {
    return answerFailure(ctx, cards, e, { verb, data, personId, caseId, version });
  }
  // people told something should hear it now; card updates wait for the dispatcher's next pass anyway
  if (result.effects.some((e) => e.kind !== 'refreshCards')) ctx.kick();
  // the audit trail has what changed; the log has who did what to which case, for security monitoring
  const { version: v, state } = result.doc;
  ctx.log.info(
    { event: 'actionApplied', verb, caseId, personId, version: v, replayed: result.replayed },
    'card action applied',
  );
  const saved = SAVED[verb] ?? 'Saved.';
  try {
    // an old card sent again by someone who may no longer see the case: say it was done, show nothing newer
    if (result.replayed && !(await cards.mayView(state, personId)))
      return cards.message({ title: 'Done', text: saved, style: 'good' });
    return await cards.caseCard(state, personId, { notice: { text: saved, style: 'good' } });
  } catch (e) {
    // it is saved: never answer as if it were not
    ctx.log.warn({ event: 'cardNotRendered', verb, caseId, err: (e as Error).name }, 'saved; card not shown');
    return cards.message({ title: 'Done', text: `${saved} Open the case again to see it.`, style: 'good' });
  }
}

const NO_VISIBLE_CASE = 'There is no such case that you can see.';

/** What a person is told when their action could not be saved. Trying again never applies it twice. */
function notSavedNotice(e: unknown): string {
  if (e instanceof SaveFailedError && e.applied === 'unknown')
    return 'We couldn’t confirm that this was saved. Please try again: if it was saved, it won’t be recorded twice.';
  return 'We couldn’t save this — nothing was changed. Please try again.';
}

/** A refused or failed command: the same form with what was typed and what is wrong, or the latest card. */
async function answerFailure(
  ctx: BotContext,
  cards: Cards,
  e: unknown,
  sent: { verb: CommandVerb; data: CardData; personId: string; caseId: string; version?: number },
): Promise<CardContent> {
  const { verb, data, personId, caseId } = sent;
  const form = FORM_FOR_COMMAND[verb];
  const values = Object.fromEntries(Object.entries(data).filter(([k]) => k !== 'caseId' && k !== 'v'));
  const existing = verb === 'raise' ? null : await ctx.cases.get<CaseDoc>(caseId).catch(() => null);
  // the case is shown back (as a form or a card) only to someone who may see it
  const c =
    existing &&
    existing.partnershipId === ctx.partnershipId &&
    (await cards.mayView(existing.state, personId))
      ? existing.state
      : null;
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
  if (form && withInputs) {
    if (form === 'raise')
      return cards.raise(personId, { values, errors: refused ? e.fields : {}, notice, caseId });
    if (c)
      return cards.form(form, c, personId, {
        values,
        errors: refused ? e.fields : {},
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
