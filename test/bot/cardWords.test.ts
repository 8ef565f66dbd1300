/**
 * Issue #17 "Plain UK English": "no internal ids, enum values, undefined or null on any card — a test renders
 * every card of every journey and scans for camelCase tokens, stage ids and such words"; and "Accessibility:
 * every input labelled; every card has a short summary for notifications and screen readers".
 * Every card the bot can draw (the walked journeys of both built-in procedures, every form at every stage,
 * timelines, lists, alerts, resolution states) is scanned for the words a person must never read.
 */
import { strict as assert } from 'node:assert';
import { helpView } from '../../src/bot/cards/lists';
import { expand } from '../../src/bot/cards/render';
import { BUILTIN_PROCEDURES } from '../../src/domain/procedure/builtin';
import { everyCard } from '../support/cardFixtures';
import { inputs, NEVER, visibleText } from '../support/plainWords';
import { resolutionCards } from '../support/resolutionFixtures';

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

  it('prints each sentence of a stage once on the help card (the issue: "the help card printing some stage sentences twice")', () => {
    const help = expand('listCard', helpView([...BUILTIN_PROCEDURES], ''));
    const lines = visibleText(help).filter((t) => t.startsWith('**Stage'));
    assert.ok(lines.length >= 8, 'every stage of both procedures is listed');
    for (const line of lines) {
      const sentences = line.split(/(?<=\.)\s+/);
      assert.deepEqual(
        sentences.filter((x, i) => sentences.indexOf(x) !== i),
        [],
        line.slice(0, 80),
      );
    }
  });
});
