/**
 * Issue #18, "Bypass by a named role wherever that person stands, forward only, to the stages listed." (The issue:
 * "Bypass is tied to a role on the current stage, allows going backwards, and cannot be given to one named role
 * wherever that person stands.")
 */
import { strict as assert } from 'node:assert';
import { capacitiesOf, isAllowed, referralTargets, type Command } from '../../src/domain/case';
import type { Directory } from '../../src/domain/directory';
import type { Procedure } from '../../src/domain/procedure/schema';
import { validateProcedure } from '../../src/domain/procedure/validate';
import { testDirectory } from '../support/directory';
import { Journey, raiseCommand } from '../support/journey';
import { BSCP, MON } from './rules';

/** BSCP with its referral rules replaced by `bypass`. */
function withBypass(bypass: unknown[]): Procedure {
  const raw = structuredClone(BSCP) as Record<string, any>;
  raw.rules.bypass = bypass;
  const v = validateProcedure(raw);
  assert.ok(v.ok, v.ok ? '' : v.errors.join(' | '));
  return v.procedure;
}

const DIRECTOR_ANYWHERE = {
  by: ['director'],
  to: ['stage-3', 'stage-4'],
  wording: 'A Director may refer the case to senior managers or the Chair at any point.',
  standing: 'anywhere',
};

/** The test directory with a third agency, not party to the case. */
function withPolice(): Directory {
  const dir = testDirectory();
  dir.agencies.push({ id: 'police', name: 'Police', directorId: 'police-director' });
  dir.people.push({ id: 'police-director', name: 'Pat Police', agencyId: 'police', role: 'director' });
  return dir;
}

function raised(p: Procedure, dir = testDirectory()): Journey {
  const j = new Journey(p, dir);
  j.when('csc-practitioner', raiseCommand(p.id), MON);
  return j;
}

const refer = (stageId: string): Command => ({ type: 'referToStage', stageId, reason: 'Scrutiny needed.' });

describe('referral by a named role (issue #18: "Bypass by a named role wherever that person stands, forward only, to the stages listed")', () => {
  it('given "standing": "anywhere", when an agency’s Director who is not at the stage refers the case, then it moves to the stage listed', () => {
    const j = raised(withBypass([DIRECTOR_ANYWHERE]));
    assert.equal(j.stage, 'pre-escalation');
    assert.ok(!j.holders().includes('health-director'));
    assert.deepEqual(referralTargets(j.case, 'health-director', j.directory, j.procedure), [
      'stage-3',
      'stage-4',
    ]);
    j.when('health-director', refer('stage-3'), MON);
    assert.equal(j.stage, 'stage-3');
    assert.match(j.case.stage.enteredBecause, /referred to Stage 3/);
  });

  it('given the default standing (at the stage), when the same Director refers from outside the stage, then they are not involved', () => {
    const j = raised(withBypass([{ ...DIRECTOR_ANYWHERE, standing: undefined }]));
    j.refused('health-director', refer('stage-3'), MON, 'NOT_A_PARTICIPANT');
  });

  it('given "anywhere", the Director who may refer the case can open it to decide (and another agency’s cannot)', () => {
    const j = raised(withBypass([DIRECTOR_ANYWHERE]), withPolice());
    assert.ok(isAllowed('view', capacitiesOf(j.case, 'health-director', j.directory, j.procedure)));
    assert.ok(!isAllowed('view', capacitiesOf(j.case, 'police-director', j.directory, j.procedure)));
  });

  it('given "anywhere", when the Director of an agency not party to the case refers it, then they are refused', () => {
    const j = raised(withBypass([DIRECTOR_ANYWHERE]), withPolice());
    assert.ok(!capacitiesOf(j.case, 'police-director', j.directory, j.procedure).has('bypasser'));
    j.refused('police-director', refer('stage-3'), MON, 'NOT_A_PARTICIPANT');
  });

  it('given a case at Stage 4, when a referral back to Stage 3 is asked for, then it is refused: referrals only go forward', () => {
    const j = raised(withBypass([DIRECTOR_ANYWHERE]));
    j.when('csc-director', refer('stage-4'), MON);
    assert.equal(j.stage, 'stage-4');
    assert.deepEqual(referralTargets(j.case, 'csc-director', j.directory, j.procedure), []);
    const e = j.refused('csc-director', refer('stage-3'), MON, 'BACKWARD_REFERRAL');
    assert.match(e.message, /Stage 3 comes before the case’s stage: a referral only goes forward/);
  });

  it('given a stage no rule lists, when a referral to it is asked for, then it is refused as unknown', () => {
    const j = raised(withBypass([DIRECTOR_ANYWHERE]));
    j.refused('csc-director', refer('stage-2'), MON, 'UNKNOWN_STAGE');
  });

  it('given rules for different roles, when one role asks for another rule’s stage, then it is not allowed', () => {
    const office = { by: ['businessOffice'], to: 'stage-4', wording: 'The office may refer to the Chair.' };
    const j = raised(withBypass([{ ...DIRECTOR_ANYWHERE, to: 'stage-3' }, office]));
    j.refused('csc-director', refer('stage-4'), MON, 'NOT_ALLOWED');
    j.when('bo-1', refer('stage-4'), MON);
    assert.equal(j.stage, 'stage-4');
  });

  describe('the validator names the path of each mistake', () => {
    const cases: [string, unknown, RegExp][] = [
      [
        'an unknown stage in a list',
        { ...DIRECTOR_ANYWHERE, to: ['stage-3', 'stage-9'] },
        /^rules\.bypass\[0\]\.to\[1\]: unknown stage "stage-9"$/,
      ],
      [
        'the first stage',
        { ...DIRECTOR_ANYWHERE, to: 'pre-escalation' },
        /^rules\.bypass\[0\]\.to: "pre-escalation" is the first stage; a referral only goes forward$/,
      ],
      ['an empty list', { ...DIRECTOR_ANYWHERE, to: [] }, /^rules\.bypass\[0\]\.to: /],
      [
        'an unknown standing',
        { ...DIRECTOR_ANYWHERE, standing: 'everywhere' },
        /^rules\.bypass\[0\]\.standing: /,
      ],
      ['an unknown role', { ...DIRECTOR_ANYWHERE, by: ['mayor'] }, /^rules\.bypass\[0\]\.by\[0\]: /],
    ];
    for (const [name, rule, expected] of cases)
      it(`refuses ${name}`, () => {
        const raw = structuredClone(BSCP) as Record<string, any>;
        raw.rules.bypass = [rule];
        const v = validateProcedure(raw);
        const errors = v.ok ? [] : v.errors;
        assert.ok(
          errors.some((e) => expected.test(e)),
          `got: ${errors.join(' | ')}`,
        );
      });
  });
});
