/**
 * Issue #18 on the command line: `procedure show` reads the new limits back in words; `timeline` takes the dates
 * people would enter (--date) and timescales set for the case (--set), says what a passed "remind" clock does,
 * and never has an hour clock claim skipped days.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { builtinProcedure } from '../../src/domain/procedure/builtin';
import { cli } from '../support/cli';

/** The flowchart with every new limit: a fictional partnership's file, not a seed. */
function fictional(): Record<string, any> {
  const p = structuredClone(builtinProcedure('conflict-resolution-flowchart')!) as Record<string, any>;
  p.id = 'fictional-limits';
  p.workingDayEnds = '16:00';
  const [s1, s2, s3] = p.stages;
  s1.clocks[0].limit = { immediately: { hours: 1 } };
  s1.clocks[0].onPass = 'remind';
  s1.clocks[0].remindBefore = null;
  s1.clocks[1].limit = { endOfWorkingDay: 0 };
  s1.clocks[1].remindBefore = null;
  s2.clocks[0].limit = { endOfWorkingDay: 2 };
  s2.clocks[1].limit = {
    lesserOf: [
      { workingDays: 5 },
      {
        setForCase: {
          field: 'protective',
          label: 'a timescale that protects the child from harm',
          min: 1,
          max: 10,
          unit: 'workingDays',
        },
      },
    ],
  };
  s3.clocks[0].anchor = {
    kind: 'userDate',
    field: 'conferenceDate',
    label: 'the child protection conference',
  };
  s3.clocks[0].limit = { workingDays: 1 };
  return p;
}

