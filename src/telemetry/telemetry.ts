/**
 * What the app tells its telemetry: case events, deadline lag, the outbox and delivery failures, in ids, codes and
 * numbers only. Keys come from a fixed list and every string must look like an id or a code, so case text (a
 * reference, a summary, a reason) has no way in; a value that is not id-shaped is replaced, never sent.
 */
import type { CaseDoc } from '../app/caseDocument';
import type { EventType } from '../domain/case';

/** The only property names telemetry carries. */
export type PropKey =
  | 'caseId'
  | 'partnershipId'
  | 'procedureId'
  | 'stageId'
  | 'level'
  | 'seq'
  | 'source'
  | 'actor'
  | 'outcome'
  | 'status'
  | 'clockId'
  | 'onPass'
  | 'held'
  | 'kind'
  | 'effect'
  | 'fallback'
  | 'agencyId'
  | 'agencies'
  | 'missed'
  | 'imminentRisk'
  | 'awaitingApprover'
  | 'httpStatus';

export type Props = Partial<Record<PropKey, string | number | boolean>>;

/** How a delivery attempt ended (structurally the dispatcher's SendOutcome, so telemetry imports no delivery code). */
export interface DeliveryAttempt {
  kind: 'sent' | 'retry' | 'unreachable' | 'failed' | 'uncertain';
  status?: number;
}

/** Failures are counted by kind: a 429 is `throttled`, any other retryable answer `transient`. */
export type DeliveryFailure = 'throttled' | 'transient' | 'unreachable' | 'failed' | 'uncertain';

export interface Telemetry {
  /** True when telemetry leaves the process (Application Insights is configured). */
  readonly enabled: boolean;
  /** A case lifecycle event, named by its domain event type. */
  event(name: EventType, props: Props): void;
  /** How late the sweep fired a reminder or deadline: when it fired minus when it was due, in ms. */
  deadlineLag(ms: number, props: Props): void;
  /** The outbox as a dispatcher pass found it (the cases with messages still pending). */
  outbox(pending: readonly CaseDoc[], now: Date): void;
  /** A delivery attempt (the message itself, or the fallback @mention); only failures are counted. */
  delivery(attempt: DeliveryAttempt, props: Props): void;
  /** Send what is buffered now. */
  flush(): Promise<void>;
  /** Flush and stop; safe to call twice. */
  shutdown(): Promise<void>;
}

/** Telemetry when Application Insights is not configured: nothing is recorded, nothing leaves. */
export const NO_TELEMETRY: Telemetry = Object.freeze({
  enabled: false,
  event: () => undefined,
  deadlineLag: () => undefined,
  outbox: () => undefined,
  delivery: () => undefined,
  flush: () => Promise.resolve(),
  shutdown: () => Promise.resolve(),
});

/** Ids (GUIDs, Teams and procedure ids) and codes: no spaces, so no sentence fits. */
const ID_OR_CODE = /^[A-Za-z0-9:._@/-]{1,128}$/;
export const NOT_AN_ID = '(not an id)';

/** The props as sent: known keys only, strings id-shaped, numbers finite, booleans as "true"/"false". */
export function cleanProps(props: Props): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(props)) {
    if (!KEYS.has(key) || value === undefined) continue;
    if (typeof value === 'number') out[key] = Number.isFinite(value) ? value : 0;
    else if (typeof value === 'boolean') out[key] = String(value);
    else if (typeof value === 'string') out[key] = ID_OR_CODE.test(value) ? value : NOT_AN_ID;
  }
  return out;
}

/** The failure a delivery attempt counts as, or null for a message sent. */
export function failureOf(attempt: DeliveryAttempt): DeliveryFailure | null {
  if (attempt.kind === 'sent') return null;
  if (attempt.kind === 'retry') return attempt.status === 429 ? 'throttled' : 'transient';
  return attempt.kind;
}

/** Every property key telemetry may carry (the type makes the list complete). */
export const PROP_KEYS: Readonly<Record<PropKey, true>> = {
  caseId: true,
  partnershipId: true,
  procedureId: true,
  stageId: true,
  level: true,
  seq: true,
  source: true,
  actor: true,
  outcome: true,
  status: true,
  clockId: true,
  onPass: true,
  held: true,
  kind: true,
  effect: true,
  fallback: true,
  agencyId: true,
  agencies: true,
  missed: true,
  imminentRisk: true,
  awaitingApprover: true,
  httpStatus: true,
};
const KEYS = new Set<string>(Object.keys(PROP_KEYS));
