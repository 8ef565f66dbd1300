/**
 * Issue #18 "Anchors" on the command line: `escalate timeline` shows a clock started by another passing, a clock
 * counted from the raise, and (with --date) whether the raise was late against an outside date, recorded, not alerted.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { builtinProcedure } from '../../src/domain/procedure/builtin';
import { cli } from '../support/cli';

const clock = (over: Record<string, unknown>) => ({
  requirement: 'outcome',
  wording: 'Words of the procedure.',
  onPass: 'alert',
  remindBefore: null,
  ...over,
});

/** The flowchart with the new anchors: a fictional partnership's file, not a seed. */
function fictional(): Record<string, any> {
  const p = structuredClone(builtinProcedure('conflict-resolution-flowchart')!) as Record<string, any>;
  p.id = 'fictional-anchors';
  const [s1, s2] = p.stages;
  s1.clocks[0].onPass = 'alert';
  s1.clocks.push(
    clock({
      id: 'chase',
      label: 'Chase the reply',
      anchor: { kind: 'clockPassed', clock: 'acknowledge' },
      limit: { workingDays: 1 },
    }),
  );
  s2.clocks.push(
    clock({ id: 'overall', label: 'Settled', anchor: { kind: 'raise' }, limit: { workingDays: 6 } }),
  );
  p.discussionKinds = [{ id: 'meeting', label: 'Strategy meeting' }];
  s2.clocks[0].discussionKind = 'meeting';
  s2.clocks[1].anchor = { kind: 'clockMet', clock: 'discussion', at: 'happened' };
  p.rules.raiseWithin = {
    workingDays: 5,
    of: 'conferenceDate',
    label: 'the child protection conference',
    wording: 'Raise within 5 working days of the conference.',
  };
  return p;
}

describe('escalate CLI: the new anchors (issue #18)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'escalate-anchors-'));
  const file = path.join(dir, 'fictional.json');
  writeFileSync(file, JSON.stringify(fictional()));
  const START = '2026-12-07T10:00:00Z'; // Monday 7 Dec 2026, 10:00 London
  const line = (out: string, re: RegExp) =>
    assert.ok(
      out.split('\n').some((l) => re.test(l)),
      `no line matches ${String(re)} in\n${out}`,
    );

  it('validates the fictional procedure', async () => {
    const r = await cli('procedure', 'validate', file);
    assert.equal(r.code, 0, r.err);
  });

  it('procedure show reads each new anchor back in words', async () => {
    const r = await cli('procedure', 'show', file);
    assert.equal(r.code, 0, r.err);
    line(r.out, /^  Clock "Chase the reply": 1 working day from "[^"]+" passing without being met; /);
    line(r.out, /^  Clock "Settled": 6 working days from the raise; /);
    line(
      r.out,
      /^  Clock "[^"]+" \(met only by a discussion of the kind "Strategy meeting"\): 5 working days from/,
    );
    line(
      r.out,
      /: 5 working days from "[^"]+" being met \(when it happened, as the person recording it says\); /,
    );
    line(r.out, /^  Kinds of discussion recorded: Strategy meeting$/);
    line(
      r.out,
      /^  Raise within 5 working days of the date of the child protection conference: a late raise is recorded and shown on the case, never alerted\. “Raise within 5 working days of the conference\.”$/,
    );
  });

  it('timeline shows a clock started when another passed, counted from that deadline', async () => {
    const r = await cli('timeline', '--procedure', file, '--start', START);
    assert.equal(r.code, 0, r.err);
    const lines = r.out.split('\n');
    const passed = lines.findIndex((l) => /Stage 1 +deadline passed: .*acknowledg/i.test(l));
    assert.ok(passed > 0, r.out);
    assert.match(
      lines[passed + 1]!,
      /^Wed 9 Dec 2026, 10:00 +Stage 1 +started: Chase the reply \(1 working day, counted from Wed 9 Dec 2026, 10:00\), due by Thu 10 Dec 2026, 10:00$/,
    );
  });

  it('timeline shows a clock counted from the raise at a later stage', async () => {
    const r = await cli('timeline', '--procedure', file, '--start', START);
    line(
      r.out,
      /^Tue 15 Dec 2026, 10:00 +Stage 2 +deadline passed: Settled \(6 working days, counted from the raise\)/,
    );
  });

  it('timeline --date shows the raise late against the outside date, recorded and not alerted', async () => {
    const r = await cli(
      'timeline',
      '--procedure',
      file,
      '--start',
      START,
      '--date',
      'conferenceDate=2026-11-20T10:00:00Z',
    );
    assert.equal(r.code, 0, r.err);
    line(
      r.out,
      /^Mon 7 Dec 2026, 10:00 +Stage 1 +raised late: 6 working days after the window, raise within 5 working days of the date of the child protection conference \(Fri 20 Nov 2026, 10:00\), by Fri 27 Nov 2026, 10:00 \(recorded and shown, no alert\)$/,
    );
    assert.doesNotMatch(r.out, /give --date/);
  });

  it('timeline without the date says what is not shown', async () => {
    const r = await cli('timeline', '--procedure', file, '--start', START);
    line(
      r.out,
      /^\(whether the raise is late against the date of the child protection conference is not shown: give --date conferenceDate=<ISO-8601>\)$/,
    );
    assert.doesNotMatch(r.out, /raised late|raised in time/);
  });

  it('timeline names a clock that would start when another passes, where that pass moves the case on', async () => {
    const raw = fictional();
    raw.stages[0].clocks[0].onPass = 'escalate';
    const moving = path.join(dir, 'moving.json');
    writeFileSync(moving, JSON.stringify(raw));
    const r = await cli('timeline', '--procedure', moving, '--start', START);
    assert.equal(r.code, 0, r.err);
    assert.doesNotMatch(r.out, /started: Chase the reply/);
    line(
      r.out,
      /^\(not shown, as the case moves on: "Chase the reply" \(Stage 1\) starts when "[^"]+" passes without being met, and that moves the case to the next stage\)$/,
    );
  });

  it('timeline --date inside the window reads "raised in time"', async () => {
    const r = await cli(
      'timeline',
      '--procedure',
      file,
      '--start',
      START,
      '--date',
      'conferenceDate=2026-12-04T09:00:00Z',
    );
    line(r.out, /Stage 1 +raised in time: within 5 working days of .*, by Fri 11 Dec 2026, 09:00$/);
  });
});
