/** Store errors, mapped from the Cosmos SDK in one place. Messages never carry document content. */

/** Someone else wrote first (412 on replace) or the item already exists (409 on create). */
export class ConcurrencyError extends Error {
  override readonly name = 'ConcurrencyError';
}

/** The store could not be reached or refused for load (timeouts, 503, connection refused, 429 budget spent). */
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

/**
 * A save the store failed, after reading back to see whether it was applied: 'no' (the case is as it was)
 * or 'unknown' (the read failed too). Either way, trying the same command again cannot apply it twice.
 */
export class SaveFailedError extends Error {
  override readonly name = 'SaveFailedError';
  constructor(
    message: string,
    readonly applied: 'no' | 'unknown',
  ) {
    super(message);
  }
}

interface CosmosLikeError {
  code?: number | string;
  statusCode?: number;
  name?: string;
}

/** Translate an SDK error; returns null for 404 (not found), rethrows anything unknown as-is. */
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
