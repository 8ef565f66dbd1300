/** The Cosmos SDK's errors mapped, in one place, to the application's (src/app/errors.ts). Messages never carry document content. */
import { ConcurrencyError, StoreUnavailableError } from '../app/errors';

interface CosmosLikeError {
  code?: number | string;
  statusCode?: number;
  name?: string;
}

/**
 * Translate an SDK error: conflicts and load or reachability failures become the application's errors; anything
 * else (404 included: callers that expect one check `isNotFound` first) is returned as it is.
 */
export function mapStoreError(e: unknown, what: string): Error {
  const err = (e ?? {}) as CosmosLikeError;
  const status = typeof err.code === 'number' ? err.code : err.statusCode;
  if (status === 412 || status === 409)
    return new ConcurrencyError(`${what}: changed by someone else (${status})`);
  if (
    status === 429 ||
    status === 503 ||
    status === 408 ||
    status === 500 ||
    status === 502 ||
    status === 504
  ) {
    return new StoreUnavailableError(`${what}: store unavailable (${status})`, status);
  }
  const code = typeof err.code === 'string' ? err.code : '';
  if (
    ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'TimeoutError'].includes(code) ||
    err.name === 'TimeoutError' ||
    err.name === 'AbortError'
  ) {
    return new StoreUnavailableError(`${what}: store unreachable (${code || err.name})`);
  }
  return e instanceof Error ? e : new Error(`${what}: ${String(e)}`);
}

export function isNotFound(e: unknown): boolean {
  const err = (e ?? {}) as CosmosLikeError;
  return err.code === 404 || err.statusCode === 404;
}
