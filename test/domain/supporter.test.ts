/**
 * Rule: a supporter is from the supported person's own agency. A supporter from another agency can only be
 * added by the business office. Either way the audit trail records who added whom.
 */
import { strict as assert } from 'node:assert';
import { capacitiesOf, isAllowed } from '../../src/domain/case';
import type { Directory } from '../../src/domain/directory';
import { builtinProcedure } from '../../src/domain/procedure/builtin';
import { testDirectory } from '../support/directory';
import { Journey, raiseCommand } from '../support/journey';

const P = builtinProcedure('conflict-resolution-flowchart')!;
const MON = '2026-12-07T10:00:00.000Z';
const TUE = '2026-12-08T09:00:00.000Z';

/** The test directory plus a practitioner in Community Health who could support a health colleague. */
function directory(): Directory {
  const dir = testDirectory();
  dir.people.push({
    id: 'health-supporter',
    name: 'Pat Support',
    agencyId: 'health',
    role: 'practitioner',
    lineManagerId: 'health-manager',
  });
  return dir;
}

function raised(overrides = {}): Journey {
  const j = new Journey(P, directory());
  j.when('csc-practitioner', raiseCommand(P.id, overrides), MON);
  return j;
}

const add = (supporterId: string) => ({ type: 'addSupporter' as const, supporterId });
const canView = (j: Journey, id: string) =>
  isAllowed('view', capacitiesOf(j.case, id, j.directory, j.procedure));

describe('supporters: from the supported person’s own agency, or added by the business office', () => {
  it('lets the raiser name a supporter from their own agency when raising', () => {
    const j = raised({ supporterId: 'csc-supporter' });
    assert.equal(j.case.supporterId, 'csc-supporter');
    assert.ok(canView(j, 'csc-supporter'));
  });

  it('refuses a supporter from another agency on the raise form, saying the business office can add one', () => {
    const j = new Journey(P, directory());
    const e = j.refused(
      'csc-practitioner',
      raiseCommand(P.id, { supporterId: 'health-supporter' }),
      MON,
      'INVALID_INPUT',
    );
    assert.match(
      e.fields.supporterId!,
      /must be from your own agency.*business office can add a supporter from another agency/,
    );
  });

  it('lets a professional add a supporter from their own agency, recorded with who added them', () => {
    const j = raised();
    assert.deepEqual(j.when('health-practitioner', add('health-supporter'), TUE), [
      { type: 'SupporterAdded', supporterId: 'health-supporter', agencyId: 'health', otherAgency: false },
    ]);
    assert.equal(j.log.at(-1)!.by, 'health-practitioner');
    assert.ok(canView(j, 'health-supporter'));
  });

  it('refuses a supporter from another agency added by a professional: no event, no view', () => {
    const j = raised();
    const e = j.refused('csc-practitioner', add('health-supporter'), TUE, 'INVALID_INPUT');
    assert.match(e.message, /The business office can add a supporter from another agency: ask them\./);
    assert.equal(j.case.supporterId, null);
    assert.ok(!canView(j, 'health-supporter'));
  });

  it('lets a business office member add a supporter from any agency, recorded as from another agency and by whom', () => {
    const j = raised();
    const events = j.when('bo-1', add('health-supporter'), TUE);
    assert.deepEqual(events, [
      { type: 'SupporterAdded', supporterId: 'health-supporter', agencyId: 'health', otherAgency: true },
    ]);
    assert.equal(j.log.at(-1)!.by, 'bo-1');
    assert.ok(canView(j, 'health-supporter'));
  });

  it('records a same-agency supporter added by the business office as such', () => {
    const j = raised();
    assert.deepEqual(j.when('bo-2', add('csc-supporter'), TUE), [
      { type: 'SupporterAdded', supporterId: 'csc-supporter', agencyId: 'csc', otherAgency: false },
    ]);
  });

  it('still refuses everyone else: a manager who may only view, and someone with no part in the case', () => {
    const j = raised();
    j.refused('csc-manager', add('csc-supporter'), TUE, 'NOT_ALLOWED');
    j.refused('health-director', add('health-supporter'), TUE, 'NOT_A_PARTICIPANT');
  });
});
