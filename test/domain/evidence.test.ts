/** DESIGN §8 "Evidence is real": escalating by hand needs a discussion recorded at the stage. */
import { strict as assert } from 'node:assert';
import type { Command } from '../../src/domain/case';
import { discussion } from './helpers';
import { BSCP, EVIDENCE, FLOW, MON, raisedOn } from './rules';

describe('evidence for escalating is real', () => {
  it('seed 000: "evidence should be provided that all efforts at the previous stage have been explored" — a discussion, not just 20 characters', () => {
    const j = raisedOn(FLOW);
    const e = j.refused(
      'csc-practitioner',
      { type: 'requestEscalation', evidence: EVIDENCE },
      MON,
      'EVIDENCE_REQUIRED',
    );
    assert.match(
      e.fields.discussion!,
      /No discussion is recorded at Stage 1.*telephone, face to face, online meeting/,
    );
  });

  it('seed 000: "Escalation via e-mail is not recommended" — an e-mail exchange does not count as the discussion', () => {
    const j = raisedOn(FLOW);
    j.when('csc-practitioner', { ...discussion(j), method: 'email' } as Command, MON);
    j.refused(
      'csc-practitioner',
      { type: 'requestEscalation', evidence: EVIDENCE },
      MON,
      'EVIDENCE_REQUIRED',
    );
    j.when('csc-practitioner', discussion(j), MON);
    j.when('csc-practitioner', { type: 'requestEscalation', evidence: EVIDENCE }, MON);
    assert.equal(j.case.stage.pending?.evidence, EVIDENCE);
  });

  it('seed 002: "Initially, professionals should attempt to resolve differences through discussion" — no escalation without one', () => {
    const j = raisedOn(BSCP);
    j.refused('csc-practitioner', { type: 'requestEscalation', evidence: '' }, MON, 'EVIDENCE_REQUIRED');
    j.when('csc-practitioner', { ...discussion(j), method: 'email' } as Command, MON); // this procedure counts e-mail
    j.when('csc-practitioner', { type: 'requestEscalation', evidence: '' }, MON);
    assert.equal(j.stage, 'stage-1');
  });

  it('seed 002: a deadline-driven escalation records the missed clocks instead', () => {
    const j = raisedOn(BSCP);
    j.system({ type: 'clockPassed', clockId: 'resolve' }, '2026-12-09T10:00:00.000Z');
    assert.equal(j.stage, 'stage-1');
    assert.match(j.case.history[0]!.evidence!, /Resolve through professional discussion \(2 working days/);
  });
});
