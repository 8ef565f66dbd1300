/** Typed commands, and which of them may be answered in a shared conversation (DESIGN.md §8). */

/** A typed command, parsed once so the edge and the router agree on what it is. */
export type TextCommand =
  | { kind: 'help' | 'raise' | 'myCases' | 'away' | 'back' | 'unknown' }
  | { kind: 'report'; from?: string; to?: string }
  | { kind: 'case'; reference: string };

export function parseText(raw: string): TextCommand {
  const text = raw.toLowerCase().replace(/\s+/g, ' ').trim();
  if (text === '' || text === 'help' || text === '/help') return { kind: 'help' };
  if (text === 'raise') return { kind: 'raise' };
  if (text === 'my cases' || text === 'cases') return { kind: 'myCases' };
  if (text === 'away' || text === 'out of office') return { kind: 'away' };
  if (text === 'back') return { kind: 'back' };
  const report = /^report(?:\s+(\S+)(?:\s+(\S+))?)?$/.exec(text);
  if (report) return { kind: 'report', from: report[1], to: report[2] };
  const ref = /^case\s+(\S+)$/.exec(raw.trim());
  if (ref) return { kind: 'case', reference: ref[1]! };
  return { kind: 'unknown' };
}

/**
 * What may be answered in a shared conversation (channel, group or meeting chat): help, and the report (whose
 * own rule allows only the business office channel). Everything else is about a person's cases or forms, so
 * it is answered in their 1:1 chat.
 */
export const SHARED_TEXT: ReadonlySet<TextCommand['kind']> = new Set(['help', 'unknown', 'report']);
export const SHARED_VERBS: ReadonlySet<string> = new Set(['help', 'report']);
