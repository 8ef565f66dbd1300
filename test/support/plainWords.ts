/** The words a person must never read on a card (issue #17 "Plain UK English"), and how to find them. */
/** Text a person reads: TextBlocks, facts, button titles, labels, placeholders, choice titles. Not input values. */
export function visibleText(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => visibleText(n, out));
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    for (const k of ['text', 'title', 'label', 'placeholder', 'errorMessage', 'speak'])
      if (typeof o[k] === 'string') out.push(o[k]);
    for (const [k, v] of Object.entries(o)) if (k !== 'data' && k !== 'refresh') visibleText(v, out);
  }
  return out;
}

export function inputs(node: unknown, out: Record<string, unknown>[] = []): Record<string, unknown>[] {
  if (Array.isArray(node)) node.forEach((n) => inputs(n, out));
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (typeof o.type === 'string' && o.type.startsWith('Input.')) out.push(o);
    Object.values(o).forEach((v) => inputs(v, out));
  }
  return out;
}

/** [what is wrong, pattern]: each is a slip found on a card or one of its kind. */
export const NEVER: [string, RegExp][] = [
  [
    'a camelCase token (an internal id or enum value, e.g. "outcome: planAgreed")',
    /\b[a-z]+[A-Z][A-Za-z]*\b/,
  ],
  ['a stage id ("stage-3")', /\bstage-\d/],
  ['"undefined"', /\bundefined\b/],
  ['"null"', /\bnull\b/],
  ['"NaN"', /\bNaN\b/],
  ['an object printed as text', /\[object Object\]/],
  ['an ISO timestamp', /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/],
  ['a template leftover', /\$\{/],
  ['"none running"', /none running/i],
  ['"face to-face"', /face to-face/i],
  ['"Record: " before a seed sentence', /\bRecord: /],
  ['midnight as a deadline', /, 00:00\b/],
];

/** Every slip on these cards: "<what>: <text>", at most `limit` of them. */
export function plainWordProblems(cards: unknown[], limit = 10): string[] {
  const found = new Set<string>();
  for (const card of cards)
    for (const t of visibleText(card))
      for (const [what, pattern] of NEVER)
        if (pattern.test(t.replace(/https?:\/\/\S+/g, ''))) found.add(`${what}: ${t.slice(0, 160)}`);
  return [...found].slice(0, limit);
}
