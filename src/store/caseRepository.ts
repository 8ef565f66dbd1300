/**
 * Cases: one document per case (state, recent events, outbox); every change one replace guarded by the ETag.
 * Older events are in archive documents in the case's partition (src/app/caseArchive.ts).
 */
import type { Container, FeedOptions, SqlQuerySpec } from '@azure/cosmos';
import { ARCHIVE_TYPE, type ArchiveDocument, type CaseDocument, type OutboxItem } from '../app/caseDocument';
import type { CaseStore } from '../app/ports';
import { isNotFound, mapStoreError } from './errors';

type Doc = CaseDocument<unknown>;

/**
 * A reference as lookups compare it: without spaces around it, in capitals. It is stored beside the reference,
 * as `referenceKey`, because UPPER() in a query cannot use the index (every case of the partnership is read).
 */
export function referenceKey(reference: string): string {
  return reference.trim().toUpperCase();
}

/** The document as stored: with the lookup key of its reference, which the application never sees. */
const stored = <T extends Doc>(d: T): T => ({ ...d, referenceKey: referenceKey(String(d.reference ?? '')) });

/**
 * A container made before `referenceKey` was indexed keeps its old indexing policy (createIfNotExists does not
 * change it), and Cosmos DB refuses a filter on a path it does not index unless a scan is allowed.
 */
const SCAN_IF_UNINDEXED: FeedOptions = { enableScanInQuery: true };

/**
 * Archive documents share the container but are never cases. They carry none of the fields the case queries
 * filter on (partnershipId, nextDueAt, hasPendingOutbox), so no query matches one; their `type` is checked
 * here as well rather than in SQL, where it would need an indexed path (the container indexes only named paths,
 * and a container made earlier keeps its policy).
 */
const isCase = (d: unknown): boolean => (d as { type?: unknown }).type !== ARCHIVE_TYPE;

const COSMOS_FIELDS = ['_rid', '_self', '_ts', '_attachments', '_etag'];

/** Drop Cosmos system properties other than the ETag; outbox items stored before they had an origin get one. */
const strip = <T extends Doc>(d: T): T => {
  const copy = { ...d } as Record<string, unknown>;
  for (const k of ['_rid', '_self', '_ts', '_attachments', 'referenceKey']) delete copy[k];
  if (Array.isArray(d.outbox) && d.outbox.some((o) => o.eventVersion === undefined))
    copy.outbox = d.outbox.map(withOrigin);
  return copy as T;
};

/** Items written before the origin was stored: it was only in the id (`caseId:eventVersion:index[:gaveUp]`). */
function withOrigin(o: OutboxItem): OutboxItem {
  if (o.eventVersion !== undefined) return o;
  const [, version, index, gaveUp] = o.id.split(':');
  return {
    ...o,
    eventVersion: Number(version) || 0,
    index: Number(index) || 0,
    ...(gaveUp === 'gaveUp' ? { gaveUp: true as const } : {}),
  };
}

/** Implements the application's CaseStore (its methods are generic so that tools can read documents of any state). */
export class CaseRepository implements CaseStore {
  /** The same repository on the patient (background) connection profile, for the sweep and dispatcher. */
  readonly background: CaseRepository;

  constructor(
    /** The Cosmos container itself, for local tools (bulk seeding in src/local/). */
    readonly container: Container,
    backgroundContainer?: Container,
  ) {
    this.background = backgroundContainer ? new CaseRepository(backgroundContainer) : this;
  }

  async get<T extends Doc>(caseId: string): Promise<T | null> {
    try {
      const { resource } = await this.container.item(caseId, caseId).read<T>();
      return resource ? strip(resource) : null;
    } catch (e) {
      if (isNotFound(e)) return null;
      throw mapStoreError(e, 'read case');
    }
  }

  async create<T extends Doc>(doc: T): Promise<T> {
    try {
      const { resource } = await this.container.items.create<T>({ ...stored(doc), _etag: undefined });
      return strip(resource!);
    } catch (e) {
      throw mapStoreError(e, 'create case');
    }
  }

  /** Replace only if nobody wrote since `doc` was read (IfMatch on its ETag). */
  async replace<T extends Doc>(doc: T): Promise<T> {
    if (!doc._etag) throw new Error('replace needs the ETag the document was read with');
    try {
      const { resource } = await this.container
        .item(doc.caseId, doc.caseId)
        .replace<T>(stored(doc), { accessCondition: { type: 'IfMatch', condition: doc._etag } });
      return strip(resource!);
    } catch (e) {
      throw mapStoreError(e, 'save case');
    }
  }

  /** An archive is written before the replace that drops its events; writing it again writes the same content. */
  async putArchive(archive: ArchiveDocument): Promise<void> {
    try {
      await this.container.items.upsert(archive);
    } catch (e) {
      throw mapStoreError(e, 'archive case events');
    }
  }

  /**
   * The archive documents of a case: a query in its own partition (a scan of it: `type` is not indexed). The
   * partition key is in the filter too, as the embedded server ignores the option.
   */
  async archives(caseId: string): Promise<ArchiveDocument[]> {
    const spec = {
      query: 'SELECT * FROM c WHERE c.caseId = @caseId AND c.type = @type',
      parameters: [
        { name: '@caseId', value: caseId },
        { name: '@type', value: ARCHIVE_TYPE },
      ],
    };
    const docs = await this.query<ArchiveDocument>(
      spec,
      undefined,
      { ...SCAN_IF_UNINDEXED, partitionKey: caseId },
      true,
    );
    return docs.map((d) => {
      const copy = { ...d } as Record<string, unknown>;
      for (const k of COSMOS_FIELDS) delete copy[k];
      return copy as unknown as ArchiveDocument;
    });
  }

