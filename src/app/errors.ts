/** The store's failures as the application sees them; the store adapter maps its SDK's errors to these. */

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
