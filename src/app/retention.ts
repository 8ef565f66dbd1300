/**
 * Retention review: a closed case becomes due for a retention decision `months` after it closed
 * (RETENTION_REVIEW_MONTHS, default 84). Nothing is deleted automatically: the partnership's data protection
 * officer decides under its own schedule; this lists what is due. A case erased after that decision goes with its
 * archive documents (its older events, in the same partition): `CaseStore.erase` deletes them first, then the case.
 */
import { addMonths } from 'date-fns';

export interface RetentionDue {
  caseId: string;
  reference: string;
  status: string;
  closedAt: string;
  reviewDueAt: string;
}

interface ClosedLike {
  caseId: string;
  reference: string;
  status: string;
  closedAt: string | null;
}

/** Closed cases whose review date (closure + `months`) is at or before `now`, oldest first. */
export function dueForRetentionReview(docs: Iterable<ClosedLike>, now: Date, months: number): RetentionDue[] {
  const out: RetentionDue[] = [];
  for (const d of docs) {
    if (d.status === 'open' || !d.closedAt) continue;
    const reviewDueAt = addMonths(new Date(d.closedAt), months).toISOString();
    if (reviewDueAt <= now.toISOString())
      out.push({
        caseId: d.caseId,
        reference: d.reference,
        status: d.status,
        closedAt: d.closedAt,
        reviewDueAt,
      });
  }
  return out.sort((a, b) => (a.closedAt < b.closedAt ? -1 : a.closedAt > b.closedAt ? 1 : 0));
}