  /** Delete every document of a case's partition, archives first, so an interrupted erasure still shows a case. */
  async erase(caseId: string): Promise<number> {
    const ids = await this.query<{ id: string }>(
      {
        query: 'SELECT c.id FROM c WHERE c.caseId = @caseId',
        parameters: [{ name: '@caseId', value: caseId }],
      },
      undefined,
      { partitionKey: caseId },
      true,
    );
    const order = [...ids.map((d) => d.id).filter((id) => id !== caseId), caseId];
    let deleted = 0;
    for (const id of order) {
      try {
        await this.container.item(id, caseId).delete();
        deleted++;
      } catch (e) {
        if (!isNotFound(e)) throw mapStoreError(e, 'erase case');
      }
    }
    return deleted;
  }

  private async query<T>(
    spec: SqlQuerySpec,
    limit?: number,
    options: FeedOptions = {},
    archivesToo = false,
  ): Promise<T[]> {
    try {
      const out: T[] = [];
      const it = this.container.items.query<T>(spec, {
        ...options,
        maxItemCount: Math.min(limit ?? 100, 100),
      });
      while (it.hasMoreResults()) {
        const { resources } = await it.fetchNext();
        out.push(...(archivesToo ? resources : resources.filter(isCase)));
        if (limit !== undefined && out.length >= limit) return out.slice(0, limit);
      }
      return out;
    } catch (e) {
      throw mapStoreError(e, 'query cases');
    }
  }

  /** Cases with something due at or before `nowIso`, earliest first (indexed on nextDueAt; never a scan). */
  async findDue<T extends Doc>(nowIso: string, limit: number): Promise<T[]> {
    const q = `SELECT TOP ${Math.floor(limit)} * FROM c WHERE c.nextDueAt != null AND c.nextDueAt <= @now ORDER BY c.nextDueAt`;
    return (await this.query<T>({ query: q, parameters: [{ name: '@now', value: nowIso }] }, limit)).map(
      strip,
    );
  }

  /** Cases with messages still to deliver. */
  async findPendingOutbox<T extends Doc>(limit: number): Promise<T[]> {
    const q = `SELECT TOP ${Math.floor(limit)} * FROM c WHERE c.hasPendingOutbox = true`;
    return (await this.query<T>({ query: q }, limit)).map(strip);
  }

  /** Cases a person is or was involved in. */
  async findForPerson<T extends Doc>(
    partnershipId: string,
    personId: string,
    includeClosed = false,
  ): Promise<T[]> {
    const open = includeClosed ? '' : " AND c.status = 'open'";
    const q = `SELECT * FROM c WHERE c.partnershipId = @p AND ARRAY_CONTAINS(c.participants, @person)${open} ORDER BY c.openedAt DESC`;
    return (
      await this.query<T>(
        {
          query: q,
          parameters: [
            { name: '@p', value: partnershipId },
            { name: '@person', value: personId },
          ],
        },
        100,
      )
    ).map(strip);
  }

  /** Cases opened in [fromIso, toIso) for a partnership, for reports. */
  async findByPartnership<T extends Doc>(
    partnershipId: string,
    fromIso = '0000',
    toIso = '9999',
  ): Promise<T[]> {
    const q = 'SELECT * FROM c WHERE c.partnershipId = @p AND c.openedAt >= @from AND c.openedAt < @to';
    const parameters = [
      { name: '@p', value: partnershipId },
      { name: '@from', value: fromIso },
      { name: '@to', value: toIso },
    ];
    return (await this.query<T>({ query: q, parameters })).map(strip);
  }

  /** Cases that overlap a period: opened before its end and not closed before its start (for reports). */
  async findActiveIn<T extends Doc>(partnershipId: string, fromIso: string, toIso: string): Promise<T[]> {
    const q =
      'SELECT * FROM c WHERE c.partnershipId = @p AND c.openedAt < @to AND (c.closedAt = null OR c.closedAt >= @from)';
    const parameters = [
      { name: '@p', value: partnershipId },
      { name: '@from', value: fromIso },
      { name: '@to', value: toIso },
    ];
    return (await this.query<T>({ query: q, parameters })).map(strip);
  }

  /** Every case of a partnership, a page at a time (audit verification, export). */
  async *allOf<T extends Doc>(partnershipId: string, pageSize = 200): AsyncGenerator<T[]> {
    try {
      const it = this.container.items.query<T>(
        {
          query: 'SELECT * FROM c WHERE c.partnershipId = @p',
          parameters: [{ name: '@p', value: partnershipId }],
        },
        { maxItemCount: pageSize },
      );
      while (it.hasMoreResults()) {
        const { resources } = await it.fetchNext();
        const cases = resources.filter(isCase);
        if (cases.length) yield cases.map(strip);
      }
    } catch (e) {
      throw mapStoreError(e, 'read cases');
    }
  }

  /**
   * Cases whose reference is `reference` in any letter case, ignoring spaces around it. Documents saved since the
   * key was stored match on it; older ones on the reference as typed, in capitals or in small letters.
   */
  async findByReference<T extends Doc>(partnershipId: string, reference: string): Promise<T[]> {
    const typed = reference.trim();
    const key = referenceKey(typed);
    const q =
      'SELECT * FROM c WHERE c.partnershipId = @p AND (c.referenceKey = @key OR c.reference IN (@typed, @key, @lower))';
    const parameters = [
      { name: '@p', value: partnershipId },
      { name: '@key', value: key },
      { name: '@typed', value: typed },
      { name: '@lower', value: typed.toLowerCase() },
    ];
    return (await this.query<T>({ query: q, parameters }, undefined, SCAN_IF_UNINDEXED)).map(strip);
  }
}
