/**
 * Deadline sweep: find due cases by the indexed nextDueAt and feed their due items into the command path.
 * The command's own ETag-guarded save is the claim: when several instances sweep at once, one save wins and
 * the others, re-reading, find the clock already passed (or their idempotency key used) and move on. There
 * is no separate claim to write, so an instance that dies mid-sweep delays no deadline.
 */
import type { CaseDoc } from '../app/caseDocument';
import type { CaseService } from '../app/caseService';
import type { DueCases } from '../app/ports';
import { dueItems, SYSTEM, type Command, type DueItem } from '../domain/case';
import { DomainError } from '../domain/errors';
import type { Logger } from '../log';
import type { Telemetry } from '../telemetry/telemetry';

export interface SweepDeps {
  cases: DueCases;
  service: CaseService;
  now: () => Date;
  instanceId: string;
  log: Logger;
  batch?: number;
  telemetry?: Telemetry;
}

export interface SweepResult {
  due: number;
  fired: number;
}

/** Errors that mean "already done by someone else": the sweep moves on. */
const SETTLED = new Set(['NOT_DUE', 'UNKNOWN_CLOCK', 'CASE_CLOSED']);

function commandOf(item: DueItem): Command {
  if (item.kind === 'cap') return { type: 'capPassed' };
  if (item.kind === 'actionReminder') return { type: 'actionReminderDue', actionId: item.actionId };
  if (item.kind === 'actionOverdue') return { type: 'actionOverdue', actionId: item.actionId };
  return item.kind === 'reminder'
    ? { type: 'reminderDue', clockId: item.clockId }
    : { type: 'clockPassed', clockId: item.clockId };
}

/** What a due item is about, and when it fell due (a clock re-timed for imminent risk fires again). */
function subjectOf(item: DueItem): string {
  if (item.kind === 'cap') return 'cap';
  return `${'clockId' in item ? item.clockId : item.actionId}:${item.at}`;
}

async function fire(deps: SweepDeps, doc: CaseDoc, now: Date): Promise<number> {
  let fired = 0;
  const s = doc.state;
  let loaded: CaseDoc | undefined = doc; // the first command starts from the copy the query returned
  for (const item of dueItems(s, now)) {
    const key = `sweep:${doc.caseId}:${s.stage.stageId}:${s.stage.level}:${item.kind}:${subjectOf(item)}`;
    try {
      const r = await deps.service.run({
        caseId: doc.caseId,
        partnershipId: doc.partnershipId,
        by: SYSTEM,
        command: commandOf(item),
        idempotencyKey: key,
        source: 'scheduler',
        loaded,
      });
      loaded = r.doc;
      if (r.replayed) continue;
      fired++;
      deps.telemetry?.deadlineLag(deps.now().getTime() - Date.parse(item.at), {
        kind: item.kind,
        partnershipId: doc.partnershipId,
      });
      deps.log.info(
        { event: 'dueItemFired', caseId: doc.caseId, kind: item.kind, version: r.doc.version },
        'reminder or deadline fired',
      );
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
  const result: SweepResult = { due: 0, fired: 0 };
  const due = await deps.cases.findDue(now.toISOString(), deps.batch ?? 100);
  result.due = due.length;
  for (const doc of due) {
    try {
      result.fired += await fire(deps, doc, now);
    } catch (e) {
      deps.log.warn(
        { event: 'sweepCaseFailed', caseId: doc.caseId, instanceId: deps.instanceId, err: (e as Error).name },
        'sweep of a case failed; it stays due',
      );
    }
  }
  return result;
}
