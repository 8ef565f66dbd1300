/**
 * Issue #17 "Plain UK English": "no internal ids, enum values, undefined or null on any card — a test renders
 * every card of every journey and scans for camelCase tokens, stage ids and such words"; and "Accessibility:
 * every input labelled; every card has a short summary for notifications and screen readers".
 * Every card the bot can draw (the walked journeys of both built-in procedures, every form at every stage,
 * timelines, lists, alerts, resolution states) is scanned for the words a person must never read.
 */
import { strict as assert } from 'node:assert';
import { expand } from '../../src/bot/cards/render';
import { everyCard } from '../support/cardFixtures';
import { resolutionCards } from '../support/resolutionFixtures';

/** Text a person reads: TextBlocks, facts, button titles, labels, placeholders, choice titles. Not input values. */
function visibleText(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => visibleText(n, out));
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    for (const k of ['text', 'title', 'label', 'placeholder', 'errorMessage', 'speak'])
      if (typeof o[k] === 'string') out.push(o[k]);
    for (const [k, v] of Object.entries(o)) if (k !== 'data' && k !== 'refresh') visibleText(v, out);
  }
  return out;
}

function inputs(node: unknown, out: Record<string, unknown>[] = []): Record<string, unknown>[] {
  if (Array.isArray(node)) node.forEach((n) => inputs(n, out));
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (typeof o.type === 'string' && o.type.startsWith('Input.')) out.push(o);
    Object.values(o).forEach((v) => inputs(v, out));
  }
  return out;
}

/** [what is wrong, pattern]: each is a slip found on a card or one of its kind. */
const NEVER: [string, RegExp][] = [
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

describe('the words on every card', function () {
  this.timeout(120_000);
  const rendered = [...everyCard(), ...resolutionCards()].map((r) => ({
    name: r.name,
    card: expand(r.template, r.data),
  }));

  it('draws enough cards to mean something', () => {
    assert.ok(rendered.length > 200, `only ${rendered.length} cards`);
  });

  for (const [what, pattern] of NEVER) {
    it(`never shows ${what}`, () => {
      const found = rendered.flatMap(({ name, card }) =>
        visibleText(card)
          .filter((t) => pattern.test(t.replace(/https?:\/\/\S+/g, '')))
          .map((t) => `${name}: ${t.slice(0, 160)}`),
      );
      assert.deepEqual([...new Set(found)].slice(0, 10), []);
    });
  }

  it('labels every input, for screen readers', () => {
    const unlabelled = rendered.flatMap(({ name, card }) =>
      inputs(card)
        .filter((i) => typeof i.label !== 'string' || i.label.trim() === '')
        .map((i) => `${name}: ${String(i.id)}`),
    );
    assert.deepEqual([...new Set(unlabelled)].slice(0, 10), []);
  });

  it('gives every card a short spoken summary in plain text', () => {
    for (const { name, card } of rendered) {
      const speak = card.speak;
      assert.equal(typeof speak, 'string', name);
      const s = speak as string;
      assert.ok(s.length > 0 && s.length <= 200, `${name}: ${s.length} characters`);
      assert.doesNotMatch(s, /\*\*|\\[*_[\]()#`]/, `${name}: markdown in "${s}"`);
    }
  });
});
