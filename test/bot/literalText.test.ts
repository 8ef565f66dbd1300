/**
 * Typed text is shown literally: TextBlock and FactSet render markdown, so a `[link](…)` typed into a case (or a
 * name in the directory) must not become a live link on another agency's card. Form inputs keep what was typed.
 */
import { strict as assert } from 'node:assert';
import type { CaseDoc } from '../../src/app/caseDocument';
import { computeReport } from '../../src/app/report';
import { caseView } from '../../src/bot/cards/caseView';
import { formView } from '../../src/bot/cards/forms';
import { literal } from '../../src/bot/cards/literal';
import { myCasesView, timelineView } from '../../src/bot/cards/lists';
import { alertView } from '../../src/bot/cards/messages';
import { reportView } from '../../src/bot/cards/report';
import { expand, type CardContent } from '../../src/bot/cards/render';
import { builtinProcedure, BUILTIN_PROCEDURES } from '../../src/domain/procedure/builtin';
import { buttons, raiseData, startHarness, type Harness } from '../support/botHarness';
import { DEMO } from '../support/demoPeople';
import { testDirectory } from '../support/directory';
import { Journey, raiseCommand } from '../support/journey';

const MARKDOWN = '[link](https://example.com) **bold** _it_';
const NAME = 'Fay [Nurse](https://evil.example)';
const NOW = new Date('2026-12-08T12:00:00.000Z');

