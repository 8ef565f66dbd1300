/**
 * Section 5 — bytes written per action as a case grows (issue #20). One case per level is grown through the real
 * CaseService to 10, 100 and 500 events, its messages delivered by the real Dispatcher (a sender that accepts
 * everything), then the next actions are measured on the wire: the bytes of every document the command writes to
 * the cases container (the case document and any archive document), and separately those the dispatcher writes to
 * record the deliveries the action caused. The actions are imminent risk set and cleared in turn (one event each,
 * state that does not grow), so what is measured is the history's cost alone. The same is run with a store that
 * cannot archive (every event kept in the document, as before #20) as the baseline.
 */
import { ARCHIVE_POLICY } from '../../../src/app/caseArchive';
import type { CaseDoc } from '../../../src/app/caseDocument';
import { CaseService } from '../../../src/app/caseService';
import type { CommandStore } from '../../../src/app/ports';
import { ProcedureCatalog } from '../../../src/app/procedures';
import type { SendOutcome, Sender } from '../../../src/delivery/contract';
import { Dispatcher } from '../../../src/delivery/dispatcher';
import { storedBytes } from '../../../src/domain/case';
import { createLogger } from '../../../src/log';
import { openStore, type Store } from '../../../src/store/cosmos';
import { testDirectory } from '../../support/directory';
import { raiseCommand } from '../../support/journey';
import { VirtualTime } from '../../support/virtualTime';
import { caseWritesTo, installRequestCounter } from '../lib/requestCounter';
import { ratio, round } from '../lib/stats';

export const BYTE_LEVELS = [10, 100, 500] as const;
/** Actions measured per level: one archive cycle (each action adds one event). */
const MEASURED = ARCHIVE_POLICY.chunk;

export interface BytesLevel {
  events: number;
  /** Bytes the command writes per action (case document + archive documents). */
  commandBytes: number;
  /** Documents the command writes per action. */
  commandWrites: number;
  /** Bytes the dispatcher writes per action, recording the deliveries (leases and outcomes). */
  deliveryBytes: number;
  /** The case document after the measured actions. */
  docBytes: number;
  docEvents: number;
  archives: number;
}

export interface CaseBytesResult {
  archived: BytesLevel[];
  /** The same with every event kept in the document (a store without archives: the document before #20). */
  unarchived: BytesLevel[];
  /** Command bytes per action at 500 events / at 10, with archives. */
  ratio500to10: number;
  measuredActions: number;
}

const sender: Sender = {
  target: (_doc, effect) => Promise.resolve(effect.kind === 'notify' ? `user:${effect.to}` : 'office'),
  send: (): Promise<SendOutcome> => Promise.resolve({ kind: 'sent' }),
  fallback: (): Promise<SendOutcome> => Promise.resolve({ kind: 'sent' }),
};

async function measureMode(store: Store, archive: boolean): Promise<BytesLevel[]> {
  const time = new VirtualTime(Date.parse('2026-12-07T09:00:00.000Z'));
  const dir = testDirectory();
  const cases: CommandStore = archive
    ? store.cases
    : {
        get: (id) => store.cases.get(id),
        create: (d) => store.cases.create(d),
        replace: (d) => store.cases.replace(d),
      };
  const service = new CaseService({
    cases,
    procedures: new ProcedureCatalog(),
    directory: () => Promise.resolve(dir),
    now: time.now,
  });
  const dispatcher = new Dispatcher({
    cases: store.cases,
    sender,
    now: time.now,
    sleep: time.sleep,
    instanceId: 'bench',
    log: createLogger('silent'),
    cardUpdateDelayMs: 0,
  });
  const out: BytesLevel[] = [];
  for (const events of BYTE_LEVELS) {
    const caseId = `bytes-${archive ? 'a' : 'n'}-${events}`;
    await service.run({
      caseId,
      partnershipId: 'p1',
      by: 'csc-practitioner',
      command: raiseCommand('conflict-resolution-flowchart', { caseId }),
    });
    let i = 0;
    /** One action as a card sends it (with an idempotency key of the usual length); returns the version. */
    const act = async (): Promise<number> => {
      time.ms += 3_600_000;
      const set = i % 2 === 0;
      const r = await service.run({
        caseId,
        partnershipId: 'p1',
        by: set ? 'csc-practitioner' : 'health-practitioner',
        command: set
          ? { type: 'setImminentRisk', reason: `Concern ${i}: the school reports new bruising.` }
          : { type: 'clearImminentRisk', reason: `Checked ${i}: a home visit found the child safe.` },
        idempotencyKey: `${caseId}:${i}:${set ? 'setImminentRisk' : 'clearImminentRisk'}:${'0'.repeat(36)}:`,
        source: 'card:imminentRisk',
      });
      i++;
      return r.doc.version;
    };
    for (let v = 0; v < events;) {
      v = await act();
      await dispatcher.drainOnce();
    }
    let command = { writes: 0, bytes: 0 };
    let delivery = 0;
    for (let k = 0; k < MEASURED; k++) {
      const before = caseWritesTo(store.endpoint);
      await act();
      const mid = caseWritesTo(store.endpoint);
      await dispatcher.drainOnce();
      const after = caseWritesTo(store.endpoint);
      command = {
        writes: command.writes + mid.writes - before.writes,
        bytes: command.bytes + mid.bytes - before.bytes,
      };
      delivery += after.bytes - mid.bytes;
    }
    const doc = (await store.cases.get<CaseDoc>(caseId))!;
    out.push({
      events,
      commandBytes: Math.round(command.bytes / MEASURED),
      commandWrites: round(command.writes / MEASURED, 2),
      deliveryBytes: Math.round(delivery / MEASURED),
      docBytes: storedBytes(doc),
      docEvents: doc.events.length,
      archives: (await store.cases.archives(caseId)).length,
    });
  }
  return out;
}

export async function runCaseBytes(log: (s: string) => void): Promise<CaseBytesResult> {
  installRequestCounter();
  const store = await openStore({});
  try {
    const archived = await measureMode(store, true);
    const unarchived = await measureMode(store, false);
    const at = (rows: BytesLevel[], n: number) => rows.find((r) => r.events === n)!.commandBytes;
    const r = round(ratio(at(archived, 500), at(archived, 10)), 2);
    log(
      `  bytes per action at 10 / 100 / 500 events: ${archived.map((a) => a.commandBytes).join(' / ')} (×${r})`,
    );
    return { archived, unarchived, ratio500to10: r, measuredActions: MEASURED };
  } finally {
    await store.close();
  }
}
