/** How a deadline reads on a card (issue #18: "immediately" shown as such; issue #17: deadlines in words). */
import { strict as assert } from 'node:assert';
import { clockLine } from '../../src/bot/cards/caseView';
import type { ClockInstance } from '../../src/domain/case';

const clock = (over: Partial<ClockInstance>): ClockInstance => ({
  clockId: 'k',
  label: 'Discuss',
  requirement: 'discussion',
  onPass: 'escalate',
  wording: 'This must occur immediately.',
  isDefault: false,
  dueAt: '2026-12-07T11:00:00.000Z',
  remindAt: null,
  rule: '2 working days',
  skipped: '',
  waitingFor: null,
  metAt: null,
  remindedAt: null,
  passedAt: null,
  ...over,
});

describe('a deadline on the case card', () => {
  const rows: [string, Partial<ClockInstance>, RegExp][] = [
    [
      '"immediately" reads once in brackets',
      { rule: 'immediately (within 1 hour)' },
      /^by Mon 7 Dec 2026, 11:00 \(immediately, within 1 hour\)$/,
    ],
    [
      'a working-day rule with its skipped days',
      { rule: '2 working days', skipped: 'Christmas Day bank holiday skipped' },
      /\(2 working days; Christmas Day bank holiday skipped\)$/,
    ],
    ['an hour clock names no skipped day', { rule: '48 hours' }, /\(48 hours\)$/],
  ];
  for (const [name, over, expected] of rows)
    it(name, () => {
      const { line } = clockLine(clock(over), 'england-and-wales');
      assert.match(line, expected);
      assert.doesNotMatch(line, /\(\S[^()]*\([^()]*\)\)/, 'no brackets inside brackets');
    });
});
