/**
 * Text someone typed (or a name from the directory), made safe for a TextBlock or FactSet: both render a
 * markdown subset, so a typed `[link](https://…)` would become a live link on another agency's card.
 * Backslash escapes (CommonMark) keep it literal. Only for displayed text: never for Input values or `speak`.
 */
const INLINE = /[\\`*_[\]()#~>!|<]/g; // emphasis, links, images, code, headings, quotes, tables, autolinks
const LIST_ITEM = /^(\s*)([-+=])/gm; // bullet lists (and setext underlines) at a line start
const NUMBERED_ITEM = /^(\s*\d+)\./gm; // "1." at a line start ("1)" is covered by INLINE)

export function literal(text: string): string {
  return text.replace(INLINE, '\\$&').replace(LIST_ITEM, '$1\\$2').replace(NUMBERED_ITEM, '$1\\.');
}
