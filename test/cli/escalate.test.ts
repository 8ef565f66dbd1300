/** The escalate CLI: exit codes, one-line errors, and output a safeguarding manager would recognise. */
import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BUILTIN_PROCEDURES } from '../../src/domain/procedure/builtin';
import { cli } from '../support/cli';

describe('escalate CLI', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'escalate-cli-'));
  const file = (name: string, content: unknown) => {
    const p = path.join(dir, name);
    writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content));
    return p;
  };

  it('validates both built-in procedures', async () => {
    for (const p of BUILTIN_PROCEDURES) {
      const r = await cli('procedure', 'validate', file(`${p.id}.json`, p));
      assert.equal(r.code, 0);
      assert.match(r.out, /^OK: .* 5 stages$/);
    }
  });

  it('lists every problem of a bad file and exits 1, without a stack trace', async () => {
    const bad = JSON.parse(JSON.stringify(BUILTIN_PROCEDURES[0])) as Record<string, any>;
    bad.stages[2].clocks[0].limit.workingDays = -5;
    bad.stages[1].next = 'nowhere';
    const r = await cli('procedure', 'validate', file('bad.json', bad));
    assert.equal(r.code, 1);
    assert.match(r.err, /stages\[2\]\.clocks\[0\]\.limit\.workingDays: must be a positive integer/);
    assert.match(r.err, /stages\[1\]\.next: unknown stage "nowhere"/);
    assert.doesNotMatch(r.err, /at .*\.ts:\d+/);
    const notJson = await cli('procedure', 'validate', file('broken.json', '{ not json'));
    assert.equal(notJson.code, 1);
    const missing = await cli('procedure', 'validate', path.join(dir, 'missing.json'));
    assert.equal(missing.code, 1);
    assert.match(missing.err, /cannot read .*ENOENT/);
  });

  it('shows a procedure in words', async () => {
    const r = await cli('procedure', 'show', 'conflict-resolution-flowchart');
    assert.equal(r.code, 0);
    assert.match(r.out, /Stage 3 — Senior Manager to Senior Manager Discussion/);
    assert.match(r.out, /E-mail may be recorded but does not count/);
  });

  it('prints a due instant alone on a line, or the reasoning as JSON', async () => {
    const r = await cli('due', '--from', '2026-12-23T10:00:00Z', '--working-days', '2');
    assert.equal(r.code, 0);
    assert.equal(r.out, '2026-12-29T10:00:00.000Z');
    const j = await cli(
      'due',
      '--from',
      '2026-12-31T10:00:00Z',
      '--working-days',
      '1',
      '--nation',
      'scotland',
      '--json',
    );
    const parsed = JSON.parse(j.out) as { due: string; skipped: { reason: string }[] };
    assert.equal(parsed.due, '2027-01-05T10:00:00.000Z');
    assert.ok(parsed.skipped.some((s) => /New Year/.test(s.reason)));
    assert.equal(
      (await cli('due', '--from', '2026-12-07T10:00:00Z', '--hours', '48')).out,
      '2026-12-09T10:00:00.000Z',
    );
  });

  it('answers usage mistakes with exit 2 and the usage', async () => {
    for (const args of [
      [],
      ['due', '--from', 'yesterday', '--working-days', '2'],
      ['due', '--from', '2026-12-07T10:00:00Z'],
      ['due', '--from', '2026-12-07T10:00:00Z', '--working-days', '-1'],
      ['due', '--nation', 'wales', '--from', '2026-12-07T10:00:00Z', '--hours', '1'],
      ['frobnicate'],
    ]) {
      const r = await cli(...args);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.err + r.out, /usage:/);
    }
  });

  it('prints the timeline if nobody acts, as a safeguarding manager would recognise it', async () => {
    const r = await cli(
      'timeline',
      '--procedure',
      'conflict-resolution-flowchart',
      '--start',
      '2026-12-07T10:00:00Z',
    );
    assert.equal(r.code, 0);
    const lines = r.out.split('\n');
    assert.match(lines[1]!, /Mon 7 Dec 2026, 10:00 +Stage 1 +raised/);
    assert.ok(
      lines.some((l) => /Wed 9 Dec 2026, 10:00 +Stage 1 +deadline passed: .* → escalated to Stage 2/.test(l)),
    );
    assert.ok(lines.some((l) => /Stage 3 \(level 2\)/.test(l)));
    assert.match(
      lines[lines.length - 1]!,
      /Stage 5 .*Strategic Lead offers mediation .* business office alerted/,
    );
    const bscp = await cli(
      'timeline',
      '--procedure',
      'bscp-escalation-procedure',
      '--start',
      '2026-12-07T10:00:00Z',
      '--imminent-risk',
      '--json',
    );
    const rows = JSON.parse(bscp.out) as { stage: string }[];
    assert.equal(rows[0]!.stage, 'Stage 1');
    assert.equal(rows[rows.length - 1]!.stage, 'Stage 4');
  });

  it('shows the urgent timescales for imminent risk: the first deadline the same working day', async () => {
    // seed 002: "if there is concern that a child is at imminent risk of harm … stage 1 … should be initiated immediately"
    const r = await cli(
      'timeline',
      '--procedure',
      'bscp-escalation-procedure',
      '--start',
      '2026-12-21T10:00:00Z',
      '--imminent-risk',
    );
    assert.equal(r.code, 0, r.err);
    const lines = r.out.split('\n');
    assert.match(lines[1]!, /Mon 21 Dec 2026, 10:00 +Stage 1 +raised/);
    assert.match(lines[2]!, /^Mon 21 Dec 2026/, 'the first deadline is on the day it was raised');
  });

  it('refuses --imminent-risk for a procedure with no imminent-risk rule (usage error, exit 2)', async () => {
    const r = await cli(
      'timeline',
      '--procedure',
      'conflict-resolution-flowchart',
      '--start',
      '2026-12-21T10:00:00Z',
      '--imminent-risk',
    );
    assert.equal(r.code, 2);
    assert.match(r.err, /has no rule for a child at imminent risk of harm/);
  });
});
