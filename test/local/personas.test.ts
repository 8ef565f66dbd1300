/** The demo gives a window to everyone the demo journeys reach, so a plain demo run delivers every message. */
import { strict as assert } from 'node:assert';
import { demoDirectory } from '../../src/app/directoryFile';
import { BUILTIN_PROCEDURES } from '../../src/domain/procedure/builtin';
import { DEMO_PERSONAS } from '../../src/local/personas';
import { discussThenEscalate } from '../domain/helpers';
import { DEMO } from '../support/demoPeople';
import { Journey, raiseCommand } from '../support/journey';

const MON = '2026-12-07T10:00:00.000Z';

/** Priya raises with Jamie; one side asks to escalate at every stage and the asked manager approves, to the end. */
function reached(procedureIndex: number, side: 0 | 1): Set<string> {
  const p = BUILTIN_PROCEDURES[procedureIndex]!;
  const j = new Journey(p, demoDirectory());
  j.when(DEMO.priya, raiseCommand(p.id, { otherProfessionalId: DEMO.jamie }), MON);
  const seen = new Set<string>();
  for (let guard = 0; guard < 12 && j.case.status === 'open'; guard++) {
    j.case.stage.participants.forEach((x) => seen.add(x.personId));
    const stage = p.stages.find((s) => s.id === j.case.stage.stageId)!;
    const asker = j.case.stage.participants.find((x) => x.agencyId === j.case.agencies[side]);
    if (!asker || (!stage.next && !stage.climb)) break;
    discussThenEscalate(j, asker.personId, MON, 'Two telephone discussions; no agreement.');
    const approver = j.case.stage.pending?.approverIds[0];
    if (approver) {
      seen.add(approver);
      j.when(approver, { type: 'approveOutcome' }, MON);
    }
  }
  return seen;
}

describe('the local demo’s windows', () => {
  it('has a window for everyone either built-in procedure reaches from a case Priya raises with Jamie', () => {
    const windows = new Set(DEMO_PERSONAS.map((x) => x.personId));
    const dir = demoDirectory();
    for (let i = 0; i < BUILTIN_PROCEDURES.length; i++)
      for (const side of [0, 1] as const)
        for (const id of reached(i, side))
          assert.ok(
            windows.has(id),
            `${BUILTIN_PROCEDURES[i]!.id}: ${dir.people.find((x) => x.id === id)?.name ?? id} has no window`,
          );
  });

  it('keeps the walkthrough’s five windows first, on ports 56150 upwards, one port each', () => {
    assert.deepEqual(
      DEMO_PERSONAS.slice(0, 5).map((x) => [x.personId, x.port]),
      [
        [DEMO.priya, 56150],
        [DEMO.jamie, 56151],
        [DEMO.cscManager, 56152],
        [DEMO.healthManager, 56153],
        [DEMO.grace, 56154],
      ],
    );
    assert.deepEqual(
      DEMO_PERSONAS.map((x) => x.port),
      DEMO_PERSONAS.map((_, i) => 56150 + i),
    );
    assert.equal(new Set(DEMO_PERSONAS.map((x) => x.key)).size, DEMO_PERSONAS.length);
  });
});
