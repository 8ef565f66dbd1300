/**
 * Issue #18 "Versions": "the two built-ins and any procedure file in the current format keep working (a format
 * version and a converter, or a backward-compatible schema); open cases keep the version they started with."
 * The schema is backward compatible: every construct #18 added is optional, with a default that means what the
 * file meant before. The fixtures are the two built-ins as published before #18 (November 2026), byte for byte.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { timelineIfNobodyActs } from '../../src/domain/case/simulate';
import { builtinProcedure } from '../../src/domain/procedure/builtin';
import { validateProcedureText } from '../../src/domain/procedure/validate';

const OLD = path.join(__dirname, 'fixtures', 'format-2026-11');
const STARTS = ['2026-12-07T10:00:00.000Z', '2026-12-24T16:30:00.000Z', '2027-03-26T09:00:00.000Z'];

for (const id of ['conflict-resolution-flowchart', 'bscp-escalation-procedure']) {
  describe(`a procedure file written before #18: ${id}`, () => {
    const text = readFileSync(path.join(OLD, `${id}.json`), 'utf8');
    const result = validateProcedureText(text);

    it('still validates', () => {
      assert.deepEqual(result.ok ? [] : result.errors, []);
    });

    it('reads every new rule as "as before": no same-agency cases, cap only alerts, no obligations', () => {
      assert.ok(result.ok);
      const { rules } = result.procedure;
      assert.equal(rules.sameAgency, 'refused');
      assert.deepEqual(rules.afterResolution, []);
      if (rules.cap) assert.equal(rules.cap.then, 'alert');
      for (const b of rules.bypass) assert.equal(b.standing, 'atStage');
    });

    for (const start of STARTS)
      for (const imminentRisk of result.ok && result.procedure.rules.imminentRisk ? [false, true] : [false])
        it(`runs the same timeline as today's built-in from ${start}${imminentRisk ? ' at imminent risk' : ''}`, () => {
          assert.ok(result.ok);
          const then = timelineIfNobodyActs(result.procedure, new Date(start), { imminentRisk });
          const now = timelineIfNobodyActs(builtinProcedure(id)!, new Date(start), { imminentRisk });
          assert.deepEqual(then, now);
        });
  });
}
