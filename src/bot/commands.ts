/** Typed commands, and which of them may be answered in a shared conversation (DESIGN.md §8). */

/** A typed command, parsed once so the edge and the router agree on what it is. */
export type TextCommand =
  | { kind: 'help' | 'raise' | 'myCases' | 'away' | 'back' | 'caseUsage' }
  | { kind: 'unknown'; text: string }
  | { kind: 'report'; from?: string; to?: string }
  | { kind: 'case'; reference: string };

/** What people put around a command ("help?", "report.", ", report" after a mention): never part of one. */
const TRAILING = /[\s.,;:!?]+$/;
const LEADING = /^[\s.,;:!?–—-]+/;

export function parseText(raw: string): TextCommand {
  const typed = raw.replace(/\s+/g, ' ').trim();
  const bare = typed.replace(LEADING, '').replace(TRAILING, '');
  const text = bare.toLowerCase();
  if (text === '' || text === 'help' || text === '/help') return { kind: 'help' };
  if (text === 'raise') return { kind: 'raise' };
  if (text === 'my cases' || text === 'cases') return { kind: 'myCases' };
  if (text === 'away' || text === 'out of office') return { kind: 'away' };
  if (text === 'back') return { kind: 'back' };
  const report = /^report(?: (\S+)(?: (\S+))?)?$/.exec(text);
  if (report) return { kind: 'report', from: report[1], to: report[2] };
  const ref = /^case (\S+)$/i.exec(bare);
  if (ref) return { kind: 'case', reference: ref[1]! };
  if (text === 'case' || text.startsWith('case ')) return { kind: 'caseUsage' };
  return { kind: 'unknown', text: typed };
}

/** The typed text without the mentions of the bot, and whether it was mentioned at all. */
export interface Addressed {
  text: string;
  mentioned: boolean;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Takes the bot's mentions out of a message wherever they are: the exact mention texts Teams sent with the
 * message (`mentionTexts`), `<at>Name</at>` and a typed `@Name` in any letter case. Other people's mentions
 * stay, as `@Name`, so the text reads as the person typed it.
 */
export function addressed(raw: string, botNames: string[], mentionTexts: string[]): Addressed {
  let text = raw.replace(/&nbsp;|\u00a0/gi, ' ');
  let mentioned = false;
  for (const m of mentionTexts)
    if (m && text.includes(m)) {
      text = text.split(m).join(' ');
      mentioned = true;
    }
  const names = [...new Set(botNames.filter((n) => n.trim() !== ''))].map((n) => escape(n.trim()));
  if (names.length) {
    const any = `(?:${names.join('|')})`;
    const tagged = new RegExp(`<at>\\s*@?${any}\\s*</at>`, 'gi');
    const typed = new RegExp(`(^|\\s)@${any}(?=$|[\\s.,;:!?])`, 'gi');
    const stripped = text.replace(tagged, ' ').replace(typed, '$1');
    if (stripped !== text) mentioned = true;
    text = stripped;
  }
  text = text.replace(/<at>\s*([^<]*?)\s*<\/at>/gi, '@$1');
  return { text: text.replace(/\s+/g, ' ').trim(), mentioned };
}

/**
 * What may be answered in a shared conversation (channel, group or meeting chat): help, how to type a command,
 * and the report (whose own rule allows only the business office channel). Everything else is about a person's
 * cases or forms, so it is answered in their 1:1 chat.
 */
export const SHARED_TEXT: ReadonlySet<TextCommand['kind']> = new Set([
  'help',
  'unknown',
  'caseUsage',
  'report',
]);
export const SHARED_VERBS: ReadonlySet<string> = new Set(['help', 'report']);
