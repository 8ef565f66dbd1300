/**
 * Chains with gaps, as the card shows them: "waiting for a named manager", never the practitioner relabelled
 * as the missing manager (seed 000 stage 2: "referred to each professionals' own line manager").
 */
import { strict as assert } from 'node:assert';
import { caseView } from '../../src/bot/cards/caseView';
import { expand } from '../../src/bot/cards/render';
import { builtinProcedure } from '../../src/domain/procedure/builtin';
import { cardText } from '../support/botHarness';
import { testDirectory, withoutLineManager } from '../support/directory';
import { Journey, raiseCommand } from '../support/journey';

describe('a stage waiting for a named manager, on the card', () => {
  it('says which agency waits, that the business office was asked, and who keeps the case meanwhile', () => {
    const FLOW = builtinProcedure('conflict-resolution-flowchart')!;
    const dir = withoutLineManager(testDirectory(), 'csc-practitioner');
    const j = new Journey(FLOW, dir);
    j.when('csc-practitioner', raiseCommand(FLOW.id), '2026-12-07T10:00:00.000Z');
    j.system({ type: 'clockPassed', clockId: 'plan' }, j.clock('plan').dueAt!);
    const card = expand(
      'caseCard',
      caseView({
        c: j.case,
        procedure: FLOW,
        directory: dir,
        viewerId: 'csc-practitioner',
        now: new Date('2026-12-09T11:00:00Z'),
        banner: '',
      }),
    );
    const text = cardText(card);
    assert.match(
      text,
      /waiting for a named manager \(line manager of [^)]+\); the business office has been asked to name one/,
    );
    assert.match(text, /keeps the case for [^\n]+ meanwhile/);
    assert.doesNotMatch(
      text,
      /Ava Social[^\n]*line manager/,
      'the practitioner is never labelled as the missing manager',
    );
  });
});
