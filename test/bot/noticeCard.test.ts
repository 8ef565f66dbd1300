/**
 * Issue #18, roles only notified "with what minimal content": the notice a notified person gets in their 1:1 chat
 * holds the reference, the stage and the deadline, as a business office alert does, and nothing to open.
 */
import { strict as assert } from 'node:assert';
import { noticeView } from '../../src/bot/cards/messages';
import { expand } from '../../src/bot/cards/render';
import { buttons, cardText } from '../support/botHarness';

describe('the notice for someone a stage only tells', () => {
  for (const reason of ['stageEntered', 'deadlinePassed', 'closed'] as const) {
    it(`${reason}: reference, stage and deadline in plain words; no button that opens the case`, () => {
      const card = expand(
        'messageCard',
        noticeView({
          banner: '',
          reason,
          reference: 'CSC/2026/0042',
          stageLabel: 'Stage 2',
          dueAt: '2026-12-14T10:00:00.000Z',
          nation: 'england-and-wales',
        }),
      );
      const text = cardText(card);
      assert.match(text, /For your information/);
      assert.match(text, /Case reference: CSC\/2026\/0042/);
      assert.match(text, /Stage: Stage 2/);
      assert.match(text, /Next deadline: by Mon 14 Dec 2026, 10:00/);
      assert.match(text, /you are not involved in the case/);
      assert.deepEqual(
        buttons(card).map((b) => b.verb),
        ['help'],
      );
    });
  }
});
