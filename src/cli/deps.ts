/** What the commands that read or write the store are given (tests pass their own store and clock). */
import type { UserLookup } from '../app/directoryUpns';
import type { Store } from '../store/cosmos';

export interface CliDeps {
  /** The store to use (the configured Cosmos account; tests pass their own). */
  store(): Promise<Store>;
  partnershipId: string;
  now(): Date;
  /** Microsoft Graph's people look-up for directory files; null when Graph is off and not `asked` (--resolve-upn). */
  users?: (asked: boolean) => Promise<UserLookup | null>;
}

export async function withStore<T>(deps: CliDeps, f: (s: Store) => Promise<T>): Promise<T> {
  const store = await deps.store();
  try {
    return await f(store);
  } finally {
    await store.close();
  }
}
