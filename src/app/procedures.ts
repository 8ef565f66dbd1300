/** Which procedure definitions a partnership can use: the built-ins plus any it published. */
import { BUILTIN_PROCEDURES } from '../domain/procedure/builtin';
import type { Procedure } from '../domain/procedure/schema';
import { validateProcedure } from '../domain/procedure/validate';

export interface PublishedSource {
  listProcedures(partnershipId: string): Promise<{ id: string; version: number; definition: unknown }[]>;
}

export interface CatalogOptions {
  /** How long a partnership's list of published versions is reused before the store is asked again. */
  ttlMs?: number;
  clock?: () => number;
}

/**
 * Every card action needs its case's procedure. A published version never changes (publishing it again is
 * refused), so a version once read is kept; only "which versions exist" is re-read, at most every `ttlMs`,
 * so a version published from the CLI reaches running instances within that time.
 */
export class ProcedureCatalog {
  private readonly lists = new Map<string, { at: number; list: Promise<Procedure[]> }>();
  private readonly versions = new Map<string, Procedure>();
  private readonly ttlMs: number;
  private readonly clock: () => number;

  constructor(
    private readonly published?: PublishedSource,
    opts: CatalogOptions = {},
  ) {
    this.ttlMs = opts.ttlMs ?? 30_000;
    this.clock = opts.clock ?? Date.now;
  }

  /** Every usable procedure for the partnership, newest version of each id last. */
  async all(partnershipId: string): Promise<Procedure[]> {
    const hit = this.lists.get(partnershipId);
    if (hit && this.clock() - hit.at < this.ttlMs) return hit.list;
    const list = this.load(partnershipId);
    list.catch(() => this.lists.delete(partnershipId));
    this.lists.set(partnershipId, { at: this.clock(), list });
    return list;
  }

  /** A given version (open cases keep theirs), or the newest when no version is given (new cases). */
  async get(partnershipId: string, id: string, version?: number): Promise<Procedure | undefined> {
    if (version !== undefined) {
      const kept = this.versions.get(key(partnershipId, id, version));
      if (kept) return kept;
    }
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

  /** Read the published list again on next use (after publishing from this process). */
  forget(partnershipId: string): void {
    this.lists.delete(partnershipId);
  }

  private async load(partnershipId: string): Promise<Procedure[]> {
    const mine = this.published ? await this.published.listProcedures(partnershipId) : [];
    const parsed = mine.flatMap((p) => {
      const kept = this.versions.get(key(partnershipId, p.id, p.version));
      if (kept) return [kept];
      const r = validateProcedure(p.definition);
      return r.ok ? [r.procedure] : [];
    });
    const all = [...BUILTIN_PROCEDURES, ...parsed].sort(
      (a, b) => a.id.localeCompare(b.id) || a.version - b.version,
    );
    for (const p of all) this.versions.set(key(partnershipId, p.id, p.version), p);
    return all;
  }
}

const key = (partnershipId: string, id: string, version: number) =>
  `${partnershipId}\u0000${id}\u0000${version}`;
