/** Section 3 — alert burst: 1,000 alerts to one channel within Teams' limits, in virtual time (see the worker). */
import { Worker } from '../../support/worker';
import type { AlertBurstApi, BurstFigures } from '../workers/alertBurst';

export type { BurstFigures };

export async function runAlertBurst(): Promise<BurstFigures> {
  const worker = Worker.start<AlertBurstApi>('alertBurst.ts');
  try {
    return await worker.call('run');
  } finally {
    await worker.stop();
  }
}
