/**
 * Out of office in Teams: the form, and reading it. The rules are in domain/away.ts and the saving in
 * app/away.ts; this file only parses and renders.
 */
import { literal } from './cards/literal';
import { clearAway as endAway, setAway as saveAway } from '../app/away';
import { assertMayDelegate, delegateCandidates } from '../domain/away';
import { londonDate, londonDayStart, formatLondonDate } from '../domain/calendar';
import { findPerson, type Delegation, type Directory } from '../domain/directory';
import type { Cards } from './cards/cards';
import { placeErrors } from './cards/forms/errors';
import { DATE_HINT, personChoice, ukDate } from './cards/forms/fields';
import { expand, type CardContent } from './cards/render';
import type { BotContext } from './context';
import { readDate, str, type CardData } from './parseAction';

interface AwayFormOptions {
  values?: CardData;
  errors?: Record<string, string>;
  notice?: string;
}

export async function awayForm(
  ctx: BotContext,
  personId: string,
  opts: AwayFormOptions = {},
): Promise<CardContent> {
  const dir = await ctx.directory(ctx.partnershipId);
  assertMayDelegate(dir, personId);
  return expand('formCard', awayView(dir, personId, ctx.now(), ctx.banner, opts));
}

const dateRange = (d: Delegation) =>
  `${formatLondonDate(londonDayStart(d.from))} to ${formatLondonDate(londonDayStart(d.to))}`;

/** The out-of-office form as data for the form template. */
export function awayView(
  dir: Directory,
  personId: string,
  now: Date,
  banner: string,
  opts: AwayFormOptions = {},
): Record<string, unknown> {
  const today = londonDate(now);
  const current = dir.delegations?.find((d) => d.personId === personId && d.to >= today);
  const value = (id: string, fallback: string) =>
    typeof opts.values?.[id] === 'string' ? opts.values[id] : fallback;
  const fields = [
    { id: 'delegateId', label: 'Who acts for you', kind: 'choice' },
    { id: 'from', label: 'First day away', kind: 'date' },
    { id: 'to', label: 'Last day away', kind: 'date' },
  ];
  const errors = placeErrors(fields, new Set(fields.map((f) => f.id)), opts.errors ?? {}, {
    notice: opts.notice,
    now,
  });
  const field = (f: Record<string, unknown>) => ({
    choices: [],
    required: true,
    requiredMessage: `${String(f.label)}: required`,
    maxLength: 20,
    placeholder: f.kind === 'date' ? 'DD/MM/YYYY' : '',
    hint: f.kind === 'date' ? DATE_HINT : '',
    error: errors.byInput[String(f.id)] ?? '',
    ...f,
  });
  const candidates = delegateCandidates(dir, personId).map((x) => personChoice(dir, x));
  return {
    banner,
    notice: errors.notice,
    title: 'Out of office',
    subtitle: current
      ? `Now: away ${dateRange(current)}; ${findPerson(dir, current.delegateId)?.name ?? current.delegateId} acts for you.`
      : '',
    intro:
      'While you are away, cases that reach you and approvals asked of you go to your delegate. Cards say they act for you.',
    quote: '',
    caseId: '',
    v: 0,
    submitVerb: 'setAway',
    submitTitle: 'Save out of office',
    cancelVerb: current ? 'clearAway' : 'help',
    cancelTitle: current ? 'I am back: cancel it' : 'Cancel',
    fields: [
      field({
        id: 'delegateId',
        label: 'Who acts for you',
        kind: 'choice',
        choices: candidates,
        placeholder: 'Choose a person',
        value: value('delegateId', current?.delegateId ?? ''),
        hint: 'A manager or above in your agency (business office: another business office member).',
      }),
      field({
        id: 'from',
        label: 'First day away',
        kind: 'date',
        value: value('from', ukDate(current?.from ?? today)),
      }),
      field({
        id: 'to',
        label: 'Last day away',
        kind: 'date',
        value: value('to', ukDate(current?.to ?? today)),
      }),
    ],
  };
}

export async function setAway(
  ctx: BotContext,
  cards: Cards,
  personId: string,
  data: CardData,
): Promise<CardContent> {
  // dates are typed (DD/MM/YYYY, "today"); one that cannot be read goes on as typed, and is refused as not a date
  const today = londonDate(ctx.now());
  const day = (k: string) => readDate(str(data, k), today) || str(data, k);
  const asked: Delegation = {
    personId,
    delegateId: str(data, 'delegateId'),
    from: day('from'),
    to: day('to'),
  };
  const r = await saveAway(ctx, asked);
  if (!r.ok) {
    ctx.log.info(
      { event: 'actionRefused', code: 'INVALID_INPUT', verb: 'setAway', personId },
      'away refused',
    );
    return awayForm(ctx, personId, { values: data, errors: r.errors });
  }
  const d = r.delegation;
  ctx.log.info(
    { event: 'delegationSet', personId, delegateId: d.delegateId, from: d.from, to: d.to },
    'delegation set',
  );
  const name = findPerson(r.directory, d.delegateId)?.name ?? d.delegateId;
  return cards.message({
    title: 'Out of office saved',
    text: `From ${dateRange(d)}, ${literal(name)} receives the cases and approvals that would come to you. Cases you already hold stay with you.`,
    style: 'good',
  });
}

export async function clearAway(ctx: BotContext, cards: Cards, personId: string): Promise<CardContent> {
  const had = await endAway(ctx, personId);
  ctx.log.info({ event: 'delegationCleared', personId }, 'delegation cleared');
  return cards.message({
    title: had ? 'Welcome back' : 'Nothing to cancel',
    text: had ? 'New cases and approvals come to you again.' : 'You had no out-of-office set.',
    style: 'good',
  });
}
