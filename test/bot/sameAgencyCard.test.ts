/**
 * Issue #18 same-agency disagreements, on the card: the two sides of a disagreement inside one agency are told
 * apart ("Children's Social Care" and "Children's Social Care (receiving side)"), never the same name twice.
 */
import { strict as assert } from 'node:assert';
import { caseView } from '../../src/bot/cards/caseView';
import { expand } from '../../src/bot/cards/render';
import { validateProcedure } from '../../src/domain/procedure/validate';
import { cardText } from '../support/botHarness';
import { withCscColleague } from '../support/directory';
import { Journey, raiseCommand } from '../support/journey';
import { FLOW, MON } from '../domain/rules';

const directory = withCscColleague;

describe('a disagreement inside one agency, on the case card', () => {
  it('names the receiving side as such, so the two sides are told apart', () => {
    const raw = structuredClone(FLOW) as Record<string, any>;
    raw.rules.sameAgency = 'allowed';
    const v = validateProcedure(raw);
    assert.ok(v.ok);
    const dir = directory();
    const j = new Journey(v.procedure, dir);
    j.when(
      'csc-practitioner',
      raiseCommand(v.procedure.id, { otherProfessionalId: 'csc-practitioner-2' }),
      MON,
    );
    const agency = dir.agencies.find((a) => a.id === 'csc')!.name;
    const text = cardText(
      expand(
        'caseCard',
        caseView({
          c: j.case,
          procedure: v.procedure,
          directory: dir,
          viewerId: 'csc-practitioner',
          now: new Date(MON),
          banner: '',
          headline: '',
          refreshUserIds: [],
        }),
      ),
    );
    assert.ok(text.includes(`${agency} (receiving side)`), text);
  });
});
