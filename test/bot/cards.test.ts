/** Every card: no template leftovers, valid Adaptive Card 1.5, under Teams' 28 KB, and verbs that match handlers. */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { MAX } from '../../src/domain/case';
import { cardsDir, expand, TEMPLATE_NAMES, templateFiles } from '../../src/bot/cards/render';
import { ALL_VERBS, isVerb } from '../../src/bot/verbs';
import { FORM_OF, SUBMIT_OF } from '../../src/bot/cards/forms';
import { everyCard } from '../support/cardFixtures';
import { resolutionCards } from '../support/resolutionFixtures';
import { buttons } from '../support/botHarness';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const AC = require('adaptivecards/dist/adaptivecards.js');

/** Teams chart elements are not in the 1.5 JS renderer; each must carry a fallback (checked below) that it renders. */
const CHART_FALLBACK = /^Unknown element type "Chart\.[A-Za-z.]+"\. Fallback will be used if present\.$/;

function chartsWithoutFallback(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => chartsWithoutFallback(n, out));
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (typeof o.type === 'string' && o.type.startsWith('Chart.') && !o.fallback) out.push(o.type);
    Object.values(o).forEach((v) => chartsWithoutFallback(v, out));
  }
  return out;
}

function parseErrors(card: unknown): string[] {
  const ctx = new AC.SerializationContext(AC.Versions.v1_5);
  const c = new AC.AdaptiveCard();
  c.parse(card, ctx);
  const errors: string[] = [];
  for (let i = 0; i < ctx.eventCount; i++) {
    const message: string = ctx.getEventAt(i).message;
    if (!CHART_FALLBACK.test(message)) errors.push(message);
  }
  errors.push(...chartsWithoutFallback(card).map((t) => `${t} has no fallback`));
  for (const e of c.validateProperties().validationEvents) errors.push(e.message);
  return errors;
}

const LIMIT: Record<string, number> = {
  reference: MAX.reference,
  theme: MAX.theme,
  action: MAX.reason,
  evidence: MAX.evidence,
};
const long = (field: string) => `${field.toUpperCase()} `.padEnd(LIMIT[field] ?? MAX.text, 'x');

describe('card templates', function () {
  this.timeout(60_000);
  let rendered: ReturnType<typeof everyCard> = [];
  before(() => {
    rendered = [...everyCard(), ...resolutionCards()];
  });

  it('covers every template in cards/', () => {
    assert.deepEqual(templateFiles().sort(), TEMPLATE_NAMES.map((n) => `${n}.json`).sort());
    for (const f of templateFiles())
      assert.doesNotThrow(() => JSON.parse(readFileSync(path.join(cardsDir(), f), 'utf8')));
  });

  it(`expands every card without leftovers and parses as Adaptive Card 1.5 without errors`, () => {
    for (const r of rendered) {
      const card = expand(r.template, r.data);
      const json = JSON.stringify(card);
      assert.ok(!json.includes('${'), `${r.name}: template leftovers`);
      assert.equal(card.version, '1.5', r.name);
      assert.deepEqual(parseErrors(card), [], r.name);
    }
    const charts = rendered.filter((r) => JSON.stringify(expand(r.template, r.data)).includes('"Chart.'));
    assert.ok(charts.length >= 2, 'the report cards draw charts');
  });

  it('stays under 28 KB with every free-text field at its maximum length', () => {
    let largest = 0;
    for (const r of [...everyCard(long), ...resolutionCards(long)]) {
      const size = Buffer.byteLength(JSON.stringify(expand(r.template, r.data)));
      largest = Math.max(largest, size);
      assert.ok(size < 28 * 1024, `${r.name}: ${size} bytes`);
    }
    assert.ok(largest > 10_000, 'the long fixtures really are long');
  });

  it('uses only known verbs, and every verb is reachable from some card', () => {
    const used = new Set<string>();
    for (const r of rendered) for (const b of buttons(expand(r.template, r.data))) used.add(b.verb);
    for (const v of used) assert.ok(isVerb(v), `unknown verb "${v}" in a card`);
    for (const form of Object.values(FORM_OF)) used.add(SUBMIT_OF[form]);
    const unreachable = ALL_VERBS.filter((v) => !used.has(v));
    assert.deepEqual(unreachable, [], 'verbs with a handler but no card');
  });

  it('puts only ids and the version in action data (and the report its period)', () => {
    for (const r of rendered) {
      for (const b of buttons(expand(r.template, r.data))) {
        const allowed = b.verb === 'report' ? ['days'] : ['caseId', 'v', 'actionId'];
        for (const k of Object.keys(b.data))
          assert.ok(allowed.includes(k), `${r.name}: ${b.verb} carries ${k}`);
      }
    }
  });
});
