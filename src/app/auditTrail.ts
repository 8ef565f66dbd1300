/**
 * Audit: verify every case's hash chain (and that its state is what its events say), and export the trail.
 * A break names the case and the first event that does not check out. A case's log is its archive documents'
 * events and then its document's own (caseArchive.ts): callers read it with `readLog` and pass it in.
 */
import { stringify } from 'csv-stringify/sync';
import { canonical, evolve, toDecided, verifyChain, type CaseState } from '../domain/case';
import type { JoinedLog } from './caseArchive';
import type { CaseDoc as Doc, StoredEvent } from './caseDocument';
import type { ChainHead } from './ports';

export interface Break {
  caseId: string;
  reference: string;
  seq: number; // the first event that does not check out (0: the case as a whole)
  problem: string;
}

export interface VerifyResult {
  cases: number;
  events: number;
  breaks: Break[];
  lagging: string[]; // case ids whose stored head copy is behind the log (a crash between two writes)
  erased: string[]; // case ids gone after a recorded retention decision (their head copy stays: not a break)
  erasing: string[]; // case ids recorded as erased that still have their case document (an interrupted erasure)
}

/** Check one case's whole log (`log`: archives, then document) against its chain and, if there is one, the separately stored head. */
export function verifyCase(
  doc: Doc,
  head: ChainHead | undefined,
  log: JoinedLog = { events: doc.events ?? [] },
): { break?: Break; lagging: boolean } {
  const at = (seq: number, problem: string) => ({
    break: { caseId: doc.caseId, reference: doc.reference, seq, problem },
    lagging: false,
  });
  const events = log.events;
  const chain = verifyChain(events);
  if (!chain.ok) return at(chain.seq, chain.problem);
  if (log.problem) return at(log.problem.seq, log.problem.problem);
  if (head) {
    if (head.seq > events.length)
      return at(
        events.length + 1,
        `the log ends at event ${events.length} but event ${head.seq} was recorded: truncated`,
      );
    if (events[head.seq - 1]!.hash !== head.hash)
      return at(head.seq, 'differs from the copy of the chain head kept in the settings: log rewritten');
  }
  if (doc.version !== events.length)
    return at(0, `the case says version ${doc.version} but has ${events.length} events`);
  let state: CaseState = { status: 'none' };
  for (const e of events) state = evolve(state, toDecided(e));
  if (canonical(state) !== canonical(doc.state))
    return at(0, 'the stored case state is not what its events say: state edited outside the log');
  return { lagging: !!head && head.seq < events.length };
}

/**
 * Verify every case page by page; heads whose case is gone are breaks too (a deleted case), unless the case
 * was erased after a recorded retention decision (`erased`: their ids).
 */
export async function verifyAll(
  pages: AsyncIterable<Doc[]>,
  heads: ChainHead[],
  logOf: (doc: Doc) => Promise<JoinedLog> = (doc) => Promise.resolve({ events: doc.events ?? [] }),
  erased: ReadonlySet<string> = new Set(),
): Promise<VerifyResult> {
  const headOf = new Map(heads.map((h) => [h.caseId, h]));
  const seen = new Set<string>();
  const out: VerifyResult = { cases: 0, events: 0, breaks: [], lagging: [], erased: [], erasing: [] };
  for await (const page of pages) {
    for (const doc of page) {
      seen.add(doc.caseId);
      out.cases++;
      const log = await logOf(doc);
      out.events += log.events.length;
      const r = verifyCase(doc, headOf.get(doc.caseId), log);
      if (r.break) out.breaks.push(r.break);
      if (r.lagging) out.lagging.push(doc.caseId);
      if (erased.has(doc.caseId)) out.erasing.push(doc.caseId);
    }
  }
  for (const h of heads.filter((x) => !seen.has(x.caseId))) {
    if (erased.has(h.caseId)) out.erased.push(h.caseId);
    else
      out.breaks.push({
        caseId: h.caseId,
        reference: '',
        seq: 0,
        problem: `the case is missing but ${h.seq} events were recorded for it: deleted`,
      });
  }
  return out;
}

/** One exported audit row: who (a directory id, never a name), when, what, and the chain links. */
export interface AuditRow {
  caseId: string;
  reference: string;
  seq: number;
  at: string;
  by: string;
  type: string;
  source: string;
  data: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

/** The rows of one case's events (`events`: its whole log, archives included) recorded in [from, to). */
export function auditRows(
  doc: Doc,
  events: readonly StoredEvent[] = doc.events ?? [],
  from?: string,
  to?: string,
): AuditRow[] {
  return events
    .filter((e: StoredEvent) => (!from || e.at >= from) && (!to || e.at < to))
    .map((e) => ({
      caseId: doc.caseId,
      reference: doc.reference,
      seq: e.seq,
      at: e.at,
      by: e.by,
      type: e.type,
      source: e.source ?? '',
      data: e.data,
      prevHash: e.prevHash,
      hash: e.hash,
    }));
}

export const AUDIT_COLUMNS = [
  'caseId',
  'reference',
  'seq',
  'at',
  'by',
  'type',
  'source',
  'data',
  'prevHash',
  'hash',
];

export function auditCsv(rows: AuditRow[], header: boolean): string {
  return stringify(
    rows.map((r) => [
      r.caseId,
      r.reference,
      r.seq,
      r.at,
      r.by,
      r.type,
      r.source,
      JSON.stringify(r.data),
      r.prevHash,
      r.hash,
    ]),
    { header, columns: AUDIT_COLUMNS, escape_formulas: true }, // opened in spreadsheets: no cell runs as a formula
  );
}