/** The text of every TextBlock and every fact: what Teams renders as markdown. */
function shownTexts(card: unknown): string[] {
  const out: string[] = [];
  const walk = (n: unknown) => {
    if (Array.isArray(n)) n.forEach(walk);
    else if (n && typeof n === 'object') {
      const o = n as Record<string, unknown>;
      if (o.type === 'TextBlock' && typeof o.text === 'string') out.push(o.text);
      if (o.type === 'FactSet' && Array.isArray(o.facts))
        for (const f of o.facts as { title: string; value: string }[]) out.push(f.title, f.value);
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return out;
}

/** A markdown link whose brackets are not backslash-escaped. */
const LIVE_LINK = /(^|[^\\])\[[^\]]*\]\(/;
/** What a CommonMark renderer shows for backslash escapes. */
const unescaped = (s: string) => s.replace(/\\([!-/:-@[-`{-~])/g, '$1');

function assertLiteral(card: CardContent, typed: string[], what: string) {
  const texts = shownTexts(card);
  for (const t of texts) assert.doesNotMatch(t, LIVE_LINK, `${what}: a live link in "${t}"`);
  for (const s of typed) {
    assert.ok(!texts.some((t) => t.includes(s)), `${what}: "${s}" is shown unescaped`);
    assert.ok(
      texts.some((t) => t.includes(literal(s)) && unescaped(t).includes(s)),
      `${what}: "${s}" is shown literally`,
    );
  }
}

describe('typed text on cards is shown literally', () => {
  describe('view models', () => {
    const procedure = builtinProcedure('conflict-resolution-flowchart')!;
    const dir = testDirectory();
    dir.people = dir.people.map((p) => (p.id === 'health-practitioner' ? { ...p, name: NAME } : p));
    dir.partnership.themes = [{ id: 'typed', label: `=${MARKDOWN}` }]; // theme labels come from an imported file
    const j = new Journey(procedure, dir);
    j.when(
      'csc-practitioner',
      raiseCommand(procedure.id, { theme: 'typed', summary: MARKDOWN }),
      '2026-12-07T10:00:00.000Z',
    );
    j.when(
      'csc-practitioner',
      {
        type: 'recordDiscussion',
        heldAt: '2026-12-07T09:00:00.000Z',
        method: 'telephone',
        attendeeIds: ['csc-practitioner', 'health-practitioner'],
        summary: MARKDOWN,
        outcome: 'planAgreed',
      },
      '2026-12-07T12:00:00.000Z',
    );
    j.when(
      'csc-practitioner',
      {
        type: 'agreePlan',
        text: `# Plan\n- ${MARKDOWN}\n1. <https://example.com>`,
        actions: [{ text: MARKDOWN, ownerId: 'health-practitioner', dueAt: '2026-12-20T12:00:00.000Z' }],
      },
      '2026-12-07T12:30:00.000Z',
    );
    j.when('csc-practitioner', { type: 'requestEscalation', evidence: MARKDOWN }, '2026-12-07T13:00:00.000Z');
    const open = j.case;

    it('the case card and a notification (its headline version), for the other agency', () => {
      const data = caseView({
        c: open,
        procedure,
        directory: dir,
        viewerId: 'health-practitioner',
        now: NOW,
        banner: '',
        headline: 'A professional disagreement has been raised with you',
      });
      const card = expand('caseCard', data);
      assertLiteral(card, [MARKDOWN, NAME], 'case card');
      const plan = shownTexts(card).find((t) => t.includes('Plan agreed'))!;
      assert.match(plan, /\\# Plan\n\\- \\\[link/, 'headings and list items at a line start are escaped');
      assert.match(plan, /\n1\\\. \\<https/, 'numbered items and autolinks are escaped');
    });

    it('the timeline, my cases and the closure of a withdrawn case', () => {
      const w = new Journey(procedure, dir);
      w.state = j.state;
      w.when('csc-practitioner', { type: 'withdraw', reason: MARKDOWN }, '2026-12-07T14:00:00.000Z');
      const closed = expand(
        'caseCard',
        caseView({
          c: w.case,
          procedure,
          directory: dir,
          viewerId: 'csc-practitioner',
          now: NOW,
          banner: '',
        }),
      );
      assertLiteral(closed, [MARKDOWN, NAME], 'closed case card');
      assertLiteral(
        expand('listCard', timelineView(w.case, procedure, dir, '')),
        [MARKDOWN, NAME],
        'timeline',
      );
      assertLiteral(expand('listCard', myCasesView([{ c: open, procedure }], dir, '')), [], 'my cases');
    });

    it('the report card (themes, learning points) and a business office alert', () => {
      const period = { from: new Date('2026-01-01T00:00:00Z'), to: new Date('2027-01-01T00:00:00Z') };
      const figures = computeReport([open], [...BUILTIN_PROCEDURES], dir, period);
      figures.learningPoints.push({ at: '2026-12-07T15:00:00.000Z', stage: 'Stage 4', text: MARKDOWN });
      const opts = { banner: '', title: 'Report', showLearningText: true, periodButtons: false };
      assertLiteral(expand('reportCard', reportView(figures, opts)), [`=${MARKDOWN}`, MARKDOWN], 'report');
      const alert = alertView({
        banner: '',
        reason: 'deadlinePassed',
        caseId: 'c1',
        reference: 'REF_1_',
        stageLabel: 'Stage 1',
        dueAt: null,
        mention: '',
      });
      assertLiteral(expand('alertCard', alert), ['REF_1_'], 'alert');
    });

    it('leaves form inputs as typed, so a form shown again keeps the text unchanged', () => {
      const form = expand(
        'formCard',
        formView('discussion', {
          directory: dir,
          viewerId: 'csc-practitioner',
          now: NOW,
          banner: '',
          c: open,
          procedure,
          values: { summary: MARKDOWN },
        }),
      );
      const input = JSON.stringify(form).includes(JSON.stringify(MARKDOWN));
      assert.ok(input, 'the summary input holds exactly what was typed');
    });
  });

  describe('through the bot (HTTP in, fake Bot Connector out)', function () {
    this.timeout(60_000);
    let h: Harness;
    before(async () => {
      h = await startHarness();
      for (const p of [DEMO.priya, DEMO.jamie]) await h.install(p);
      h.connector.received.length = 0;
    });
    after(async () => {
      await h.close();
    });

    it("a discussion one professional records is shown literally on the other agency's card", async () => {
      await h.message(DEMO.priya, 'raise');
      const form = h.connector.cards(h.connector.sentTo(`a:personal-${DEMO.priya}`).at(-1)!)[0]!;
      const caseId = buttons(form).find((b) => b.verb === 'raise')!.data.caseId as string;
      assert.equal(
        (await h.invoke(DEMO.priya, 'raise', raiseData(caseId, DEMO.jamie, 'CSC/2026/0077'))).status,
        200,
      );
      await h.settle();
      const v = (await h.app.store.cases.get<CaseDoc>(caseId))!.version;
      const d = await h.invoke(DEMO.priya, 'recordDiscussion', {
        caseId,
        v,
        heldAtDate: '2026-12-07',
        heldAtTime: '09:30',
        method: 'telephone',
        attendeeIds: `${DEMO.priya},${DEMO.jamie}`,
        summary: MARKDOWN,
        outcome: 'unresolved',
      });
      assert.equal(d.status, 200);
      assert.equal(
        (await h.app.store.cases.get<CaseDoc>(caseId))!.state.stage.discussions[0]!.summary,
        MARKDOWN,
      );
      await h.settle();
      const toJamie = h.connector.received.filter(
        (r) => r.conversationId === `a:personal-${DEMO.jamie}` && r.status === 200,
      );
      const shown = toJamie
        .map((r) => h.connector.cards(r)[0]!)
        .filter((c) => JSON.stringify(c).includes('link'));
      assert.ok(shown.length > 0, "Jamie's card was updated with the discussion");
      for (const card of shown) assertLiteral(card, [MARKDOWN], "Jamie's card");
    });
  });
});
