/** `escalate retention`: closed cases due for a retention decision (RETENTION_REVIEW_MONTHS after closure). */
import type { CaseDoc } from '../app/caseDocument';
import { dueForRetentionReview, type RetentionDue } from '../app/retention';
import { formatLondon } from '../domain/calendar';
import { parse, type Io } from './args';
import { withStore, type CliDeps } from './deps';

export async function retention(args: string[], io: Io, deps: CliDeps, months: number): Promise<number> {
  const { values } = parse(args, { partnership: { type: 'string' }, json: { type: 'boolean' } });
  const partnershipId = values.partnership ?? deps.partnershipId;
  const due: RetentionDue[] = [];
  await withStore(deps, async (store) => {
    for await (const page of store.cases.allOf<CaseDoc>(partnershipId))
      due.push(...dueForRetentionReview(page, deps.now(), months));
  });
  due.sort((a, b) => (a.closedAt < b.closedAt ? -1 : a.closedAt > b.closedAt ? 1 : 0));
  if (values.json) {
    io.out(JSON.stringify(due, null, 2));
    return 0;
  }
  io.out(
    `${due.length} closed case(s) due for a retention decision (${months} months after closure; nothing is deleted automatically)`,
  );
  for (const d of due)
    io.out(
      `${d.reference}  ${d.status}, closed ${formatLondon(new Date(d.closedAt))}, review due ${formatLondon(new Date(d.reviewDueAt))}`,
    );
  return 0;
}
