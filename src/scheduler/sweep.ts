/** Deadline sweep: find due cases by the indexed nextDueAt, claim each, feed its due items into the command path. */
import type { CaseDoc, CaseService } from '../app/caseService';
import { dueItems, SYSTEM, type Command, type DueItem } from '../domain/case';
import { DomainError } from '../domain/errors';
import type { Logger } from '../log';
import { ConcurrencyError } from '../store/errors';

export interface SweepStore {
  findDue(nowIso: string, limit: number): Promise<CaseDoc[]>;
  replace(doc: CaseDoc): Promise<CaseDoc>;
}

export interface SweepDeps {
  cases: SweepStore;
  service: CaseService;
  now: () => Date;
  instanceId: string;
  log: Logger;
  claimMs?: number;
  batch?: number;
}

export interface SweepResult {
  due: number;
  claimed: number;
  fired: number;
}

/** Errors that mean "already done by someone else": the sweep moves on. */
const SETTLED = new Set(['NOT_DUE', 'UNKNOWN_CLOCK', 'CASE_CLOSED']);

function commandOf(item: DueItem): Command {
  if (item.kind === 'cap') return { type: 'capPassed' };
  return item.kind === 'reminder'
    ? { type: 'reminderDue', clockId: item.clockId }
    : { type: 'clockPassed', clockId: item.clockId };
}

/** Take the case for this instance: an ETag-conditional write, so only one sweeper fires each clock. */
async function claim(deps: SweepDeps, doc: CaseDoc, now: Date): Promise<boolean> {
  const live = doc.claim && doc.claim.until > now.toISOString() && doc.claim.by !== deps.instanceId;
  if (live) return false;
  const until = new Date(now.getTime() + (deps.claimMs ?? 60_000)).toISOString();
  try {
    await deps.cases.replace({ ...doc, claim: { by: deps.instanceId, until } });
    return true;
  } catch (e) {
    if (e instanceof ConcurrencyError) return false;
    throw e;
  }
}

async function fire(deps: SweepDeps, doc: CaseDoc, now: Date): Promise<number> {
  let fired = 0;
  const s = doc.state;
  for (const item of dueItems(s, now)) {
    const key = `sweep:${doc.caseId}:${s.stage.stageId}:${s.stage.level}:${item.kind}:${item.kind === 'cap' ? 'cap' : item.clockId}`;
    try {
      const r = await deps.service.run({
        caseId: doc.caseId,
        partnershipId: doc.partnershipId,
        by: SYSTEM,
        command: commandOf(item),
        idempotencyKey: key,
        source: 'scheduler',
      });
      if (!r.replayed) fired++;
    } catch (e) {
      if (e instanceof DomainError && SETTLED.has(e.code)) continue;
      throw e;
    }
  }
  return fired;
}

/** One pass: every case due at or before now, earliest first, in batches. */
export async function sweepOnce(deps: SweepDeps): Promise<SweepResult> {
  const now = deps.now();
  const result: SweepResult = { due: 0, claimed: 0, fired: 0 };
  const due = await deps.cases.findDue(now.toISOString(), deps.batch ?? 100);
  result.due = due.length;
  for (const doc of due) {
    try {
      if (!(await claim(deps, doc, now))) continue;
      result.claimed++;
      result.fired += await fire(deps, doc, now);
    } catch (e) {
      deps.log.warn(
        { event: 'sweepCaseFailed', caseId: doc.caseId, err: (e as Error).name },
        'sweep of a case failed; it stays due',
      );
    }
  }
  return result;
}
