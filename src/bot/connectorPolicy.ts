/**
 * The connector client's own retries: after which answers it sends a request again, and how long it waits
 * first. It never sends again after a dropped connection: for a new message (a POST) that may deliver it
 * twice, so the dispatcher records the message as unconfirmed instead.
 */
import type { Pipeline, PipelinePolicy, PipelineResponse } from '@azure/core-rest-pipeline';
import { retryAfterMs } from './connectorOutcome';

/**
 * The longest Retry-After the client waits out itself. A longer one is handed back to the dispatcher, which
 * holds the conversation until then without keeping the message leased (a lease that ran out during a long
 * wait would let another instance settle the message as unknown).
 */
export const MAX_CLIENT_RETRY_AFTER_MS = 10_000;
/** Retries of each kind (a short Retry-After waited out, a 5xx backed off) per call. */
const MAX_RETRIES = 3;

/** Waits `ms`; tests pass one that moves a virtual clock instead. */
export type Sleep = (ms: number) => Promise<void>;
export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export interface RetrySettings {
  sleep?: Sleep;
  /** In [0, 1): where in its range a backoff falls (tests pin it). */
  random?: () => number;
}

interface Retried {
  throttled: number;
  backedOff: number;
}

/** A 5xx that says the connector did not take the request (as core-rest-pipeline's exponential strategy reads it). */
const transient = (status: number) => status === 408 || (status >= 500 && status !== 501 && status !== 505);

/**
 * The wait before sending again, or undefined to hand the answer back: 429/503 with a short Retry-After is
 * waited out as asked; another transient answer backs off exponentially (0.5–1 s, 1–2 s, 2–4 s).
 */
export function retryWait(
  response: PipelineResponse,
  retried: Retried,
  random: () => number = Math.random,
): { kind: keyof Retried; ms: number } | undefined {
  const { status } = response;
  const asked = status === 429 || status === 503 ? retryAfterMs(response) : undefined;
  if (asked !== undefined)
    return asked <= MAX_CLIENT_RETRY_AFTER_MS && retried.throttled < MAX_RETRIES
      ? { kind: 'throttled', ms: asked }
      : undefined;
  if (!transient(status) || retried.backedOff >= MAX_RETRIES) return undefined;
  const full = 1_000 * 2 ** retried.backedOff;
  return { kind: 'backedOff', ms: full / 2 + Math.floor(random() * (full / 2 + 1)) };
}

/** Sends again after the answers `retryWait` allows; a thrown error (no answer) is passed on at once. */
export function connectorRetryPolicy(settings: RetrySettings = {}): PipelinePolicy {
  const sleep = settings.sleep ?? realSleep;
  return {
    name: 'escalateConnectorRetryPolicy',
    async sendRequest(request, next) {
      const retried: Retried = { throttled: 0, backedOff: 0 };
      for (;;) {
        const response = await next(request);
        const wait = retryWait(response, retried, settings.random);
        if (!wait) return response;
        retried[wait.kind]++;
        await sleep(wait.ms);
        if (request.abortSignal?.aborted) throw Object.assign(new Error('aborted'), { name: 'AbortError' });
      }
    },
  };
}

/** Replace the client's default retries with ours, and give every call a time-out (by default it waits forever). */
export function adjustPipeline(pipeline: Pipeline, timeoutMs: number, settings: RetrySettings = {}): void {
  pipeline.removePolicy({ name: 'defaultRetryPolicy' });
  pipeline.addPolicy(connectorRetryPolicy(settings), { phase: 'Retry' });
  pipeline.addPolicy({
    name: 'escalateConnectorTimeout',
    sendRequest: (request, next) => {
      request.timeout = request.timeout || timeoutMs;
      return next(request);
    },
  });
}
