/** The directory, one document per partnership, agency and person (partition: the partnership). */
import type { Container } from '@azure/cosmos';
import type { DirectoryStore } from '../app/ports';
import type { Agency, Delegation, Directory, Partnership, Person } from '../domain/directory';
import { mapStoreError } from './errors';

type Row =
  | { kind: 'partnership'; id: string; partnershipId: string; value: Partnership }
  | { kind: 'agency'; id: string; partnershipId: string; value: Agency }
  | { kind: 'person'; id: string; partnershipId: string; value: Person }
  | { kind: 'delegation'; id: string; partnershipId: string; value: Delegation };

const delegationRow = (p: string, d: Delegation): Row => ({
  kind: 'delegation',
  id: `delegation:${d.personId}`,
  partnershipId: p,
  value: d,
});

export class DirectoryRepository implements DirectoryStore {
  constructor(private readonly container: Container) {}

  async load(partnershipId: string): Promise<Directory | null> {
    try {
      const { resources } = await this.container.items
        .query<Row>({
          query: 'SELECT * FROM c WHERE c.partnershipId = @p',
          parameters: [{ name: '@p', value: partnershipId }],
        })
        .fetchAll();
      const partnership = resources.find((r) => r.kind === 'partnership');
      if (!partnership) return null;
      const delegations = resources.filter((r) => r.kind === 'delegation').map((r) => r.value);
      return {
        partnership: partnership.value,
        agencies: resources.filter((r) => r.kind === 'agency').map((r) => r.value),
        people: resources.filter((r) => r.kind === 'person').map((r) => r.value),
        ...(delegations.length ? { delegations } : {}),
      };
    } catch (e) {
      throw mapStoreError(e, 'load directory');
    }
  }

  /**
   * Write the whole directory; agencies and people no longer in it are removed. Delegations are replaced
   * when the directory has a `delegations` list, and kept as they are when it has none (an import from
   * the HR system must not cancel someone's out-of-office).
   */
  async save(dir: Directory): Promise<void> {
    const p = dir.partnership.id;
    const rows: Row[] = [
      { kind: 'partnership', id: `partnership:${p}`, partnershipId: p, value: dir.partnership },
      ...dir.agencies.map((a): Row => ({ kind: 'agency', id: `agency:${a.id}`, partnershipId: p, value: a })),
      ...dir.people.map((x): Row => ({ kind: 'person', id: `person:${x.id}`, partnershipId: p, value: x })),
      ...(dir.delegations ?? []).map((d) => delegationRow(p, d)),
    ];
    try {
      const { resources: existing } = await this.container.items
        .query<{ id: string }>({
          query: 'SELECT c.id FROM c WHERE c.partnershipId = @p',
          parameters: [{ name: '@p', value: p }],
        })
        .fetchAll();
      const keep = new Set(rows.map((r) => r.id));
      if (!dir.delegations) for (const e of existing) if (e.id.startsWith('delegation:')) keep.add(e.id);
      for (const r of rows) await this.container.items.upsert(r);
      for (const old of existing.filter((e) => !keep.has(e.id)))
        await this.container.item(old.id, p).delete();
    } catch (e) {
      throw mapStoreError(e, 'save directory');
    }
  }

  /** One person's out-of-office (one at a time: a new one replaces the old). */
  async saveDelegation(partnershipId: string, d: Delegation): Promise<void> {
    try {
      await this.container.items.upsert(delegationRow(partnershipId, d));
    } catch (e) {
      throw mapStoreError(e, 'save delegation');
    }
  }

  async removeDelegation(partnershipId: string, personId: string): Promise<void> {
    try {
      await this.container.item(`delegation:${personId}`, partnershipId).delete();
    } catch (e) {
      if ((e as { code?: number }).code === 404) return;
      throw mapStoreError(e, 'remove delegation');
    }
  }

  async listPartnerships(): Promise<string[]> {
    try {
      const { resources } = await this.container.items
        .query<{ partnershipId: string }>("SELECT c.partnershipId FROM c WHERE c.kind = 'partnership'")
        .fetchAll();
      return resources.map((r) => r.partnershipId);
    } catch (e) {
      throw mapStoreError(e, 'list partnerships');
    }
  }
}
