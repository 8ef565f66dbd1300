/**
 * Card actions: typed route tables from verb to handler, so a verb without a handler does not compile.
 * View verbs only show; command verbs run through the application. Failures go to the edge (failures.ts).
 */
import type { ConversationKey } from '../app/conversationKey';
import { actionsOutstanding, capacitiesOf, isAllowed, type Case } from '../domain/case';
import { DomainError } from '../domain/errors';
import type { Cards } from './cards/cards';
import { FORM_OF, SUBMIT_OF, type FormKind, type FormVerb } from './cards/forms';
import type { CardContent } from './cards/render';
import type { BotContext } from './context';
import { awayForm, clearAway, setAway } from './away';
import { NotApplied } from './failures';
import { periodOf, reportCard } from './reporting';
import { cardVersion, cleanData, commandFor, str, type CardData } from './parseAction';
import { isVerb, isViewVerb, type CommandVerb, type Verb, type ViewVerb } from './verbs';

export interface ActionInput {
  personId: string;
  verb: unknown;
  data: unknown;
  trigger: 'manual' | 'automatic';
  conversationType: string;
  conversationKey: ConversationKey;
  /** The message holding the clicked card (recorded as showing the saved version). */
  cardId?: string;
  /** Told when a case command is saved from the clicked card (`known`: already this case's card for the person). */
  onSaved?: (known: boolean) => void;
}

/** What every handler gets: the app, the cards, who asked, and the card's data (cleaned, still untrusted). */
export interface ActionRequest {
  ctx: BotContext;
  cards: Cards;
  personId: string;
  data: CardData;
  input: ActionInput;
}

/** One handler per verb; each is told the verb it was routed for. */
type Routes<V extends Verb> = { [K in V]: (r: ActionRequest, verb: K) => Promise<CardContent> };

type CaseCommandVerb = Exclude<CommandVerb, 'setAway' | 'clearAway'>;

async function loadCase({ ctx, cards, data, personId }: ActionRequest): Promise<Case> {
  const caseId = str(data, 'caseId');
  const doc = caseId ? await ctx.cases.get(caseId) : null;
  if (!doc || doc.partnershipId !== ctx.partnershipId || !(await cards.mayView(doc.state, personId))) {
    throw new DomainError('CASE_NOT_FOUND', 'There is no such case that you can see.');
  }
  return doc.state;
}

const showCase = async (r: ActionRequest) => r.cards.caseCard(await loadCase(r), r.personId);

/** A form about a case, or the case card with a notice when the viewer's role does not allow its command now. */
async function openForm(r: ActionRequest, kind: Exclude<FormKind, 'raise'>): Promise<CardContent> {
  const { ctx, cards, personId } = r;
  const c = await loadCase(r);
  const caps = capacitiesOf(c, personId, await ctx.directory(ctx.partnershipId), await cards.procedureOf(c));
  const verb = SUBMIT_OF[kind] as Exclude<CaseCommandVerb, 'raise'>;
  // agreed actions survive closure: the business office may still close them on a closed case
  const live = c.status === 'open' || (kind === 'closeActions' && actionsOutstanding(c));
  if (!live || !isAllowed(verb === 'resolve' ? 'proposeResolution' : verb, caps)) {
    return cards.caseCard(c, personId, {
      notice: {
        text: 'Your role at this stage does not allow that. Here is the case as it is now.',
        style: 'attention',
      },
    });
  }
  return cards.form(kind, c, personId);
}

/** Each "open…" verb shows its form (FORM_OF); the raise form needs no case. */
const showForm = (r: ActionRequest, verb: FormVerb): Promise<CardContent> => {
  const kind = FORM_OF[verb];
  return kind === 'raise' ? r.cards.raise(r.personId) : openForm(r, kind);
};

