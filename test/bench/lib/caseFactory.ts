/**
 * Case documents for seeding large stores. Two templates are made by the real application service (raise, and
 * for the due one an acknowledgement, so exactly one clock — "agree a plan" — is overdue at sweep time); every
 * seeded case is a copy with its own id and reference and a recomputed audit hash chain, its messages
 * already delivered, as an open case in steady state would be.
 */
import type { CaseService } from '../../../src/app/caseService';
import type { CaseDoc } from '../../../src/app/caseDocument';
import type { Clock } from '../../../src/app/clock';
import { dueItems, GENESIS } from '../../../src/domain/case';
import { hashOf } from '../../../src/domain/case/audit';
import { DEMO } from '../../support/demoPeople';

export interface Templates {
  /** Raised two weeks before `now`, acknowledged: its plan deadline has passed (one due clock). */
  due: CaseDoc;
  /** Raised at `now`: its first reminder is a working day away. */
  open: CaseDoc;
}

const TEMPLATE_ID = 'ffffffff-ffff-4fff-bfff-fffffffffff';
const TEMPLATE_REF = 'CSC/2026/9999'; // raised by Priya: the demo's CSC format; replaced in every copy

function raise(service: CaseService, caseId: string, partnershipId: string): Promise<unknown> {
  return service.run({
    caseId,
    partnershipId,
    by: DEMO.priya,
    source: 'bench',
    command: {
      type: 'raise',
      caseId,
      partnershipId,
      procedureId: 'conflict-resolution-flowchart',
      reference: TEMPLATE_REF,
      theme: 'threshold',
      summary: 'We disagree on whether the threshold for a strategy discussion is met.',
      otherProfessionalId: DEMO.jamie,
      imminentRisk: false,
      conflictWithOwnManager: false,
      supporterId: null,
    },
  });
}

/**
 * Make both templates through `service`, whose clock must read `now - 14 days` and be adjustable;
 * it reads `now` afterwards. `load` reads a case back from the store.
 */
export async function makeTemplates(
  service: CaseService,
  clock: Clock,
  now: Date,
  partnershipId: string,
  load: (caseId: string) => Promise<CaseDoc | null>,
): Promise<Templates> {
  const dueId = `${TEMPLATE_ID}1`;
  const openId = `${TEMPLATE_ID}2`;
  await raise(service, dueId, partnershipId);
  clock.advanceTo(new Date(clock.now().getTime() + 3_600_000));
  await service.run({ caseId: dueId, partnershipId, by: DEMO.jamie, command: { type: 'acknowledge' } });
  clock.advanceTo(now);
  await raise(service, openId, partnershipId);
  const due = await load(dueId);
  const open = await load(openId);
  if (!due || !open) throw new Error('template cases were not stored');
  const items = dueItems(due.state, now);
  if (items.length !== 1) throw new Error(`the due template should have 1 due item, has ${items.length}`);
  if (!open.nextDueAt || open.nextDueAt <= now.toISOString()) throw new Error('the open template is due');
  return { due, open };
}

/** A JSON text of the template with its id and reference as placeholders, ready to copy. */
export function blueprint(template: CaseDoc): string {
  const { _etag: _ignored, ...rest } = template;
  return JSON.stringify(rest).split(template.caseId).join('{{ID}}').split(TEMPLATE_REF).join('{{REF}}');
}

/** One copy: new id and reference, hash chain recomputed, messages delivered. */
export function copyOf(blueprintJson: string, caseId: string, reference: string): CaseDoc {
  const doc = JSON.parse(
    blueprintJson.split('{{ID}}').join(caseId).split('{{REF}}').join(reference),
  ) as CaseDoc;
  let prevHash = GENESIS;
  for (const e of doc.events) {
    const { hash: _old, ...body } = { ...e, prevHash };
    e.prevHash = prevHash;
    e.hash = hashOf(body);
    prevHash = e.hash;
  }
  doc.outbox = doc.outbox.map((o) => ({ ...o, status: 'sent', attempts: 1, sentAt: o.createdAt }));
  doc.hasPendingOutbox = false;
  return doc;
}
