/** Per-partnership settings: published procedure versions (immutable) and small named values. */
import type { Container } from '@azure/cosmos';
import { ConcurrencyError, isNotFound, mapStoreError } from './errors';

export interface PublishedProcedure {
  id: string;
  version: number;
  definition: unknown;
  publishedAt: string;
}

export class SettingsRepository {
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
    try {
      const { resources } = await this.container.items
        .query<{ value: PublishedProcedure }>({
          query: "SELECT * FROM c WHERE c.partnershipId = @p AND c.kind = 'procedure'",
          parameters: [{ name: '@p', value: partnershipId }],
        })
        .fetchAll();
      return resources.map((r) => r.value).sort((a, b) => a.id.localeCompare(b.id) || a.version - b.version);
    } catch (e) {
      throw mapStoreError(e, 'list procedures');
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
}
