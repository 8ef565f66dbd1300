/**
 * Section 3 worker: 1,000 business office alerts to one channel, delivered by Escalate's Dispatcher through its
 * real TeamsSender (CloudAdapter → HTTP) to the fake Bot Connector enforcing Teams' limits with 429s.
 * Time is virtual for the dispatcher and the connector alike (the dispatcher sleeps by moving the clock), so
 * the ~8 minutes the limits impose take seconds; the wall time is what the work itself costs.
 */
import { loadConfig } from '../../../src/config';
import { newOutboxItem, type CaseDoc } from '../../../src/app/caseDocument';
import type { Effect } from '../../../src/domain/case';
import { createLogger } from '../../../src/log';
import { Dispatcher } from '../../../src/delivery/dispatcher';
import { bulkCreate } from '../../../src/local/bulkCreate';
import { startApp, type App } from '../../../src/startApp';
import { caseDoc } from '../../store/harness';
import { BO_CHANNEL, DEMO } from '../../support/demoPeople';
import { FakeConnector } from '../../support/fakeConnector';
import { VirtualTime } from '../../support/virtualTime';
import { TENANT } from '../lib/activities';
import { fastestSchedule, maxInWindow, TEAMS_CONVERSATION_WINDOWS } from '../lib/teamsLimits';
import { serve } from '../../support/worker';

const ALERTS = 1_000;
/** The dispatch loop's default period (DISPATCH_INTERVAL_MS): the pause between two passes. */
const PASS_INTERVAL_MS = 1_000;

export interface BurstFigures {
  alerts: number;
  delivered: number;
  uniqueDelivered: number;
  lost: number;
  duplicates: number;
  tooManyRequests: number;
  outboxNotSent: number;
  passes: number;
  virtualElapsedS: number;
  theoreticalMinS: number;
  shareOfLimit: number;
  achievedPerMinute: number;
  limitPerMinute: number;
  withinLimits: boolean;
  wallS: number;
}

/** The business office channel sends the bot a message, so its conversation reference is stored. */
async function rememberChannel(app: App, connector: FakeConnector): Promise<void> {
  const res = await fetch(`${app.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      id: 'bench-help',
      type: 'message',
      text: 'help',
      serviceUrl: connector.url,
      channelId: 'msteams',
      from: { id: `29:${DEMO.grace}`, name: 'Grace', aadObjectId: DEMO.grace },
      conversation: { id: BO_CHANNEL, conversationType: 'channel', isGroup: true, tenantId: TENANT },
      recipient: { id: '28:escalate-bot', name: 'Escalate' },
      channelData: { tenant: { id: TENANT } },
    }),
  });
  if (res.status >= 300) throw new Error(`channel message refused: ${res.status}`);
  connector.received.length = 0;
}

function alertCases(partnershipId: string, at: string): CaseDoc[] {
  return Array.from({ length: ALERTS }, (_, i) => {
    const id = `burst-${String(i).padStart(4, '0')}-0000`;
    const effect: Effect = {
      kind: 'alert',
      reason: 'deadlinePassed',
      caseId: id,
      reference: `BURST-${String(i).padStart(4, '0')}`,
      stageLabel: 'Stage 2',
      dueAt: null,
      seq: 1,
    };
    const item = newOutboxItem(id, { eventVersion: 1, index: 0 }, effect, at);
    return caseDoc(id, {
      partnershipId,
      hasPendingOutbox: true,
      outbox: [item],
    }) as CaseDoc;
  });
}

async function run(): Promise<BurstFigures> {
  const connector = new FakeConnector();
  await connector.start();
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    SWEEP_INTERVAL_SECONDS: '3600',
  });
  const app = await startApp({ config, log: createLogger('silent') });
  try {
    await app.sweep.stop();
    await app.dispatch.stop();
    await rememberChannel(app, connector);
    const time = new VirtualTime(Date.now() + 3_600_000);
    const docs = alertCases(config.PARTNERSHIP_ID, time.now().toISOString());
    await bulkCreate(app.store.cases, docs);
    connector.now = () => time.ms;
    connector.enforceLimits = true;
    const dispatcher = new Dispatcher({
      cases: app.store.cases.background,
      sender: app.parts.sender,
      now: time.now,
      sleep: time.sleep,
      instanceId: 'bench-dispatcher',
      log: app.log,
      random: () => 0.5,
    });
    const started = performance.now();
    let passes = 0;
    const delivered = () => connector.sentTo(BO_CHANNEL).length;
    while (delivered() < ALERTS && passes < 100) {
      passes++;
      await dispatcher.drainOnce();
      await time.sleep(PASS_INTERVAL_MS);
    }
    const wallS = (performance.now() - started) / 1000;
    return await figures(app, connector, docs, passes, wallS);
  } finally {
    await app.close();
    await connector.stop();
  }
}

async function figures(
  app: App,
  connector: FakeConnector,
  docs: CaseDoc[],
  passes: number,
  wallS: number,
): Promise<BurstFigures> {
  const sent = connector.sentTo(BO_CHANNEL);
  const refs = sent.map((r) => /BURST-\d{4}/.exec(JSON.stringify(r.body))?.[0] ?? '');
  const unique = new Set(refs.filter(Boolean));
  const times = sent.map((r) => r.at).sort((a, b) => a - b);
  const elapsed = times.length ? times[times.length - 1]! - times[0]! : NaN;
  const schedule = fastestSchedule(docs.length);
  const minimum = schedule[schedule.length - 1]!;
  let outboxNotSent = 0;
  for (const d of docs) {
    const stored = await app.store.cases.get<CaseDoc>(d.caseId);
    if (!stored || stored.outbox.some((o) => o.status !== 'sent')) outboxNotSent++;
  }
  return {
    alerts: docs.length,
    delivered: sent.length,
    uniqueDelivered: unique.size,
    lost: docs.length - unique.size,
    duplicates: sent.length - unique.size,
    tooManyRequests: connector.received.filter((r) => r.status === 429).length,
    outboxNotSent,
    passes,
    virtualElapsedS: elapsed / 1000,
    theoreticalMinS: minimum / 1000,
    shareOfLimit: minimum / elapsed,
    achievedPerMinute: ((sent.length - 1) / elapsed) * 60_000,
    limitPerMinute: ((docs.length - 1) / minimum) * 60_000,
    withinLimits: TEAMS_CONVERSATION_WINDOWS.every((w) => maxInWindow(times, w.ms) <= w.max),
    wallS,
  };
}

export const api = { run: () => run() };
export type AlertBurstApi = typeof api;

serve(api);
