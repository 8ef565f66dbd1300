/** Per-partnership settings: published procedure versions (immutable) and small named values. */
import type { Container } from '@azure/cosmos';
import { ConcurrencyError } from '../app/errors';
import type { ChainHead, Erasure, HeadStore, JobStore } from '../app/ports';
import { isNotFound, mapStoreError } from './errors';

export interface PublishedProcedure {
  id: string;
  version: number;
  definition: unknown;
  publishedAt: string;
}

interface HeadRow {
  id: string;
  partnershipId: string;
  kind: 'chainHead';
  value: ChainHead;
  _etag?: string;
}

const MAX_KEPT_HEADS = 10_000;

export class SettingsRepository implements HeadStore, JobStore {
  /** caseId → the head this instance last wrote and the row's ETag. */
  private readonly heads = new Map<string, { seq: number; etag: string }>();

  constructor(private readonly container: Container) {}

  /** Publish a new version. A published version can never be edited in place: publishing it again fails. */
  async publishProcedure(
    partnershipId: string,
    id: string,
    version: number,
    definition: unknown,
    publishedAt: string,
  ): Promise<void> {
    try {
      await this.container.items.create({
        id: `procedure:${id}:${version}`,
        partnershipId,
        kind: 'procedure',
        value: { id, version, definition, publishedAt },
      });
    } catch (e) {
      const mapped = mapStoreError(e, 'publish procedure');
      if (mapped instanceof ConcurrencyError)
        throw new ConcurrencyError(
          `procedure ${id} version ${version} is already published; publish a new version`,
        );
      throw mapped;
    }
  }

  async listProcedures(partnershipId: string): Promise<PublishedProcedure[]> {
    const all = await this.valuesOfKind<PublishedProcedure>(partnershipId, 'procedure', 'list procedures');
    return all.sort((a, b) => a.id.localeCompare(b.id) || a.version - b.version);
  }

  /** The values of every row of one kind (procedure, chainHead, erased) of a partnership. */
  private async valuesOfKind<T>(partnershipId: string, kind: string, what: string): Promise<T[]> {
    try {
      const { resources } = await this.container.items
        .query<{ value: T }>({
          query: 'SELECT * FROM c WHERE c.partnershipId = @p AND c.kind = @k',
          parameters: [
            { name: '@p', value: partnershipId },
            { name: '@k', value: kind },
          ],
        })
        .fetchAll();
      return resources.map((r) => r.value);
    } catch (e) {
      throw mapStoreError(e, what);
    }
  }

  async getSetting<T>(partnershipId: string, key: string): Promise<T | null> {
    try {
      const { resource } = await this.container.item(`setting:${key}`, partnershipId).read<{ value: T }>();
      return resource ? resource.value : null;
    } catch (e) {
      if (isNotFound(e)) return null;
      throw mapStoreError(e, 'read setting');
    }
  }

  async putSetting(partnershipId: string, key: string, value: unknown): Promise<void> {
    try {
      await this.container.items.upsert({ id: `setting:${key}`, partnershipId, kind: 'setting', value });
    } catch (e) {
      throw mapStoreError(e, 'save setting');
    }
  }

