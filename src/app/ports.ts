/**
 * What the application needs from the outside, declared here and implemented by `store/` (and, for
 * delivery, by the Teams edge). Consumers that need less take a `Pick<>` of a port.
 */
import type { Delegation, Directory } from '../domain/directory';
import type { ArchiveDocument, CaseDoc } from './caseDocument';
import type { ConversationKey, FormKey } from './conversationKey';

/** Cases, one document each. Writes are guarded by the document's ETag: ConcurrencyError when someone wrote first. */
export interface CaseStore {
  get(caseId: string): Promise<CaseDoc | null>;
  create(doc: CaseDoc): Promise<CaseDoc>;
  /** Replace only if nobody wrote since `doc` was read (its `_etag`). */
  replace(doc: CaseDoc): Promise<CaseDoc>;
  /** Write older events of a case to their archive document (an idempotent upsert: see caseArchive.ts). */
  putArchive(archive: ArchiveDocument): Promise<void>;
  /** The archive documents of a case, in any order (a query in the case's partition). */
  archives(caseId: string): Promise<ArchiveDocument[]>;
  /** Delete a case: its archive documents first, then the case document (run again to finish an interrupted one). */
  erase(caseId: string): Promise<number>;
  /** Cases with something due at or before `nowIso`, earliest first (indexed; never a scan). */
  findDue(nowIso: string, limit: number): Promise<CaseDoc[]>;
  /** Cases with outbox items still pending. */
  findPendingOutbox(limit: number): Promise<CaseDoc[]>;
  /** Cases a person is or was involved in, newest first. */
  findForPerson(partnershipId: string, personId: string, includeClosed?: boolean): Promise<CaseDoc[]>;
  findByReference(partnershipId: string, reference: string): Promise<CaseDoc[]>;
  /** Cases opened in [fromIso, toIso). */
  findByPartnership(partnershipId: string, fromIso?: string, toIso?: string): Promise<CaseDoc[]>;
  /** Cases that overlap a period: opened before its end and not closed before its start. */
  findActiveIn(partnershipId: string, fromIso: string, toIso: string): Promise<CaseDoc[]>;
  /** Every case of a partnership, a page at a time. */
  allOf(partnershipId: string, pageSize?: number): AsyncIterable<CaseDoc[]>;
}

/** Running a command: read, then create or replace (and archive older events, where the store can). */
export type CommandStore = Pick<CaseStore, 'get' | 'create' | 'replace'> &
  Partial<Pick<CaseStore, 'putArchive' | 'archives'>>;
/** The deadline sweep: what is due. */
export type DueCases = Pick<CaseStore, 'findDue'>;
/** The dispatcher: cases with messages to deliver, and the writes that lease and settle them. */
export type OutboxStore = Pick<CaseStore, 'findPendingOutbox' | 'get' | 'replace'>;
/** The Teams edge's reads (views, lists, reports). */
export type CaseLookup = Pick<
  CaseStore,
  'get' | 'findForPerson' | 'findByReference' | 'findByPartnership' | 'findActiveIn'
>;

/** Conversation references for proactive messages (opaque to the application). */
export interface ConversationStore {
  save(key: ConversationKey | FormKey, ref: Record<string, unknown>): Promise<void>;
  get(key: ConversationKey | FormKey): Promise<Record<string, unknown> | null>;
}

/** The directory of a partnership, and its out-of-office delegations. */
export interface DirectoryStore {
  load(partnershipId: string): Promise<Directory | null>;
  save(dir: Directory): Promise<void>;
  saveDelegation(partnershipId: string, d: Delegation): Promise<void>;
  removeDelegation(partnershipId: string, personId: string): Promise<void>;
}

/** The last audit event of a case, kept apart from the case so that a truncated log is detectable. */
export interface ChainHead {
  caseId: string;
  seq: number;
  hash: string;
}

/** Where chain heads are copied (never moved backwards). */
export interface HeadStore {
  putChainHead(partnershipId: string, head: ChainHead, opts?: { created?: boolean }): Promise<void>;
  listChainHeads(partnershipId: string): Promise<ChainHead[]>;
  /** Note that a case is being erased after a retention decision (written before anything is deleted). */
  recordErasure(partnershipId: string, erasure: Erasure): Promise<void>;
  listErasures(partnershipId: string): Promise<Erasure[]>;
}

/** A case erased after a retention decision: ids and times only, so the record itself holds nothing personal. */
export interface Erasure {
  caseId: string;
  closedAt: string;
  erasedAt: string;
}
export type HeadSink = Pick<HeadStore, 'putChainHead'>;

/** Once-only jobs (e.g. this week's digest) claimed by one instance at a time. */
export interface JobStore {
  claimJob(
    partnershipId: string,
    key: string,
    by: string,
    nowIso: string,
    untilIso: string,
  ): Promise<'claimed' | 'done' | 'busy'>;
  finishJob(partnershipId: string, key: string, by: string, status: 'done' | 'failed'): Promise<void>;
}

/** The one source of the current time for the running app. */
export type Now = () => Date;
