/** `escalate audit export|verify`: the audit trail of cases, and a check that every hash chain holds. */
import type { CaseDoc } from '../app/caseDocument';
import { auditCsv, auditRows, verifyAll, type AuditRow } from '../app/auditTrail';
import { readLog } from '../app/caseArchive';
import { formatArg, parse, periodArg, UsageError, type Io } from './args';
import { withStore, type CliDeps } from './deps';

export async function auditExport(args: string[], io: Io, deps: CliDeps): Promise<number> {
  const { values } = parse(args, {
    case: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    format: { type: 'string' },
    partnership: { type: 'string' },
  });
  const format = formatArg(values.format, ['jsonl', 'csv'] as const);
  const partnershipId = values.partnership ?? deps.partnershipId;
  const byCase = typeof values.case === 'string';
  if (byCase === (values.from !== undefined || values.to !== undefined))
    throw new UsageError('give either --case <reference> or --from <date> --to <date>');
  const period = byCase ? null : periodArg(values, deps.now(), true);
  let rows = 0;
  const emit = (batch: AuditRow[]) => {
    if (!batch.length) return;
    if (format === 'jsonl') for (const r of batch) io.out(JSON.stringify(r));
    else io.out(auditCsv(batch, rows === 0).trimEnd());
    rows += batch.length;
  };
  await withStore(deps, async (store) => {
    if (byCase) {
      const docs = await store.cases.findByReference<CaseDoc>(partnershipId, values.case as string);
      if (!docs.length) throw new Error(`no case with reference ${String(values.case)}`);
      for (const d of docs) emit(auditRows(d, (await readLog(store.cases, d)).events));
      return;
    }
    const from = period!.from.toISOString();
    const to = period!.to.toISOString();
    for await (const page of store.cases.allOf<CaseDoc>(partnershipId))
      for (const d of page) emit(auditRows(d, (await readLog(store.cases, d)).events, from, to));
  });
  io.err(`exported ${rows} audit event${rows === 1 ? '' : 's'}`);
  return 0;
}

export async function auditVerify(args: string[], io: Io, deps: CliDeps): Promise<number> {
  const { values } = parse(args, { partnership: { type: 'string' }, json: { type: 'boolean' } });
  const partnershipId = values.partnership ?? deps.partnershipId;
  const r = await withStore(deps, async (store) =>
    verifyAll(
      store.cases.allOf<CaseDoc>(partnershipId),
      await store.settings.listChainHeads(partnershipId),
      (doc) => readLog(store.cases, doc),
      new Set((await store.settings.listErasures(partnershipId)).map((e) => e.caseId)),
    ),
  );
  if (values.json) {
    io.out(JSON.stringify(r, null, 2));
    return r.breaks.length ? 1 : 0;
  }
  io.out(`checked ${r.cases} case(s), ${r.events} event(s)`);
  for (const b of r.breaks)
    io.out(`BROKEN case ${b.reference || b.caseId} (${b.caseId}) at event ${b.seq}: ${b.problem}`);
  if (r.erased.length)
    io.out(`${r.erased.length} case(s) erased after a retention decision (recorded; not a break)`);
  if (r.erasing.length)
    io.out(
      `${r.erasing.length} case(s) recorded as erased still have their case document (an interrupted erasure: run escalate retention erase again): ${r.erasing.join(', ')}`,
    );
  if (r.lagging.length)
    io.out(
      `${r.lagging.length} case(s) have a chain head copy behind the log (an interrupted write; not a break)`,
    );
  io.out(r.breaks.length ? `${r.breaks.length} case(s) FAILED verification` : 'OK: every chain verified');
  return r.breaks.length ? 1 : 0;
}
