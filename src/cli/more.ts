/** CLI commands that need the store: they join here as their issues land. Returns null for an unknown command. */
import type { Io } from './run';

export function runMore(_argv: string[], _io: Io): Promise<number | null> {
  return Promise.resolve(null);
}
