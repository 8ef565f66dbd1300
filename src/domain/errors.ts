/** Coded domain errors: the edge maps each code to a card that explains it. */
export const ERROR_CODES = [
  'NOT_IN_DIRECTORY',
  'NOT_A_PARTICIPANT',
  'NOT_ALLOWED',
  'NOT_THE_APPROVER',
  'STALE_CARD',
  'CASE_NOT_FOUND',
  'CASE_CLOSED',
  'CASE_EXISTS',
  'INVALID_INPUT',
  'EVIDENCE_REQUIRED',
  'NOT_RECORDED_AT_THIS_STAGE',
  'NOTHING_PENDING',
  'ALREADY_PENDING',
  'NOT_DUE',
  'UNKNOWN_CLOCK',
  'UNKNOWN_STAGE',
  'FINAL_STAGE',
  /** A referral to a stage the case has already passed: referrals only go forward. */
  'BACKWARD_REFERRAL',
  /** A case has reached a limit on what people can add to it (limits.ts). */
  'CASE_FULL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Per-field messages for INVALID_INPUT, keyed by input id. */
    readonly fields: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export function fail(code: ErrorCode, message: string, fields?: Record<string, string>): never {
  throw new DomainError(code, message, fields);
}
