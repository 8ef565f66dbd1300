/** What a failed Bot Connector call means for the dispatcher: send again, reach the person another way, or stop. */
import type { TurnContext } from 'botbuilder';
import type { SendOutcome } from '../delivery/contract';

/**
 * Answers after which a message is sent again: Teams asks bots to retry 412, 429, 502 and 504, and the Bot
 * Framework SDKs treat every 5xx but 501 and 505 as transient. (A 5xx has, rarely, come with a delivered
 * message; not retrying would lose messages in every connector outage, which is worse.)
 */
const RETRYABLE = new Set([412, 429, 500, 502, 503, 504]);
/** Connection errors that mean the request never reached the connector, so sending again is safe. */
const NEVER_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);

export function statusOf(e: unknown): number | undefined {
  const err = e as { statusCode?: number; status?: number; response?: { status?: number } };
  return err.statusCode ?? err.status ?? err.response?.status;
}

/** The wait an answer asks for, read as core-rest-pipeline's throttling strategy reads it; undefined if none. */
export function retryAfterMs(
  response: { status?: number; headers?: { get?: (k: string) => string | undefined } } | undefined,
): number | undefined {
  for (const [header, factor] of [
    ['retry-after-ms', 1],
    ['x-ms-retry-after-ms', 1],
    ['retry-after', 1000],
  ] as const) {
    const value = response?.headers?.get?.(header);
    if (value === undefined || value.trim() === '') continue;
    const n = Number(value);
    if (Number.isFinite(n)) return n * factor;
    const at = header === 'retry-after' ? Date.parse(value) : NaN;
    if (Number.isFinite(at)) return Math.max(0, at - Date.now());
  }
  return undefined;
}

const responseOf = (e: unknown) => (e as { response?: Parameters<typeof retryAfterMs>[0] }).response;

export const asError = (e: unknown): Error => (e instanceof Error ? e : new Error(String(e)));

/** A failed connector call, as the dispatcher needs to see it. */
export function outcomeOf(e: unknown, isUpdate: boolean): SendOutcome {
  const status = statusOf(e);
  const error = `${(e as Error).name ?? 'Error'}${status ? ` ${status}` : ''}`;
  const code = (e as { code?: unknown }).code;
  if (status === undefined)
    return isUpdate || (typeof code === 'string' && NEVER_SENT.has(code))
      ? { kind: 'retry', status: 0, error }
      : { kind: 'uncertain', error };
  if (RETRYABLE.has(status))
    return { kind: 'retry', status, retryAfterMs: retryAfterMs(responseOf(e)), error };
  if (status === 403 || status === 404) return { kind: 'unreachable', error };
  return { kind: 'failed', error };
}

/**
 * Start a proactive turn with `start` and run `logic` in it. The adapter hands an error thrown in a turn to
 * its onTurnError (which only logs it), so a failed send would look like a sent one: it is caught in the
 * turn and rethrown here.
 */
export async function rethrowing(
  start: (turn: (ctx: TurnContext) => Promise<void>) => Promise<void>,
  logic: (ctx: TurnContext) => Promise<void>,
): Promise<void> {
  let failure: unknown = null;
  await start(async (ctx) => {
    try {
      await logic(ctx);
    } catch (e) {
      failure = e;
    }
  });
  if (failure) throw asError(failure);
}
