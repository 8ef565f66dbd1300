/** The UK working-day calendar: bank holidays per nation, weekends, both DST changes, and properties. */
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import {
  addHours,
  addWorkingDays,
  bankHolidays,
  describeSkipped,
  explainWorkingDays,
  formatDeadline,
  formatLondon,
  inWorkingHours,
  isWorkingDay,
  NATIONS,
  subtractWorkingDays,
  type Nation,
} from '../../src/domain/calendar';

const at = (iso: string) => new Date(iso);
const due = (from: string, n: number, nation: Nation = 'england-and-wales') =>
  addWorkingDays(at(from), n, nation).toISOString();

describe('working-day calendar', () => {
  describe('bank holidays from the maintained library', () => {
    it('matches the published England & Wales lists for 2025–2027, substitute days included', () => {
      const dates = (y: number) => bankHolidays(y, 'england-and-wales').map((h) => h.date);
      assert.deepEqual(dates(2025), [
        '2025-01-01',
        '2025-04-18',
        '2025-04-21',
        '2025-05-05',
        '2025-05-26',
        '2025-08-25',
        '2025-12-25',
        '2025-12-26',
      ]);
      assert.deepEqual(dates(2026), [
        '2026-01-01',
        '2026-04-03',
        '2026-04-06',
        '2026-05-04',
        '2026-05-25',
        '2026-08-31',
        '2026-12-25',
        '2026-12-28',
      ]);
      assert.deepEqual(dates(2027), [
        '2027-01-01',
        '2027-03-26',
        '2027-03-29',
        '2027-05-03',
        '2027-05-31',
        '2027-08-30',
        '2027-12-27',
        '2027-12-28',
      ]);
    });

    it('differs by nation: Scotland and Northern Ireland', () => {
      const sct = bankHolidays(2026, 'scotland').map((h) => h.date);
      const nir = bankHolidays(2026, 'northern-ireland').map((h) => h.date);
      for (const d of ['2026-01-02', '2026-08-03', '2026-11-30']) assert.ok(sct.includes(d), `Scotland ${d}`);
      assert.ok(!sct.includes('2026-04-06'), 'no Easter Monday in Scotland');
      assert.ok(!sct.includes('2026-08-31'), 'no late August holiday in Scotland');
      for (const d of ['2026-03-17', '2026-07-13']) assert.ok(nir.includes(d), `Northern Ireland ${d}`);
      assert.equal(isWorkingDay(at('2026-03-17T12:00:00Z'), 'northern-ireland'), false);
      assert.equal(isWorkingDay(at('2026-03-17T12:00:00Z'), 'england-and-wales'), true);
    });
  });

  describe('N working days from t', () => {
    const table: [string, string, number, Nation, string][] = [
      ['a plain week', '2026-12-07T10:00:00.000Z', 2, 'england-and-wales', '2026-12-09T10:00:00.000Z'],
      ['over a weekend', '2026-12-10T10:00:00.000Z', 2, 'england-and-wales', '2026-12-14T10:00:00.000Z'],
      [
        'over Christmas and the Boxing Day substitute',
        '2026-12-23T10:00:00.000Z',
        2,
        'england-and-wales',
        '2026-12-29T10:00:00.000Z',
      ],
      [
        'over New Year in England',
        '2026-12-31T10:00:00.000Z',
        1,
        'england-and-wales',
        '2027-01-04T10:00:00.000Z',
      ],
      [
        'over New Year and 2 January in Scotland',
        '2026-12-31T10:00:00.000Z',
        1,
        'scotland',
        '2027-01-05T10:00:00.000Z',
      ],
      [
        'over St Patrick’s Day in Northern Ireland',
        '2026-03-16T10:00:00.000Z',
        1,
        'northern-ireland',
        '2026-03-18T10:00:00.000Z',
      ],
      ['over Easter', '2026-04-02T09:00:00.000Z', 1, 'england-and-wales', '2026-04-07T09:00:00.000Z'],
      [
        'across the spring clock change: same London time, one hour earlier in UTC',
        '2026-03-27T10:00:00.000Z',
        1,
        'england-and-wales',
        '2026-03-30T09:00:00.000Z',
      ],
      [
        'across the autumn clock change',
        '2026-10-23T09:00:00.000Z',
        1,
        'england-and-wales',
        '2026-10-26T10:00:00.000Z',
      ],
      [
        'from a Saturday: counts from Monday 00:00',
        '2026-12-12T10:00:00.000Z',
        2,
        'england-and-wales',
        '2026-12-16T00:00:00.000Z',
      ],
      [
        'from a Sunday in summer time',
        '2026-06-14T10:00:00.000Z',
        1,
        'england-and-wales',
        '2026-06-15T23:00:00.000Z',
      ],
      ['from a bank holiday', '2026-12-25T10:00:00.000Z', 1, 'england-and-wales', '2026-12-30T00:00:00.000Z'],
      [
        'zero days on a working day',
        '2026-12-07T10:00:00.000Z',
        0,
        'england-and-wales',
        '2026-12-07T10:00:00.000Z',
      ],
    ];
    for (const [name, from, n, nation, expected] of table) {
      it(name, () => assert.equal(due(from, n, nation), expected));
    }

    it('explains the days skipped and the rule', () => {
      const x = explainWorkingDays(at('2026-12-23T10:00:00.000Z'), 2, 'england-and-wales');
      assert.deepEqual(
        x.skipped.map((s) => s.date),
        ['2026-12-25', '2026-12-26', '2026-12-27', '2026-12-28'],
      );
      assert.equal(
        describeSkipped(x.skipped),
        'Christmas Day and Boxing Day (substitute day) bank holidays, 1 weekend skipped',
      );
      assert.equal(x.rule, '2 working days');
      assert.equal(formatLondon(x.due), 'Tue 29 Dec 2026, 10:00');
      assert.equal(
        explainWorkingDays(at('2026-12-12T10:00:00.000Z'), 2, 'england-and-wales').startedOnNonWorkingDay,
        true,
      );
    });

    it('refuses negative or fractional counts', () => {
      assert.throws(() => addWorkingDays(at('2026-12-07T10:00:00Z'), -1, 'england-and-wales'), RangeError);
      assert.throws(() => addWorkingDays(at('2026-12-07T10:00:00Z'), 1.5, 'england-and-wales'), RangeError);
    });

    it('counts back for reminders and adds elapsed hours', () => {
      assert.equal(
        subtractWorkingDays(at('2026-12-29T10:00:00.000Z'), 1, 'england-and-wales').toISOString(),
        '2026-12-24T10:00:00.000Z',
      );
      assert.equal(addHours(at('2026-03-28T12:00:00.000Z'), 48).toISOString(), '2026-03-30T12:00:00.000Z');
    });
  });

  describe('properties', () => {
    const instant = fc.date({
      min: new Date('2025-01-01T00:00:00Z'),
      max: new Date('2028-06-30T00:00:00Z'),
      noInvalidDate: true,
    });
    const nation = fc.constantFrom(...NATIONS);
    const london = (d: Date) =>
      new Intl.DateTimeFormat('en-GB', {
        timeZone: 'Europe/London',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
        hourCycle: 'h23',
      }).format(d);

    it('always lands on a working day, at the same London time when starting on one', () => {
      fc.assert(
        fc.property(instant, fc.integer({ min: 1, max: 30 }), nation, (from, n, nat) => {
          const d = addWorkingDays(from, n, nat);
          assert.ok(isWorkingDay(d, nat));
          assert.ok(d > from);
          if (isWorkingDay(from, nat) && !['01', '02'].includes(london(from).slice(0, 2)))
            assert.equal(london(d), london(from));
        }),
        { numRuns: 300 },
      );
    });

    it('never gives an earlier date for more days, and adds up', () => {
      fc.assert(
        fc.property(
          instant,
          fc.integer({ min: 0, max: 20 }),
          fc.integer({ min: 0, max: 20 }),
          nation,
          (from, a, b, nat) => {
            assert.ok(addWorkingDays(from, a + b, nat) >= addWorkingDays(from, a, nat));
            if (isWorkingDay(from, nat) && !['01', '02'].includes(london(from).slice(0, 2))) {
              assert.equal(
                addWorkingDays(from, a + b, nat).getTime(),
                addWorkingDays(addWorkingDays(from, a, nat), b, nat).getTime(),
              );
            }
          },
        ),
        { numRuns: 300 },
      );
    });
  });
});

