/** Teams' published per-conversation limits for a bot, and the fastest schedule they allow. */

export interface Window {
  max: number;
  ms: number;
}

/** Per bot per conversation: 7 per 1 s, 8 per 2 s, 60 per 30 s, 1,800 per hour (as the fake connector enforces). */
export const TEAMS_CONVERSATION_WINDOWS: readonly Window[] = [
  { max: 7, ms: 1_000 },
  { max: 8, ms: 2_000 },
  { max: 60, ms: 30_000 },
  { max: 1_800, ms: 3_600_000 },
];

/**
 * Send times (ms from the first) of `count` messages sent each as early as every window allows. Sending
 * as early as possible is optimal for sliding windows, so the last entry is the theoretical minimum duration.
 */
export function fastestSchedule(
  count: number,
  windows: readonly Window[] = TEAMS_CONVERSATION_WINDOWS,
): number[] {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    let t = i === 0 ? 0 : times[i - 1]!;
    for (const w of windows) if (i >= w.max) t = Math.max(t, times[i - w.max]! + w.ms);
    times.push(t);
  }
  return times;
}

/** The most messages found in any window of `ms` (to check a schedule stayed within a limit). */
export function maxInWindow(sortedTimes: readonly number[], ms: number): number {
  let max = 0;
  for (let i = 0, j = 0; i < sortedTimes.length; i++) {
    while (sortedTimes[i]! - sortedTimes[j]! >= ms) j++;
    max = Math.max(max, i - j + 1);
  }
  return max;
}