describe('escalate CLI: the new limits (issue #18)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'escalate-limits-'));
  const file = path.join(dir, 'fictional.json');
  writeFileSync(file, JSON.stringify(fictional()));
  const START = '2026-12-07T10:00:00Z'; // Monday 7 Dec 2026, 10:00 London

  it('validates the fictional procedure', async () => {
    const r = await cli('procedure', 'validate', file);
    assert.equal(r.code, 0, r.err);
  });

  it('procedure show reads each new limit back in words a safeguarding manager would recognise', async () => {
    const r = await cli('procedure', 'show', file);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /working day ends 16:00/);
    assert.match(r.out, /immediately \(within 1 hour\), counted from the start of the stage/);
    assert.match(r.out, /by the end of the same working day \(16:00\), counted from the start of the stage/);
    assert.match(r.out, /by the end of the 2nd working day \(16:00\)/);
    assert.match(
      r.out,
      /5 working days or a timescale that protects the child from harm, set for the case \(1–10 working days\), whichever is less/,
    );
    assert.match(r.out, /1 working day from the date of the child protection conference/);
    assert.match(r.out, /Date people enter: the date of the child protection conference \(conferenceDate\)/);
    assert.match(
      r.out,
      /Set for each case: a timescale that protects the child from harm \(protective\), 1–10 working days/,
    );
    assert.match(r.out, /when passed: those involved are told and the business office alerted/);
    assert.doesNotMatch(r.out, /when passed: (remind|alert|escalate)\b/);
  });

  it('issue #18: "`onPass: remind` alerts the business office while the timeline prints \'recorded\'" — it says what happens', async () => {
    const r = await cli('timeline', '--procedure', file, '--start', START);
    assert.equal(r.code, 0, r.err);
    const lines = r.out.split('\n');
    assert.ok(
      lines.some((l) =>
        /^Mon 7 Dec 2026, 11:00 +Stage 1 +deadline passed: .*\(immediately \(within 1 hour\)\) → those involved told, business office alerted$/.test(
          l,
        ),
      ),
      r.out,
    );
    assert.ok(
      lines.some((l) =>
        /^Mon 7 Dec 2026, 16:00 +Stage 1 +deadline passed: .* → escalated to Stage 2/.test(l),
      ),
    );
    assert.doesNotMatch(r.out, /→ recorded/);
  });

  it('without the date people enter, says which clocks are not shown and how to show them', async () => {
    const r = await cli('timeline', '--procedure', file, '--start', START);
    assert.match(
      r.out.split('\n').at(-1)!,
      /^\(clocks counted from the date of the child protection conference are not shown: give --date conferenceDate=<ISO-8601>\)$/,
    );
    assert.doesNotMatch(r.out, /Stage 4/, 'stage 3 waits for the conference date');
  });

  it('issue #18: "dates people enter are invisible in `escalate timeline`" — --date enters them and their clocks are shown', async () => {
    const r = await cli(
      'timeline',
      '--procedure',
      file,
      '--start',
      START,
      '--date',
      'conferenceDate=2026-12-14T09:30:00Z',
    );
    assert.equal(r.code, 0, r.err);
    const lines = r.out.split('\n');
    assert.ok(
      lines.some((l) =>
        /Stage 3 +date entered: the child protection conference is Mon 14 Dec 2026, 09:30; .* due by Tue 15 Dec 2026, 09:30/.test(
          l,
        ),
      ),
      r.out,
    );
    assert.ok(
      lines.some((l) =>
        /^Tue 15 Dec 2026, 09:30 +Stage 3 +deadline passed: .* → escalated to Stage 3 \(level 2\)/.test(l),
      ),
      r.out,
    );
    assert.doesNotMatch(r.out, /are not shown/);
  });

  it('--set gives the case its timescale: the lesser applies', async () => {
    const r = await cli('timeline', '--procedure', file, '--start', START, '--set', 'protective=1', '--json');
    assert.equal(r.code, 0, r.err);
    const rows = JSON.parse(r.out) as { stage: string; what: string }[];
    assert.ok(
      rows.some((x) =>
        /set for the case: a timescale that protects the child from harm, 1 working day/.test(x.what),
      ),
    );
    assert.ok(
      rows.some((x) => /the lesser of 5 working days and 1 working day set for the case/.test(x.what)),
    );
  });

  it('answers mistakes in --date and --set with exit 2 and what the procedure asks for', async () => {
    const base = ['timeline', '--procedure', file, '--start', START];
    for (const [args, message] of [
      [
        ['--date', 'visit=2026-12-14T09:30:00Z'],
        /--date visit: .* asks for no such date \(it asks for: conferenceDate\)/,
      ],
      [['--date', 'conferenceDate=next week'], /--date conferenceDate must be an ISO-8601 instant/],
      [['--date', 'conferenceDate'], /--date takes <field>=<value>/],
      [['--set', 'protective=0'], /--set protective must be a whole number of working days from 1 to 10/],
      [['--set', 'protective=11'], /from 1 to 10/],
      [['--set', 'protective=two'], /from 1 to 10/],
      [
        ['--set', 'urgency=1'],
        /--set urgency: .* has no such timescale to set for a case \(it has: protective\)/,
      ],
    ] as [string[], RegExp][]) {
      const r = await cli(...base, ...args);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.err, message);
      assert.match(r.err, /usage:/);
    }
    const builtin = await cli(
      'timeline',
      '--procedure',
      'bscp-escalation-procedure',
      '--start',
      START,
      '--date',
      'x=2026-12-14T09:30:00Z',
    );
    assert.equal(builtin.code, 2);
    assert.match(builtin.err, /asks for no such date \(it asks for none\)/);
  });

  it('issue #18: "\'New Year’s Day bank holiday skipped\' on a 48-hour clock" — hour clocks skip nothing', async () => {
    const j = await cli('due', '--from', '2026-12-31T10:00:00Z', '--hours', '48', '--json');
    const x = JSON.parse(j.out) as { due: string; rule: string; skipped: unknown[] };
    assert.equal(x.due, '2027-01-02T10:00:00.000Z');
    assert.equal(x.rule, '48 hours');
    assert.deepEqual(x.skipped, []);
    const one = JSON.parse(
      (await cli('due', '--from', '2026-12-31T10:00:00Z', '--hours', '1', '--json')).out,
    ) as {
      rule: string;
    };
    assert.equal(one.rule, '1 hour');
  });
});
