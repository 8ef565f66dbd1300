/** Posts the weekly digest when its slot has come; called from the sweep loop (cheap when nothing is due). */
import { digestSlot, type Weekday } from '../app/digestSlot';
import type { CaseStore, JobStore } from '../app/ports';
import type { ProcedureCatalog } from '../app/procedures';
import { computeReport, type ReportFigures } from '../app/report';
import type { SendOutcome } from '../delivery/contract';
import type { Directory } from '../domain/directory';
import type { Logger } from '../log';

/** `Card` is the digest as the Teams edge renders it: opaque here, only handed from `render` to `post`. */
export interface DigestDeps<Card = unknown> {
  partnershipId: string;
  day: Weekday | 'off';
  time: string;
  jobs: JobStore;
  cases: Pick<CaseStore, 'findActiveIn'>;
  procedures: ProcedureCatalog;
  directory: (partnershipId: string) => Promise<Directory>;
  render(figures: ReportFigures, dir: Directory): Card;
  post(partnershipId: string, card: Card): Promise<SendOutcome>;
  now: () => Date;
  instanceId: string;
  log: Logger;
}

const CLAIM_MS = 10 * 60_000;

/** Returns a tick function; it remembers the week it has seen done so it does not ask the store again. */
export function digestTicker<Card>(
  deps: DigestDeps<Card>,
): () => Promise<'off' | 'notDue' | 'done' | 'posted' | 'failed'> {
  let doneWeek = '';
  return async () => {
    if (deps.day === 'off') return 'off';
    const now = deps.now();
    const dir = await deps.directory(deps.partnershipId);
    const slot = digestSlot(now, deps.day, deps.time, dir.partnership.nation);
    if (now < slot.at || doneWeek === slot.week) return 'notDue';
    const key = `digest:${slot.week}`;
    const mine = await deps.jobs.claimJob(
      deps.partnershipId,
      key,
      deps.instanceId,
      now.toISOString(),
      new Date(now.getTime() + CLAIM_MS).toISOString(),
    );
    if (mine === 'done') {
      doneWeek = slot.week;
      return 'done';
    }
    if (mine === 'busy') return 'done'; // another instance is posting it; if it fails, any of us retries
    try {
      const docs = await deps.cases.findActiveIn(
        deps.partnershipId,
        slot.period.from.toISOString(),
        slot.period.to.toISOString(),
      );
      const figures = computeReport(
        docs.map((d) => d.state),
        await deps.procedures.all(deps.partnershipId),
        dir,
        slot.period,
      );
      const outcome = await deps.post(deps.partnershipId, deps.render(figures, dir));
      // 'uncertain': the connector may have posted it; posting again could double it, so count it as done
      if (outcome.kind !== 'sent' && outcome.kind !== 'uncertain')
        throw new Error(`digest not delivered: ${outcome.kind}`);
      await deps.jobs.finishJob(deps.partnershipId, key, deps.instanceId, 'done');
      doneWeek = slot.week;
      deps.log.info({ event: 'digestPosted', week: slot.week, cases: docs.length }, 'weekly digest posted');
      return 'posted';
    } catch (e) {
      deps.log.warn(
        { event: 'digestFailed', week: slot.week, err: (e as Error).name },
        'weekly digest failed; will retry',
      );
      await deps.jobs.finishJob(deps.partnershipId, key, deps.instanceId, 'failed').catch(() => undefined);
      return 'failed';
    }
  };
}