const VIEWS: Routes<ViewVerb> = {
  refresh: showCase,
  openCase: showCase,
  openRaise: showForm,
  openDiscussion: showForm,
  openPlan: showForm,
  openAction: showForm,
  openEscalate: showForm,
  openReject: showForm,
  openLearning: showForm,
  openMediation: showForm,
  openMediationOutcome: showForm,
  openDecision: showForm,
  openWithdraw: showForm,
  openRefer: showForm,
  openAssign: showForm,
  openSupporter: showForm,
  openTimeline: async (r) => r.cards.timeline(await loadCase(r)),
  openHistory: async (r) => r.cards.history(await loadCase(r)),
  myCases: (r) => r.cards.myCases(r.personId),
  help: (r) => r.cards.help(r.personId),
  report: (r) =>
    reportCard(r.ctx, r.cards, r.input, periodOf(r.ctx.now(), { days: Number(str(r.data, 'days')) || 365 })),
  openAway: (r) => awayForm(r.ctx, r.personId),
  openResolve: showForm,
  openDecline: showForm,
  openSetRisk: showForm,
  openClearRisk: showForm,
  openCloseActions: showForm,
  openNameApprover: showForm,
  openCaseLimit: showForm,
  openClockDate: showForm,
};

const COMMANDS: Routes<CommandVerb> = {
  raise: runCommand,
  acknowledge: runCommand,
  recordDiscussion: runCommand,
  agreePlan: runCommand,
  addAction: runCommand,
  completeAction: runCommand,
  resolve: runCommand,
  agreeResolution: runCommand,
  declineResolution: runCommand,
  requestEscalation: runCommand,
  approveOutcome: runCommand,
  rejectOutcome: runCommand,
  nameApprover: runCommand,
  setImminentRisk: runCommand,
  clearImminentRisk: runCommand,
  closeActions: runCommand,
  recordLeadsNotified: runCommand,
  recordLearningPoints: runCommand,
  offerMediation: runCommand,
  recordMediationOutcome: runCommand,
  recordBindingDecision: runCommand,
  referToStage: runCommand,
  withdraw: runCommand,
  assignParticipant: runCommand,
  addSupporter: runCommand,
  setCaseLimit: runCommand,
  setClockDate: runCommand,
  setAway: (r) => setAway(r.ctx, r.cards, r.personId, r.data),
  clearAway: (r) => clearAway(r.ctx, r.cards, r.personId),
};

function route<V extends Verb>(routes: Routes<V>, verb: V, r: ActionRequest): Promise<CardContent> {
  return routes[verb](r, verb);
}

export async function handleAction(ctx: BotContext, cards: Cards, input: ActionInput): Promise<CardContent> {
  if (!isVerb(input.verb))
    throw new DomainError('INVALID_INPUT', 'This card asked for something the bot does not know.');
  const verb = input.verb;
  const r: ActionRequest = { ctx, cards, personId: input.personId, data: cleanData(input.data), input };
  if (isViewVerb(verb)) return route(VIEWS, verb, r);
  if (input.trigger === 'automatic')
    throw new DomainError('NOT_ALLOWED', 'An automatic card refresh cannot change a case.');
  return route(COMMANDS, verb, r);
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
  resolve: 'Resolution proposed. The other agencies at this stage have been asked to agree.',
  agreeResolution: 'You agreed to the resolution.',
  declineResolution: 'Resolution declined; the person who proposed it has been told.',
  nameApprover: 'Approver named; they have been asked to approve.',
  setImminentRisk:
    'Imminent risk of harm recorded; urgent timescales apply and the business office has been told.',
  clearImminentRisk: 'Imminent risk cleared; the normal timescales apply again.',
  closeActions: 'Outstanding actions closed.',
  recordLeadsNotified: 'Recorded that the Strategic Leads have been notified.',
  withdraw: 'Withdrawn; everyone involved has been told.',
  setCaseLimit: 'Timescale set; the deadlines it applies to are worked out again.',
  setClockDate: 'Date entered; the timescale that counts from it has started.',
};

/** A case command through the application service; a refusal or failure is thrown as NotApplied. */
async function runCommand(r: ActionRequest, verb: CaseCommandVerb): Promise<CardContent> {
  const { ctx, cards, data, personId } = r;
  const command = commandFor(verb, data, ctx.partnershipId, ctx.now());
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
      // the answer below replaces the clicked card with this version: its update would only repeat it
      ...(r.input.cardId
        ? { answeredOn: { conversationKey: r.input.conversationKey, activityId: r.input.cardId } }
        : {}),
    });
  } catch (e) {
    throw new NotApplied(e, { verb, data, personId, caseId, version });
  }
  if (!result.replayed && result.answeredCard) r.input.onSaved?.(result.answeredCard === 'known');
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
    return cards.message({
      title: 'Done',
      text: `${saved} Press Show the latest to see it.`,
      style: 'good',
      caseId,
    });
  }
}
