/** Expand the JSON templates in cards/ with view data. Undefined fields become '' so `${x}` never leaks. */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import * as ACData from 'adaptivecards-templating';

export const TEMPLATE_NAMES = [
  'caseCard',
  'formCard',
  'listCard',
  'messageCard',
  'alertCard',
  'reportCard',
] as const;
export type TemplateName = (typeof TEMPLATE_NAMES)[number];
export type CardContent = Record<string, unknown>;

ACData.GlobalSettings.getUndefinedFieldValueSubstitutionString = () => '';

/** cards/ sits at the project root: two levels up from src/bot/cards when run with tsx, three from dist. */
export function cardsDir(): string {
  const candidates = [
    path.join(__dirname, '..', '..', '..', 'cards'),
    path.join(__dirname, '..', '..', '..', '..', 'cards'),
  ];
  const found = candidates.find((d) => existsSync(path.join(d, 'caseCard.json')));
  if (!found) throw new Error(`card templates not found (looked in ${candidates.join(', ')})`);
  return found;
}

const cache = new Map<TemplateName, unknown>();

export function template(name: TemplateName): unknown {
  let t = cache.get(name);
  if (!t) {
    t = JSON.parse(readFileSync(path.join(cardsDir(), `${name}.json`), 'utf8')) as unknown;
    cache.set(name, t);
  }
  return t;
}

/** Parsing a template's `${}` expressions is most of the cost of a card, so each is parsed once and reused. */
const prepared = new Map<TemplateName, ACData.Template>();

/** Every template file in cards/ (for tests that check them all). */
export function templateFiles(): string[] {
  return readdirSync(cardsDir()).filter((f) => f.endsWith('.json'));
}

/** Expand a template with `data` (expand is synchronous, so one prepared Template serves every request). */
export function expand(name: TemplateName, data: object): CardContent {
  let t = prepared.get(name);
  if (!t) {
    t = new ACData.Template(template(name));
    prepared.set(name, t);
  }
  const card = t.expand({ $root: data }) as CardContent;
  return { ...card, speak: spoken(data as Record<string, unknown>) };
}

/** Longest spoken summary: a screen reader or a notification reads a line, not the card. */
const SPEAK_MAX = 200;

/**
 * What a screen reader says for the card and what a notification shows (activity `summary`): its notice and
 * headline or title, in plain text. Never more than the card shows to whoever receives it.
 */
export function spoken(data: Record<string, unknown>): string {
  const parts = [data.notice, data.headline ?? data.title]
    .filter((x): x is string => typeof x === 'string' && x.trim() !== '')
    .map((x) => x.replace(/\\([\\`*_{}\[\]()#+\-.!<>|~])/g, '$1').replace(/\*\*|__|`/g, ''));
  const text = parts.join('. ').replace(/\s+/g, ' ').trim() || 'Escalate';
  return text.length > SPEAK_MAX ? `${text.slice(0, SPEAK_MAX - 1).trimEnd()}…` : text;
}

/** The card's spoken summary, for the activity that carries it (Teams shows it in notifications). */
export function summaryOf(card: CardContent): string | undefined {
  return typeof card.speak === 'string' ? card.speak : undefined;
}
