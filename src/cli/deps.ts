/** What the commands that read or write the store are given (tests pass their own store and clock). */
import type { Store } from '../store/cosmos';

export interface CliDeps {
  /** The store to use (the configured Cosmos account; tests pass their own). */
  store(): Promise<Store>;
  partnershipId: string;
  now(): Date;
}

export async function withStore<T>(deps: CliDeps, f: (s: Store) => Promise<T>): Promise<T> {
  const store = await deps.store();
  try {
    return await f(store);
  } finally {
    await store.close();
  }
}
