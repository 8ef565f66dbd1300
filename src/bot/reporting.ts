/** `report` in Teams: for the business office (and the Chair), in a 1:1 chat or the business office channel only. */
import { literal } from './cards/literal';
import { chatKey } from '../app/conversationKey';
import { computeReport, type Period } from '../app/report';
import { londonDate, londonDayStart } from '../domain/calendar';
import { mayReport, type Case } from '../domain/case';
import { DomainError } from '../domain/errors';
import type { Cards } from './cards/cards';
import type { CardContent } from './cards/render';
import { reportView } from './cards/report';
import type { BotContext } from './context';

export interface ReportAsk {
  personId: string;
  conversationKey: string;
  conversationType: string;
}

const MAX_DAYS = 3 * 366;

/** 'report', 'report 2026-01-01 2026-03-31' or a card button's number of days, ending today. */
export function periodOf(now: Date, arg: { from?: string; to?: string; days?: number }): Period {
  const today = londonDate(now);
  if (arg.from || arg.to) {
    try {
      const from = londonDayStart(arg.from ?? '');
      const to = londonDayStart(arg.to ?? today, 1);
      if (to > from && to.getTime() - from.getTime() <= MAX_DAYS * 86_400_000) return { from, to };
    } catch {
      // fall through to the explanation below
    }
    throw new DomainError(
      'INVALID_INPUT',
      'Give the period as two dates, e.g. "report 2026-01-01 2026-03-31" (at most three years).',
    );
  }
  const days = Math.min(Math.max(Math.trunc(arg.days ?? 365), 1), MAX_DAYS);
  return { from: londonDayStart(today, 1 - days), to: londonDayStart(today, 1) };
}

export async function reportCard(
  ctx: BotContext,
  cards: Cards,
  ask: ReportAsk,
  period: Period,
): Promise<CardContent> {
  const dir = await ctx.directory(ctx.partnershipId);
  if (!mayReport(ask.personId, dir))
    throw new DomainError('NOT_ALLOWED', 'Reports are for the partnership’s business office.');
  const personal = ask.conversationType === 'personal';
  const channel = dir.partnership.businessOfficeChannel?.conversationId;
  if (!personal && !(channel && ask.conversationKey.startsWith(chatKey(channel))))
    throw new DomainError(
      'NOT_ALLOWED',
      'Reports are shown only in a 1:1 chat with the bot or in the business office channel.',
    );
  const docs = await ctx.cases.findActiveIn(
    ctx.partnershipId,
    period.from.toISOString(),
    period.to.toISOString(),
  );
  const figures = computeReport(
    docs.map((d): Case => d.state),
    await ctx.procedures.all(ctx.partnershipId),
    dir,
    period,
  );
  ctx.log.info({ event: 'reportShown', personId: ask.personId, cases: docs.length }, 'report shown');
  return cards.raw(
    'reportCard',
    reportView(figures, {
      banner: ctx.banner,
      title: `${literal(dir.partnership.name)}: disagreements report`,
      showLearningText: personal,
      periodButtons: true,
    }),
  );
}