describe('deadlines in the words people use, reminders in working hours (DESIGN.md §8 "Plain words")', () => {
  const E: Nation = 'england-and-wales';
  const cases: [string, string, string][] = [
    // [due (UTC), what the card says, why]
    ['2026-12-09T10:00:00.000Z', 'Wed 9 Dec 2026, 10:00', 'a deadline at a time of day is shown as it is'],
    [
      '2026-12-09T00:00:00.000Z',
      'the end of Tue 8 Dec 2026',
      'raised on a Saturday: 2 working days end on Tuesday',
    ],
    [
      '2027-02-01T00:00:00.000Z',
      'the end of Fri 29 Jan 2027',
      'a Monday 00:00 is the end of the Friday before',
    ],
    [
      '2026-12-29T00:00:00.000Z',
      'the end of Thu 24 Dec 2026',
      'Christmas and the Boxing Day substitute day skipped',
    ],
    ['2026-06-10T23:00:00.000Z', 'the end of Wed 10 Jun 2026', 'London midnight in summer time is 23:00 UTC'],
  ];
  for (const [due, words, why] of cases)
    it(`${due} → "${words}" (${why})`, () => assert.equal(formatDeadline(new Date(due), E), words));

  const reminders: [string, string, string, string][] = [
    // [computed reminder, due, sent at, why]
    [
      '2026-12-08T10:00:00.000Z',
      '2026-12-09T10:00:00.000Z',
      '2026-12-08T10:00:00.000Z',
      'inside working hours: kept',
    ],
    [
      '2026-12-08T06:00:00.000Z',
      '2026-12-09T06:00:00.000Z',
      '2026-12-08T09:00:00.000Z',
      '06:00 moves to 09:00',
    ],
    [
      '2026-12-08T00:00:00.000Z',
      '2026-12-09T00:00:00.000Z',
      '2026-12-08T09:00:00.000Z',
      'midnight: that morning',
    ],
    [
      '2026-12-12T10:00:00.000Z',
      '2026-12-14T12:00:00.000Z',
      '2026-12-14T09:00:00.000Z',
      'a Saturday: Monday morning',
    ],
    [
      '2026-12-11T18:00:00.000Z',
      '2026-12-14T08:00:00.000Z',
      '2026-12-11T16:00:00.000Z',
      'no morning left: the afternoon before',
    ],
    [
      '2026-12-10T17:00:00.000Z',
      '2026-12-11T17:00:00.000Z',
      '2026-12-10T17:00:00.000Z',
      '17:00 is still working hours',
    ],
  ];
  for (const [at, due, sent, why] of reminders)
    it(`a reminder computed for ${at} before ${due} goes at ${sent} (${why})`, () =>
      assert.equal(inWorkingHours(new Date(at), new Date(due), E).toISOString(), sent));
});
