/**
 * Out of office: a manager (or a business office member, or the Chair) names a delegate for a date range.
 * While they are away, new stages and approvals go to the delegate, and the case card says for whom they act.
 */
import { literal } from './cards/literal';
import { delegationProblems } from '../app/directoryFile';
import { londonDate, londonDayStart, formatLondonDate } from '../domain/calendar';
import { findAgency, findPerson, type Delegation, type Directory } from '../domain/directory';
import { DomainError } from '../domain/errors';
import type { Cards } from './cards/cards';
import { expand, type CardContent } from './cards/render';
import type { BotContext } from './context';
import { str, type CardData } from './parseAction';

const MAX_DAYS = 366;

/** Only people who receive escalations or approvals can be away with a delegate. */
function mayDelegate(dir: Directory, personId: string): boolean {
  const p = findPerson(dir, personId);
  const pr = dir.partnership;
  return (
    (!!p && p.role !== 'practitioner') ||
    pr.businessOfficeIds.includes(personId) ||
    pr.strategicLeadIds.includes(personId) ||
    pr.chairId === personId
  );
}

function candidates(dir: Directory, personId: string) {
  return dir.people
    .filter(
      (x) =>
        delegationProblems(dir, { personId, delegateId: x.id, from: '2000-01-01', to: '2000-01-01' })
          .length === 0,
    )
    .map((x) => ({ title: `${x.name} — ${findAgency(dir, x.agencyId)?.name ?? x.agencyId}`, value: x.id }));
}

export async function awayForm(
  ctx: BotContext,
  personId: string,
  opts: { values?: CardData; errors?: Record<string, string>; notice?: string } = {},
): Promise<CardContent> {
  const dir = await ctx.directory(ctx.partnershipId);
  if (!mayDelegate(dir, personId))
    throw new DomainError(
      'NOT_ALLOWED',
      'Only managers and partnership roles name a delegate for when they are away.',
    );
  return expand('formCard', awayView(dir, personId, ctx.now(), ctx.banner, opts));
}

/** The out-of-office form as data for the form template. */
export function awayView(
  dir: Directory,
  personId: string,
  now: Date,
  banner: string,
  opts: { values?: CardData; errors?: Record<string, string>; notice?: string } = {},
): Record<string, unknown> {
  const today = londonDate(now);
  const current = dir.delegations?.find((d) => d.personId === personId && d.to >= today);
  const value = (id: string, fallback: string) =>
    typeof opts.values?.[id] === 'string' ? opts.values[id] : fallback;
  const field = (f: Record<string, unknown>) => ({
    choices: [],
    required: true,
    requiredMessage: `${String(f.label)}: required`,
    maxLength: 10,
    placeholder: '',
    hint: '',
    error: opts.errors?.[String(f.id)] ?? '',
    ...f,
  });
  return {
    banner,
    notice:
      opts.notice ??
      (opts.errors && Object.keys(opts.errors).length ? 'Please correct the highlighted fields.' : ''),
    title: 'Out of office',
    subtitle: current
      ? `Now: away ${formatLondonDate(londonDayStart(current.from))} to ${formatLondonDate(londonDayStart(current.to))}; ${findPerson(dir, current.delegateId)?.name ?? current.delegateId} acts for you.`
      : '',
    intro:
      'While you are away, cases that reach you and approvals asked of you go to your delegate. Cards say they act for you.',
    quote: '',
    caseId: '',
    v: 0,
    submitVerb: 'setAway',
    submitTitle: 'Save',
    cancelVerb: current ? 'clearAway' : 'help',
    cancelTitle: current ? 'I am back: cancel it' : 'Cancel',
    fields: [
      field({
        id: 'delegateId',
        label: 'Who acts for you',
        kind: 'choice',
        choices: candidates(dir, personId),
        placeholder: 'Choose a person',
        value: value('delegateId', current?.delegateId ?? ''),
        hint: 'A manager or above in your agency (business office: another business office member).',
      }),
      field({
        id: 'from',
        label: 'First day away',
        kind: 'date',
        value: value('from', current?.from ?? today),
      }),
      field({ id: 'to', label: 'Last day away', kind: 'date', value: value('to', current?.to ?? today) }),
    ],
  };
}

export async function setAway(
  ctx: BotContext,
  cards: Cards,
  personId: string,
  data: CardData,
): Promise<CardContent> {
  const dir = await ctx.directory(ctx.partnershipId);
  if (!mayDelegate(dir, personId))
    throw new DomainError(
      'NOT_ALLOWED',
      'Only managers and partnership roles name a delegate for when they are away.',
    );
  const d: Delegation = {
    personId,
    delegateId: str(data, 'delegateId'),
    from: str(data, 'from'),
    to: str(data, 'to'),
  };
  const errors: Record<string, string> = {};
  const today = londonDate(ctx.now());
  for (const k of ['from', 'to'] as const) {
    try {
      londonDayStart(d[k]);
    } catch {
      errors[k] = 'A date, please.';
    }
  }
  if (!errors.to && !errors.from) {
    if (d.to < today) errors.to = 'The last day has already passed.';
    else if (d.to < d.from) errors.to = 'The last day is before the first day.';
    else if (londonDayStart(d.to).getTime() - londonDayStart(d.from).getTime() > MAX_DAYS * 86_400_000)
      errors.to = 'At most a year; ask the business office for longer arrangements.';
  }
  if (!d.delegateId) errors.delegateId = 'Choose who acts for you.';
  else if (delegationProblems(dir, d).length) errors.delegateId = 'This person cannot act for you.';
  if (Object.keys(errors).length) {
    ctx.log.info(
      { event: 'actionRefused', code: 'INVALID_INPUT', verb: 'setAway', personId },
      'away refused',
    );
    return awayForm(ctx, personId, { values: data, errors });
  }
  await ctx.delegations.save(ctx.partnershipId, d);
  ctx.log.info(
    { event: 'delegationSet', personId, delegateId: d.delegateId, from: d.from, to: d.to },
    'delegation set',
  );
  const name = findPerson(dir, d.delegateId)?.name ?? d.delegateId;
  return cards.message({
    title: 'Out of office saved',
    text: `From ${formatLondonDate(londonDayStart(d.from))} to ${formatLondonDate(londonDayStart(d.to))}, ${literal(name)} receives the cases and approvals that would come to you. Cases you already hold stay with you.`,
    style: 'good',
  });
}

export async function clearAway(ctx: BotContext, cards: Cards, personId: string): Promise<CardContent> {
  const dir = await ctx.directory(ctx.partnershipId);
  const had = dir.delegations?.some((d) => d.personId === personId);
  if (had) await ctx.delegations.remove(ctx.partnershipId, personId);
  ctx.log.info({ event: 'delegationCleared', personId }, 'delegation cleared');
  return cards.message({
    title: had ? 'Welcome back' : 'Nothing to cancel',
    text: had ? 'New cases and approvals come to you again.' : 'You had no out-of-office set.',
    style: 'good',
  });
}
