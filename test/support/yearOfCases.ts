/**
 * A realistic year of disagreements for the business office tests: a few hundred cases raised on any day
 * of 2026 (weekends and bank holidays included), across three agencies and both built-in procedures.
 * Some are resolved, some withdrawn, many left to miss their deadlines and climb. Every command goes
 * through the real CaseService into the store; the generator keeps its own log of what it did, so the
 * tests can compute the expected figures without the code under test.
 */
import { CaseService } from '../../src/app/caseService';
import type { CaseDoc } from '../../src/app/caseDocument';
import { ProcedureCatalog } from '../../src/app/procedures';
import { dueItems, SYSTEM, type Command, type DueItem } from '../../src/domain/case';
import type { Directory } from '../../src/domain/directory';
import { DomainError } from '../../src/domain/errors';
import type { Store } from '../../src/store/cosmos';

export interface Generated {
  caseId: string;
  reference: string;
  raisedAt: string;
  raisingAgency: string;
  receivingAgency: string;
  theme: string;
  procedureId: string;
}

/** Theme ids of the default list (the demo directory sets none). */
const THEMES = ['threshold', 'information-sharing', 'other', 'plan-not-followed'];

/** Small deterministic PRNG (mulberry32), so the data set is the same on every run. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function commandOf(d: DueItem): Command {
  if (d.kind === 'deadline') return { type: 'clockPassed', clockId: d.clockId };
  if (d.kind === 'reminder') return { type: 'reminderDue', clockId: d.clockId };
  return { type: 'capPassed' };
}

export async function generateYear(
  store: Store,
  dir: Directory,
  opts: { cases: number; seed: number; heads?: boolean },
): Promise<Generated[]> {
  const rnd = prng(opts.seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  let now = new Date('2026-01-01T00:00:00Z');
  const service = new CaseService({
    cases: store.cases,
    procedures: new ProcedureCatalog(store.settings),
    directory: () => Promise.resolve(dir),
    now: () => now,
    heads: opts.heads ? store.settings : undefined,
  });
  const practitioners = dir.people.filter((p) => p.role === 'practitioner' && p.agencyId !== 'partnership');
  const out: Generated[] = [];
  const yearStart = Date.parse('2026-01-01T08:00:00Z');
  for (let i = 0; i < opts.cases; i++) {
    const raiser = pick(practitioners);
    const other = pick(practitioners.filter((p) => p.agencyId !== raiser.agencyId));
    const caseId = `gen-${opts.seed}-${String(i).padStart(4, '0')}`;
    // any day of the year (weekends and bank holidays too), office-ish hours
    now = new Date(yearStart + Math.floor(rnd() * 350) * 86_400_000 + Math.floor(rnd() * 9) * 3_600_000);
    const g: Generated = {
      caseId,
      reference: `CSC/2026/${String(i).padStart(4, '0')}`, // fits the demo's CSC format
      raisedAt: now.toISOString(),
      raisingAgency: raiser.agencyId,
      receivingAgency: other.agencyId,
      theme: pick(THEMES),
      procedureId: pick(['conflict-resolution-flowchart', 'bscp-escalation-procedure']),
    };
    await service.run({
      caseId,
      partnershipId: dir.partnership.id,
      by: raiser.id,
      command: {
        type: 'raise',
        caseId,
        partnershipId: dir.partnership.id,
        procedureId: g.procedureId,
        reference: g.reference,
        theme: g.theme,
        summary: 'Disagreement about the plan.',
        otherProfessionalId: other.id,
        imminentRisk: rnd() < 0.1,
        conflictWithOwnManager: false,
        supporterId: null,
      },
    });
    out.push(g);
    await playOut(
      service,
      store,
      caseId,
      dir,
      rnd,
      () => now,
      (t) => (now = t),
    );
  }
  return out;
}

/** Let the case run: the professionals sometimes resolve or withdraw, otherwise deadlines pass. */
async function playOut(
  service: CaseService,
  store: Store,
  caseId: string,
  dir: Directory,
  rnd: () => number,
  getNow: () => Date,
  setNow: (t: Date) => void,
): Promise<void> {
  const run = async (by: string, command: Command) =>
    service.run({ caseId, partnershipId: dir.partnership.id, by, command });
  const fate = rnd();
  for (let step = 0; step < 40; step++) {
    let doc = (await store.cases.get<CaseDoc>(caseId))!;
    if (doc.state.status !== 'open') return;
    if (fate < 0.35 && step === Math.floor(rnd() * 4)) {
      // a professional at the stage proposes to resolve it; the approver (if any) approves a day later
      const c = doc.state;
      const who = c.stage.participants.find((p) => p.as !== 'supporter')?.personId ?? c.raisedBy;
      try {
        setNow(new Date(getNow().getTime() + 3_600_000));
        try {
          await run(who, { type: 'recordLearningPoints', text: `Learning from ${c.reference}` });
        } catch (e) {
          if (!(e instanceof DomainError)) throw e; // not every stage records learning points
        }
        await run(who, { type: 'proposeResolution', summary: 'Agreed after a discussion.', actions: [] });
        const mine = c.stage.participants.find((p) => p.personId === who)?.agencyId;
        const other = c.stage.participants.find((p) => p.as !== 'supporter' && p.agencyId !== mine);
        if (other) await run(other.personId, { type: 'agreeResolution' }); // the other side agrees
        doc = (await store.cases.get<CaseDoc>(caseId))!;
        const approver = doc.state.stage.pending?.approverIds[0];
        if (approver) {
          setNow(new Date(getNow().getTime() + 86_400_000));
          await run(approver, { type: 'approveOutcome' });
        }
        continue;
      } catch (e) {
        if (!(e instanceof DomainError)) throw e;
      }
    }
    if (fate > 0.92 && step === 1) {
      setNow(new Date(getNow().getTime() + 2 * 3_600_000));
      await run(doc.state.raisedBy, { type: 'withdraw', reason: 'Resolved outside the procedure.' });
      return;
    }
    // nobody acts: the next reminder or deadline fires, exactly as the sweep would fire it
    const next = doc.nextDueAt;
    if (!next) return;
    setNow(new Date(Date.parse(next) + 60_000));
    for (const item of dueItems(doc.state, getNow())) {
      try {
        await run(SYSTEM, commandOf(item));
      } catch (e) {
        if (!(e instanceof DomainError)) throw e; // an earlier item already moved the stage on
      }
    }
  }
}

export type { CaseDoc };
