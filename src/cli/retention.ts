/**
 * `escalate retention`: closed cases due for a retention decision (RETENTION_REVIEW_MONTHS after closure), and
 * `escalate retention erase`: erasing one after that decision.
 */
import type { CaseDoc } from '../app/caseDocument';
import { dueForRetentionReview, type RetentionDue } from '../app/retention';
import { formatLondon } from '../domain/calendar';
import { parse, UsageError, type Io } from './args';
import { withStore, type CliDeps } from './deps';

export async function retention(args: string[], io: Io, deps: CliDeps, months: number): Promise<number> {
  if (args[0] === 'erase') return erase(args.slice(1), io, deps, months);
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

/**
 * Erase one case after the partnership's retention decision: only a closed case already due for review. The
 * erasure is recorded first (case id and dates: nothing personal), so `audit verify` reports the case as
 * erased rather than deleted, then its archives and last its case document go (a re-run finishes an
 * interrupted one). Without --yes it only says what would be erased.
 */
async function erase(args: string[], io: Io, deps: CliDeps, months: number): Promise<number> {
  const { values } = parse(args, {
    case: { type: 'string' },
    id: { type: 'string' },
    yes: { type: 'boolean' },
    partnership: { type: 'string' },
  });
  if (!values.case) throw new UsageError('give the case to erase: --case <reference>');
  const partnershipId = values.partnership ?? deps.partnershipId;
  return withStore(deps, async (store) => {
    const found = (await store.cases.findByReference<CaseDoc>(partnershipId, values.case!)).filter(
      (d) => !values.id || d.caseId === values.id,
    );
    if (found.length !== 1) {
      io.err(
        found.length
          ? `${found.length} cases have the reference ${values.case}: give the one to erase with --id (${found.map((d) => d.caseId).join(', ')})`
          : `no case with reference ${values.case}${values.id ? ` and id ${values.id}` : ''}`,
      );
      return 1;
    }
    const doc = found[0]!;
    const [due] = dueForRetentionReview([doc], deps.now(), months);
    if (!due) {
      io.err(
        doc.status === 'open' || !doc.closedAt
          ? `${doc.reference} is still open: only a closed case can be erased`
          : `${doc.reference} is not yet due for a retention decision (closed ${formatLondon(new Date(doc.closedAt))}; due ${months} months after closure)`,
      );
      return 1;
    }
    const what = `${doc.reference} (${doc.caseId}), ${doc.status}, closed ${formatLondon(new Date(due.closedAt))}`;
    if (!values.yes) {
      io.out(`would erase ${what}: its case document and archives. Run again with --yes to erase it.`);
      return 0;
    }
    const erasedAt = deps.now().toISOString();
    await store.settings.recordErasure(partnershipId, {
      caseId: doc.caseId,
      closedAt: due.closedAt,
      erasedAt,
    });
    const documents = await store.cases.erase(doc.caseId);
    io.out(`erased ${what}: ${documents} document${documents === 1 ? '' : 's'}`);
    return 0;
  });
}
