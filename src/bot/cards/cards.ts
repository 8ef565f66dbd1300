/** The card factory the edge uses: view model + template, with the local banner and refresh ids applied. */
import {
  alertOf,
  capacitiesOf,
  isAllowed,
  type Case,
  type Effect,
  type PersonEffect,
  type NotifyReason,
} from '../../domain/case';
import type { Directory } from '../../domain/directory';
import type { Procedure } from '../../domain/procedure/schema';
import type { BotContext, CaseDoc } from '../context';
import type { OutgoingCards } from '../sender';
import { caseView } from './caseView';
import { formView, type FormKind } from './forms';
import { historyView } from './history';
import { helpView, myCasesView, timelineView } from './lists';
import { literal } from './literal';
import { alertView, messageView, noticeView } from './messages';
import { expand, type CardContent, type TemplateName } from './render';

const HEADLINES: Record<NotifyReason, string> = {
  caseRaised: 'A professional disagreement has been raised with you',
  stageEntered: 'This case has reached you',
  approvalRequested: 'You are asked to approve an outcome',
  outcomeRejected: 'The proposed outcome was rejected',
  reminder: 'Reminder: a deadline is approaching',
  deadlinePassed: 'A deadline passed',
  actionAssigned: 'An agreed action was assigned to you',
  mediationOffered: 'Mediation has been offered',
  closed: 'This case has been closed',
  resolutionProposed: 'A resolution has been proposed: you are asked to agree or decline',
  resolutionDeclined: 'The resolution you proposed was declined',
};

/** What every card builder shares: the context, the banner, the directory and a case's procedure. */
interface CardBase {
  ctx: BotContext;
  banner: string;
  dir: () => Promise<Directory>;
  procedureOf: (c: Case) => Promise<Procedure>;
}

interface FormOptions {
  values?: Record<string, unknown>;
  errors?: Record<string, string>;
  notice?: string;
}

/** The raise form and the forms about a case. */
function formCards({ ctx, banner, dir, procedureOf }: CardBase) {
  return {
    async raise(personId: string, opts: FormOptions & { caseId?: string } = {}): Promise<CardContent> {
      const procedures = await ctx.procedures.newest(ctx.partnershipId);
      return expand(
        'formCard',
        formView('raise', {
          directory: await dir(),
          viewerId: personId,
          now: ctx.now(),
          banner,
          procedures,
          newCaseId: opts.caseId ?? ctx.newCaseId(),
          values: opts.values,
          errors: opts.errors,
          notice: opts.notice,
        }),
      );
    },
    async form(
      kind: FormKind,
      c: Case,
      personId: string,
      opts: FormOptions & { cardVersion?: number } = {},
    ): Promise<CardContent> {
      return expand(
        'formCard',
        formView(kind, {
          directory: await dir(),
          viewerId: personId,
          now: ctx.now(),
          banner,
          c,
          procedure: await procedureOf(c),
          ...opts,
        }),
      );
    },
  };
}

/** The case card, lists of cases, and a case's timeline and earlier stages. */
function caseCards({ ctx, banner, dir, procedureOf }: CardBase) {
  /** The cases `personId` may see, every one of them: the view sorts the whole set before it shows the first rows. */
  const listOf = async (cs: Case[], personId: string): Promise<CardContent> => {
    const directory = await dir();
    const items = await Promise.all(cs.map(async (c) => ({ c, procedure: await procedureOf(c) })));
    const visible = items.filter(({ c, procedure }) =>
      isAllowed('view', capacitiesOf(c, personId, directory, procedure)),
    );
    return expand('listCard', myCasesView(visible, directory, banner, { personId, now: ctx.now() }));
  };
  return {
    async caseCard(
      c: Case,
      viewerId: string | null,
      opts: {
        headline?: string;
        notice?: { text: string; style: 'good' | 'attention' | 'warning' | 'accent' };
      } = {},
    ): Promise<CardContent> {
      const refreshUserIds = await ctx.refreshUserIds(c);
      const procedure = await procedureOf(c);
      const directory = await dir();
      return expand(
        'caseCard',
        caseView({ c, procedure, directory, viewerId, now: ctx.now(), banner, refreshUserIds, ...opts }),
      );
    },
    async caseList(cs: Case[], personId: string): Promise<CardContent> {
      return listOf(cs, personId);
    },
    async myCases(personId: string): Promise<CardContent> {
      const docs = await ctx.cases.findForPerson(ctx.partnershipId, personId);
      return listOf(
        docs.map((d) => d.state),
        personId,
      );
    },
    async timeline(c: Case): Promise<CardContent> {
      return expand('listCard', timelineView(c, await procedureOf(c), await dir(), banner));
    },
    async history(c: Case): Promise<CardContent> {
      return expand('listCard', historyView(c, await procedureOf(c), await dir(), banner));
    },
  };
}

export type Cards = ReturnType<typeof cardsFor>;

export function cardsFor(ctx: BotContext) {
  const banner = ctx.banner;
  const dir = () => ctx.directory(ctx.partnershipId);
  const procedureOf = async (c: Case): Promise<Procedure> => {
    const p = await ctx.procedures.get(c.partnershipId, c.procedureId, c.procedureVersion);
    if (!p) throw new Error(`procedure ${c.procedureId} v${c.procedureVersion} is not available`);
    return p;
  };
  const base: CardBase = { ctx, banner, dir, procedureOf };
  return {
    raw: (name: TemplateName, data: object): CardContent => expand(name, data),
    message: (m: Omit<Parameters<typeof messageView>[0], 'banner'>): CardContent =>
      expand('messageCard', messageView({ ...m, banner })),
    async help(_personId: string | null, headline?: string): Promise<CardContent> {
      return expand('listCard', helpView(await ctx.procedures.newest(ctx.partnershipId), banner, headline));
    },
    ...formCards(base),
    ...caseCards(base),
    async mayView(c: Case, personId: string): Promise<boolean> {
      return isAllowed('view', capacitiesOf(c, personId, await dir(), await procedureOf(c)));
    },
    procedureOf,
  };
}

/** What the dispatcher posts: notifications are the case card with a headline saying why. */
export function outgoingCards(ctx: BotContext, cards: Cards): OutgoingCards {
  return {
    caseCard: (doc: CaseDoc, viewerId: string | null, headline: string) =>
      cards.caseCard(doc.state, viewerId, { headline }),
    mayView: (doc: CaseDoc, personId: string) => cards.mayView(doc.state, personId),
    notification: async (doc: CaseDoc, effect: PersonEffect) =>
      effect.kind === 'notice'
        ? expand('messageCard', noticeView({ banner: ctx.banner, ...effect })) // someone only told: no case card
        : cards.caseCard(doc.state, effect.to, { headline: HEADLINES[effect.reason] }),
    alert: (effect: Extract<Effect, { kind: 'alert' }>) =>
      expand('alertCard', alertView({ banner: ctx.banner, ...effect })),
    unreachable: async (doc: CaseDoc, personName: string) =>
      expand(
        'alertCard',
        alertView({
          banner: ctx.banner,
          // the stage's label and the deadline still ahead, as every alert has them
          ...alertOf(
            'deliveryFailed',
            doc.state,
            await cards.procedureOf(doc.state),
            0,
            ctx.now().toISOString(),
          ),
          mention: `${literal(personName)} could not be reached by the bot (not installed for them). Please make sure they know they must act on this case.`,
        }),
      ),
  };
}
