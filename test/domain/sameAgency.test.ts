/**
 * Issue #18, "Same-agency disagreements where the procedure allows them" ("Two agencies are required; some
 * procedures handle disagreements inside one organisation"). Default: refused, as before.
 */
import { strict as assert } from 'node:assert';
import type { Procedure } from '../../src/domain/procedure/schema';
import { validateProcedure } from '../../src/domain/procedure/validate';
import { withCscColleague } from '../support/directory';
import { Journey, raiseCommand } from '../support/journey';
import { FLOW, MON } from './rules';

function sameAgency(value: unknown = 'allowed'): Procedure {
  const raw = structuredClone(FLOW) as Record<string, any>;
  raw.rules.sameAgency = value;
  const v = validateProcedure(raw);
  assert.ok(v.ok, v.ok ? '' : v.errors.join(' | '));
  return v.procedure;
}

const directory = withCscColleague;

function raised(p: Procedure): Journey {
  const j = new Journey(p, directory());
  j.when('csc-practitioner', raiseCommand(p.id, { otherProfessionalId: 'csc-practitioner-2' }), MON);
  return j;
}

/** The earliest open deadline that escalates passes (what the sweep does). */
function deadlinePasses(j: Journey): void {
  const k = j.case.stage.clocks
    .filter((c) => c.onPass === 'escalate' && c.dueAt && !c.metAt && !c.passedAt)
    .sort((a, b) => (a.dueAt! < b.dueAt! ? -1 : 1))[0]!;
  j.system({ type: 'clockPassed', clockId: k.clockId }, k.dueAt!);
}

describe('disagreements inside one agency (issue #18: "Same-agency disagreements where the procedure allows them")', () => {
  it('given a procedure that does not say, when a professional raises one with a colleague, then it is refused as before', () => {
    assert.equal(FLOW.rules.sameAgency, 'refused');
    const j = new Journey(FLOW, directory());
    const e = j.refused(
      'csc-practitioner',
      raiseCommand(FLOW.id, { otherProfessionalId: 'csc-practitioner-2' }),
      MON,
      'INVALID_INPUT',
    );
    assert.equal(e.fields.otherProfessionalId, 'Choose a professional from another agency.');
  });

  it('given "sameAgency": "allowed", when raised with a colleague, then both stand at Stage 1, one for each side', () => {
    const j = raised(sameAgency());
    assert.deepEqual(j.case.agencies, ['csc', 'csc#receiving']);
    assert.deepEqual(
      j.case.stage.participants.map((p) => [p.personId, p.agencyId]),
      [
        ['csc-practitioner', 'csc'],
        ['csc-practitioner-2', 'csc#receiving'],
      ],
    );
  });

  it('given "allowed", when someone raises one with themselves, then it is refused', () => {
    const j = new Journey(sameAgency(), directory());
    const e = j.refused(
      'csc-practitioner',
      raiseCommand(FLOW.id, { otherProfessionalId: 'csc-practitioner' }),
      MON,
      'INVALID_INPUT',
    );
    assert.equal(e.fields.otherProfessionalId, 'Choose the professional you disagree with.');
  });

  it('given a colleague disagreement, when Stage 1 resolves, then the colleague must agree too', () => {
    const j = raised(sameAgency());
    j.when(
      'csc-practitioner',
      { type: 'proposeResolution', summary: 'Strategy discussion.', actions: [] },
      MON,
    );
    assert.equal(j.case.status, 'open');
    j.when('csc-practitioner-2', { type: 'agreeResolution' }, MON);
    assert.equal(j.case.status, 'resolved');
  });

  it('given a colleague disagreement, when it escalates, then each side’s own manager steps in, and the line climbs within the one agency', () => {
    const j = raised(sameAgency());
    deadlinePasses(j);
    assert.equal(j.stage, 'stage-2');
    assert.deepEqual(j.holders(), ['csc-manager', 'csc-manager-2']);
    deadlinePasses(j);
    assert.equal(j.stage, 'stage-3');
    // both managers answer to the same senior manager: one person now holds the case for the agency
    assert.deepEqual(j.holders(), ['csc-seniorManager']);
    assert.deepEqual(
      j.case.stage.participants.map((p) => p.agencyId),
      ['csc'],
    );
  });

  it('given a colleague disagreement, when the business office names a manager for the receiving side, then a person of the agency is accepted', () => {
    const j = raised(sameAgency());
    deadlinePasses(j);
    const assign = {
      type: 'assignParticipant',
      agencyId: 'csc#receiving',
      personId: 'csc-headOfService',
    } as const;
    j.when('bo-1', assign, MON);
    assert.deepEqual(j.holders(), ['csc-headOfService', 'csc-manager']);
    j.refused('bo-1', { ...assign, personId: 'health-headOfService' }, MON, 'INVALID_INPUT');
  });

  it('refuses an unknown value with a message naming the path', () => {
    const raw = structuredClone(FLOW) as Record<string, any>;
    raw.rules.sameAgency = 'sometimes';
    const v = validateProcedure(raw);
    assert.ok(!v.ok && v.errors.some((e) => /^rules\.sameAgency: /.test(e)), JSON.stringify(v));
  });
});