  /**
   * Record a case's chain head; never moves it backwards (writes from two instances may arrive out of order).
   * One request in the usual cases: the case was just created, or this instance wrote the row last (its
   * ETag is kept); otherwise, or when someone else wrote since, read and compare first.
   */
  async putChainHead(
    partnershipId: string,
    head: ChainHead,
    opts: { created?: boolean } = {},
  ): Promise<void> {
    const id = `chainHead:${head.caseId}`;
    const row: HeadRow = { id, partnershipId, kind: 'chainHead', value: head };
    const mine = this.heads.get(head.caseId);
    if (mine && mine.seq >= head.seq) return;
    try {
      if (mine) return this.keepHead(head, await this.replaceHead(row, mine.etag));
      if (opts.created) return this.keepHead(head, (await this.container.items.create(row)).resource);
    } catch (e) {
      const mapped = mapStoreError(e, 'save chain head');
      if (!(mapped instanceof ConcurrencyError)) throw mapped;
      this.heads.delete(head.caseId);
    }
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        const { resource } = await this.container.item(id, partnershipId).read<HeadRow>();
        if (resource && resource.value.seq >= head.seq) return;
        const written = resource
          ? await this.replaceHead(row, resource._etag)
          : (await this.container.items.create(row)).resource;
        return this.keepHead(head, written);
      } catch (e) {
        const mapped = mapStoreError(e, 'save chain head');
        if (mapped instanceof ConcurrencyError) continue; // another instance moved it: read again
        throw mapped;
      }
    }
  }

  private async replaceHead(row: HeadRow, etag: string): Promise<{ _etag?: string } | undefined> {
    const { resource } = await this.container
      .item(row.id, row.partnershipId)
      .replace(row, { accessCondition: { type: 'IfMatch', condition: etag } });
    return resource;
  }

  /** Remember the ETag of the head row this instance wrote (bounded: the oldest are forgotten first). */
  private keepHead(head: ChainHead, written: { _etag?: string } | undefined): void {
    this.heads.delete(head.caseId);
    if (!written?._etag) return;
    this.heads.set(head.caseId, { seq: head.seq, etag: written._etag });
    if (this.heads.size > MAX_KEPT_HEADS) this.heads.delete(this.heads.keys().next().value!);
  }

  listChainHeads(partnershipId: string): Promise<ChainHead[]> {
    return this.valuesOfKind<ChainHead>(partnershipId, 'chainHead', 'list chain heads');
  }

  /** Idempotent: erasing a case again after an interruption keeps the first record. */
  async recordErasure(partnershipId: string, erasure: Erasure): Promise<void> {
    try {
      await this.container.items.create({
        id: `erased:${erasure.caseId}`,
        partnershipId,
        kind: 'erased',
        value: erasure,
      });
    } catch (e) {
      const mapped = mapStoreError(e, 'record erasure');
      if (!(mapped instanceof ConcurrencyError)) throw mapped; // already recorded
    }
  }

  listErasures(partnershipId: string): Promise<Erasure[]> {
    return this.valuesOfKind<Erasure>(partnershipId, 'erased', 'list erasures');
  }

  /**
   * Claim a once-only job (e.g. this week's digest) for `by` until `until`. True when this caller holds it:
   * nobody had it, or the last holder failed or let its claim expire. Never true once the job is done.
   */
  async claimJob(
    partnershipId: string,
    key: string,
    by: string,
    nowIso: string,
    untilIso: string,
  ): Promise<'claimed' | 'done' | 'busy'> {
    const id = `job:${key}`;
    const row = { id, partnershipId, kind: 'job', value: { status: 'running', by, until: untilIso } };
    try {
      await this.container.items.create(row);
      return 'claimed';
    } catch (e) {
      const mapped = mapStoreError(e, 'claim job');
      if (!(mapped instanceof ConcurrencyError)) throw mapped;
    }
    try {
      const { resource } = await this.container
        .item(id, partnershipId)
        .read<{ value: { status: string; until: string }; _etag: string }>();
      if (!resource || resource.value.status === 'done') return 'done';
      if (resource.value.status === 'running' && resource.value.until > nowIso) return 'busy';
      await this.container
        .item(id, partnershipId)
        .replace(row, { accessCondition: { type: 'IfMatch', condition: resource._etag } });
      return 'claimed';
    } catch (e) {
      const mapped = mapStoreError(e, 'claim job');
      if (mapped instanceof ConcurrencyError) return 'busy'; // another instance took it first
      throw mapped;
    }
  }

  async finishJob(partnershipId: string, key: string, by: string, status: 'done' | 'failed'): Promise<void> {
    try {
      await this.container.items.upsert({
        id: `job:${key}`,
        partnershipId,
        kind: 'job',
        value: { status, by },
      });
    } catch (e) {
      throw mapStoreError(e, 'finish job');
    }
  }
}
