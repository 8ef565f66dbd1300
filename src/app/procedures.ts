/** Which procedure definitions a partnership can use: the built-ins plus any it published. */
import { BUILTIN_PROCEDURES } from '../domain/procedure/builtin';
import type { Procedure } from '../domain/procedure/schema';
import { validateProcedure } from '../domain/procedure/validate';

export interface PublishedSource {
  listProcedures(partnershipId: string): Promise<{ id: string; version: number; definition: unknown }[]>;
}

export class ProcedureCatalog {
  constructor(private readonly published?: PublishedSource) {}

  /** Every usable procedure for the partnership, newest version of each id last. */
  async all(partnershipId: string): Promise<Procedure[]> {
    const mine = this.published ? await this.published.listProcedures(partnershipId) : [];
    const parsed = mine.flatMap((p) => {
      const r = validateProcedure(p.definition);
      return r.ok ? [r.procedure] : [];
    });
    return [...BUILTIN_PROCEDURES, ...parsed].sort(
      (a, b) => a.id.localeCompare(b.id) || a.version - b.version,
    );
  }

  /** A given version (open cases keep theirs), or the newest when no version is given (new cases). */
  async get(partnershipId: string, id: string, version?: number): Promise<Procedure | undefined> {
    const matching = (await this.all(partnershipId)).filter((p) => p.id === id);
    if (version === undefined) return matching[matching.length - 1];
    return matching.find((p) => p.version === version);
  }

  /** The newest version of each procedure id, for the raise card. */
  async newest(partnershipId: string): Promise<Procedure[]> {
    const byId = new Map<string, Procedure>();
    for (const p of await this.all(partnershipId)) byId.set(p.id, p);
    return [...byId.values()];
  }
}
