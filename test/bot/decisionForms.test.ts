/** The Chair's and the Strategic Lead's forms: what they offer, and where a refusal's field error shows. */
import { strict as assert } from 'node:assert';
import { formView } from '../../src/bot/cards/forms';
import { expand } from '../../src/bot/cards/render';
import { builtinProcedure } from '../../src/domain/procedure/builtin';
import { cardText, choicesOf } from '../support/botHarness';
import { testDirectory } from '../support/directory';
import { Journey, raiseCommand } from '../support/journey';

const NOW = new Date('2026-12-08T12:00:00.000Z');
const LEARNING =
  'A case that stays unresolved after mediation closes only with the learning points recorded: write them here.';

/** A case referred to the Chair (seed 002), or just raised (seed 000): the forms render from any case. */
function caseAt(stage: 'chair' | 'mediation') {
  const dir = testDirectory();
  const p = builtinProcedure(
    stage === 'chair' ? 'bscp-escalation-procedure' : 'conflict-resolution-flowchart',
  )!;
  const j = new Journey(p, dir);
  j.when('csc-practitioner', raiseCommand(p.id, { theme: 'threshold' }), '2026-12-07T10:00:00.000Z');
  if (stage === 'chair')
    j.when(
      'bo-1',
      { type: 'referToStage', stageId: 'stage-4', reason: 'Scrutiny.' },
      '2026-12-07T11:00:00.000Z',
    );
  return { c: j.case, procedure: p, directory: dir };
}

describe('decision and mediation forms', () => {
  it('the Chair chooses a final binding decision or a course of action that keeps the case open', () => {
    const { c, procedure, directory } = caseAt('chair');
    const card = expand(
      'formCard',
      formView('decision', { directory, viewerId: 'chair-1', now: NOW, banner: '', c, procedure }),
    );
    assert.deepEqual(choicesOf(card, 'kind'), [
      { title: 'Final binding decision (closes the case)', value: 'final' },
      { title: 'Agreed course of action to reach a decision (the case stays open)', value: 'courseOfAction' },
    ]);
    assert.match(cardText(card), /Record the decision/);
  });

  it('the mediation outcome form shows the learning points refusal on its own field', () => {
    const { c, procedure, directory } = caseAt('mediation');
    const card = expand(
      'formCard',
      formView('mediationOutcome', {
        directory,
        viewerId: 'lead-1',
        now: NOW,
        banner: '',
        c,
        procedure,
        errors: { learningPoints: LEARNING },
        notice: 'Please correct the highlighted fields.',
      }),
    );
    const text = cardText(card);
    assert.match(text, /Learning points \(required when not resolved\)/);
    const field = text.indexOf('Learning points (required when not resolved)');
    assert.ok(text.indexOf(LEARNING) > field, 'the error follows the learning points input');
    assert.ok(
      text.startsWith(
        `Please correct 1 field: Learning points (required when not resolved) — a case that stays unresolved`,
      ),
      'the notice at the top names the field and says why',
    );
  });
});
