/**
 * Refused input as a person reads it: each problem under the input it is about, and listed at the top by the
 * input's label ("Please correct 2 fields: Due date — must be today or later. Summary — required."). The domain
 * keys its problems by command field; this finds the input each one belongs to on the form that was shown.
 */
import { actionRows, type CardData } from '../../parseAction';
import { formDate, londonTime } from './fields';

/** What the errors need of a form's fields. */
export interface ErrorField {
  id: string;
  label: string;
  kind: string;
}

/** The domain's own notice for field errors (FieldErrors.done): it points at highlights, so it is replaced. */
const GENERIC = 'Please correct the highlighted fields.';

/** Command fields whose input has another id. */
const ALIASES: Record<string, string> = { heldAt: 'heldAtDate', meetingAt: 'meetingDate', text: 'plan' };
const ROW_PARTS: Record<string, string> = { text: 'Text', ownerId: 'Owner', dueAt: 'Due' };
/** Names for problems with no input of their own, so the notice still says what they are about. */
const NO_INPUT: Record<string, string> = { actions: 'Agreed actions', actionId: 'Action', date: 'Date' };

/** What the domain says when a date could not be read, whatever the command. */
const NOT_A_DATE = new Set(['Must be a date and time.', 'A date, please.']);

/**
 * The input on this form that a domain field belongs to, or null. `actions[n]` is the n-th action sent: on the
 * one-action form, the action inputs; on forms with three rows, the n-th row that was filled in (empty rows are
 * not sent), read from what was submitted.
 */
export function inputIdFor(key: string, ids: ReadonlySet<string>, values: CardData = {}): string | null {
  if (ids.has(key)) return key;
  const row = /^actions\[(\d+)\]\.(text|ownerId|dueAt)$/.exec(key);
  if (row) {
    const part = ROW_PARTS[row[2]!]!;
    if (ids.has(`action${part}`)) return `action${part}`;
    const n = Number(row[1]);
    const id = `action${actionRows(values)[n] ?? n}${part}`;
    return ids.has(id) ? id : null;
  }
  const alias = ALIASES[key];
  return alias && ids.has(alias) ? alias : null;
}

/** The domain's reason in plain words for this kind of input. */
function plainReason(reason: string, field: ErrorField | undefined, now: Date): string {
  if (field?.kind !== 'date') return reason;
  if (NOT_A_DATE.has(reason)) return `Enter a date as DD/MM/YYYY, for example ${formDate(now)}.`;
  // an action is due at 17:00 London on its date, so after 17:00 today is already too late
  if (reason === 'Must be in the future.')
    return `Must be ${londonTime(now) < '17:00' ? 'today' : 'tomorrow'} or later: an action is due by 5pm on its date.`;
  return reason;
}

const sentence = (s: string) => (/[.!?]$/.test(s) ? s : `${s}.`);
/** "Required." → "required." after a dash; a reason starting with a name or an acronym keeps its capital. */
const lower = (s: string) => (/^[A-Z](?:[a-z]| )/.test(s) ? s[0]!.toLowerCase() + s.slice(1) : s);

export interface PlacedErrors {
  /** The message under each input, by input id. */
  byInput: Record<string, string>;
  /** The notice at the top of the form. */
  notice: string;
}

/**
 * Place `errors` on `fields` (those drawn: `shown`) and write the notice. `notice` is what the refusal said: kept
 * when it adds something (a problem with no input of its own), dropped when it only points at the highlights.
 */
export function placeErrors(
  fields: readonly ErrorField[],
  shown: ReadonlySet<string>,
  errors: Record<string, string>,
  opts: { notice?: string; values?: CardData; now: Date },
): PlacedErrors {
  const entries = Object.entries(errors);
  if (!entries.length) return { byInput: {}, notice: opts.notice ?? '' };
  const all = new Set(fields.map((f) => f.id));
  const byInput: Record<string, string> = {};
  const listed: string[] = [];
  const elsewhere: string[] = [];
  const placed = new Set<string>();
  for (const [key, raw] of entries) {
    const id = inputIdFor(key, all, opts.values);
    const field = fields.find((f) => f.id === id);
    const reason = sentence(plainReason(raw, field, opts.now));
    const label = field?.label ?? NO_INPUT[key];
    const named = label ? `${label} — ${lower(reason)}` : reason;
    if (id && shown.has(id)) {
      byInput[id] = byInput[id] ? `${byInput[id]} ${reason}` : reason;
      listed.push(named);
      placed.add(id);
    } else elsewhere.push(named);
  }
  const summary = listed.length
    ? `Please correct ${placed.size} field${placed.size === 1 ? '' : 's'}: ${listed.join(' ')}`
    : '';
  const context = elsewhere.length && opts.notice && opts.notice !== GENERIC ? opts.notice : '';
  return { byInput, notice: [context, summary, ...elsewhere].filter(Boolean).join(' ') };
}
