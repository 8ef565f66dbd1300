/** Tamper evidence: each stored event carries the hash of the one before it. */
import { createHash } from 'node:crypto';
import type { Decided } from './types';

export const GENESIS = '0'.repeat(64);

export interface ChainedEvent {
  seq: number;
  type: string;
  at: string;
  by: string;
  data: Record<string, unknown>;
  source?: string;
  prevHash: string;
  hash: string;
}

/** JSON with sorted keys, so the hash does not depend on property order. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function hashOf(e: Omit<ChainedEvent, 'hash'>): string {
  return createHash('sha256').update(canonical(e)).digest('hex');
}

/** Turn decided events into chained audit entries following `prev`. */
export function chain(
  prev: { seq: number; hash: string } | null,
  decided: Decided[],
  source?: string,
): ChainedEvent[] {
  let prevHash = prev?.hash ?? GENESIS;
  let seq = prev?.seq ?? 0;
  return decided.map((d) => {
    const { type, ...data } = d.event;
    const body = {
      seq: ++seq,
      type,
      at: d.at,
      by: d.by,
      data: data as Record<string, unknown>,
      ...(source ? { source } : {}),
      prevHash,
    };
    const entry = { ...body, hash: hashOf(body) };
    prevHash = entry.hash;
    return entry;
  });
}

export function toDecided(e: ChainedEvent): Decided {
  return { event: { type: e.type, ...e.data } as Decided['event'], by: e.by, at: e.at };
}

export type ChainCheck =
  { ok: true; head: string; count: number } | { ok: false; seq: number; problem: string };

/** Recompute the chain; report the first event whose order, link or content does not match. */
export function verifyChain(
  events: readonly ChainedEvent[],
  expectedHead?: { seq: number; hash: string },
): ChainCheck {
  let prevHash = GENESIS;
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    if (e.seq !== i + 1)
      return { ok: false, seq: e.seq, problem: `expected event ${i + 1} here (deleted or reordered)` };
    if (e.prevHash !== prevHash)
      return { ok: false, seq: e.seq, problem: 'does not link to the event before it' };
    const { hash, ...body } = e;
    if (hashOf(body) !== hash)
      return { ok: false, seq: e.seq, problem: 'content changed after it was recorded' };
    prevHash = hash;
  }
  if (expectedHead && (expectedHead.seq !== events.length || expectedHead.hash !== prevHash)) {
    return {
      ok: false,
      seq: events.length,
      problem: `the log ends before the recorded head (event ${expectedHead.seq}): truncated`,
    };
  }
  return { ok: true, head: prevHash, count: events.length };
}
