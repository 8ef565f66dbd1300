/** Posts the weekly digest when its slot has come; called from the sweep loop (cheap when nothing is due). */
import { digestSlot, type Weekday } from '../app/digest';
import { computeReport } from '../app/report';
import type { ProcedureCatalog } from '../app/procedures';
import type { CardContent } from '../bot/cards/render';
import type { Case } from '../domain/case';
import type { Directory } from '../domain/directory';
import type { Logger } from '../log';
import type { CaseDocument } from '../store/caseDocument';
import type { SendOutcome } from './dispatch';
import type { ReportFigures } from '../app/report';

export interface DigestDeps {
  partnershipId: string;
  day: Weekday | 'off';
  time: string;
  jobs: {
    claimJob(
      p: string,
      key: string,
      by: string,
      nowIso: string,
      untilIso: string,
    ): Promise<'claimed' | 'done' | 'busy'>;
    finishJob(p: string, key: string, by: string, status: 'done' | 'failed'): Promise<void>;
  };
  cases: {
    findActiveIn<T extends CaseDocument<Case>>(p: string, fromIso: string, toIso: string): Promise<T[]>;
  };
  procedures: ProcedureCatalog;
  directory: (partnershipId: string) => Promise<Directory>;
  render(figures: ReportFigures, dir: Directory): CardContent;
  post(partnershipId: string, card: CardContent): Promise<SendOutcome>;
  now: () => Date;
  instanceId: string;
  log: Logger;
}

const CLAIM_MS = 10 * 60_000;

/** Returns a tick function; it remembers the week it has seen done so it does not ask the store again. */
export function digestTicker(
  deps: DigestDeps,
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
