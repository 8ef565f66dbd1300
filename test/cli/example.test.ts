/**
 * Issue #18 "Done when": "The fictional example validates, `escalate procedure show` reads it back in words a
 * safeguarding manager would recognise, and `escalate timeline` (with `--date`) shows every clock." The example is
 * the README's authoring guide's worked example (src/demo/example-procedure.json), a fictional partnership's.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Procedure } from '../../src/domain/procedure/schema';
import { cli } from '../support/cli';

const FILE = path.join(__dirname, '..', '..', 'src', 'demo', 'example-procedure.json');

describe('the authoring guide’s worked example (a fictional partnership)', () => {
  const p = JSON.parse(readFileSync(FILE, 'utf8')) as Procedure;

  it('validates', async () => {
    const r = await cli('procedure', 'validate', FILE);
    assert.equal(r.code, 0, r.err);
  });

  it('uses every construct of the format', () => {
    const json = JSON.stringify(p);
    for (const construct of [
      '"immediately"',
      '"endOfWorkingDay"',
      '"workingDays"',
      '"hours"',
      '"lesserOf"',
      '"setForCase"',
      '"stageStart"',
      '"previousStageEnd"',
      '"clockMet"',
      '"userDate"',
      '"climb"',
      '"formalRecord"',
      '"recordOnly"',
      '"workingDayEnds"',
      '"imminentRisk"',
      '"bypass"',
      '"standing"',
      '"goToStage"',
      '"sameAgency"',
      '"afterResolution"',
      '"conflictWithOwnManager"',
      '"clockPassed"',
      '"kind":"raise"',
      '"at":"happened"',
      '"raiseWithin"',
      '"discussionKinds"',
      '"discussionKind"',
      '"roles"',
      '"involvement"',
      '"lineManagerOf"',
      '"notify"',
      '"partnershipRole"',
    ])
      assert.ok(json.includes(construct), `the example does not use ${construct}`);
    for (const onPass of ['escalate', 'alert', 'remind'])
      assert.ok(
        p.stages.some((s) => s.clocks.some((k) => k.onPass === onPass)),
        `no clock that ${onPass}s`,
      );
  });

  it('reads back in a safeguarding manager’s words, without the format’s ids', async () => {
    const r = await cli('procedure', 'show', FILE);
    assert.equal(r.code, 0, r.err);
    for (const words of [
      'immediately (within 2 hours)',
      'by the end of the next working day (16:30)',
      'whichever is less',
      'the date of the child protection conference',
      'level by level, up to Heads of Service',
      'the line manager of the person asking approves an escalation',
      'Referral to Stage 4 (forward only) by Heads of Service, wherever they stand',
      'Disagreements within one agency: allowed',
      'within 2 working days of the resolution',
      'moved on to Stage 4',
      'E-mail may be recorded but does not count',
      'Receiving side: the service manager',
      'Told, not involved (reference, stage and deadline only): the partnership business manager',
    ])
      assert.ok(r.out.includes(words), `"${words}" not in:\n${r.out}`);
    // the ids a person types on the command line (--date conferenceDate, --set protective) are named once each
    const ids = r.out
      .split('\n')
      .filter((l) => !/^ {2}(Date people enter|Set for each case):/.test(l))
      .filter((l) => /\b[a-z]+[A-Z][A-Za-z]*\b/.test(l));
    assert.deepEqual(ids, []);
  });

  it('shows every clock on the timeline, with the date people enter and the timescale set for the case', async () => {
    const r = await cli(
      'timeline',
      '--procedure',
      FILE,
      '--start',
      '2026-12-07T10:00:00Z',
      '--date',
      'conferenceDate=2026-12-09T09:00:00Z',
      '--date',
      'incidentDate=2026-11-20T09:00:00Z',
      '--set',
      'protective=3',
    );
    assert.equal(r.code, 0, r.err);
    for (const s of p.stages)
      for (const k of s.clocks)
        assert.ok(
          r.out.includes(`"${k.label}"`) || r.out.includes(`${k.label} (`),
          `clock "${k.label}" not on the timeline:\n${r.out}`,
        );
    assert.match(r.out, /date entered: the date of the child protection conference is Wed 9 Dec 2026, 09:00/);
    assert.match(r.out, /the lesser of 5 working days and 3 working days set for the case/);
    assert.match(r.out, /overall time limit passed/);
    assert.match(r.out, /raised late: 7 working days after the window.* \(recorded and shown, no alert\)/);
    assert.match(r.out, /started: Business office chases the meeting/, 'a clock started by another passing');
    for (const s of p.stages)
      assert.equal(
        r.out.split('\n').filter((line) => line.startsWith(`(told, not involved, at ${s.label}: `)).length,
        (s.notify ?? []).length,
        `one line for each person ${s.label} only tells:\n${r.out}`,
      );
    assert.match(
      r.out,
      /\(told, not involved, at Stage 2: the partnership business manager, when a case reaches the stage, when a deadline passes, when the case closes\)/,
    );
  });
});
