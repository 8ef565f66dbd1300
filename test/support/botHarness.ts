/** Runs the real app (restify + CloudAdapter + embedded store) and talks to it with Teams-shaped activities over HTTP. */
import { randomUUID } from 'node:crypto';
import type { TokenCredential } from '@azure/identity';
import { Clock } from '../../src/app/clock';
import { loadConfig } from '../../src/config';
import { createLogger, type Logger } from '../../src/log';
import { openInterceptableStore, type InterceptableStore } from '../../src/local/storeInterceptor';
import { localHooks } from '../../src/local/testHooks';
import { startApp, type App } from '../../src/startApp';
import { FakeConnector } from './fakeConnector';

export const TENANT = '11111111-1111-4111-8111-111111111111';

export interface Harness {
  app: App;
  /** The app's store, with fault injection in front of its embedded server. */
  store: InterceptableStore;
  connector: FakeConnector;
  clock: Clock;
  message(
    aadObjectId: string,
    text: string,
    conversation?: { id: string; type: string },
  ): Promise<{ status: number; body: unknown }>;
  invoke(
    aadObjectId: string,
    verb: string,
    data: Record<string, unknown>,
    trigger?: 'manual' | 'automatic',
    /** The message whose card was clicked (Teams sends it as replyToId). */
    replyToId?: string,
  ): Promise<{ status: number; card: Record<string, any> }>;
  post(body: unknown, headers?: Record<string, string>): Promise<{ status: number; text: string }>;
  install(aadObjectId: string): Promise<void>;
  settle(): Promise<void>;
  close(): Promise<void>;
}

/** An activity as Teams would send it from `aad` (personal chat unless `conversation` says otherwise). */
export function teamsActivity(
  serviceUrl: string,
  aad: string,
  extra: Record<string, unknown>,
  conversation?: { id: string; type: string },
): Record<string, unknown> {
  return {
    id: randomUUID(),
    timestamp: new Date().toISOString(),
    serviceUrl,
    channelId: 'msteams',
    from: { id: `29:${aad}`, name: 'User', aadObjectId: aad },
    conversation: {
      id: conversation?.id ?? `a:personal-${aad}`,
      conversationType: conversation?.type ?? 'personal',
      tenantId: TENANT,
    },
    recipient: { id: '28:escalate-bot', name: 'Escalate' },
    channelData: { tenant: { id: TENANT } },
    locale: 'en-GB',
    ...extra,
  };
}

/** The card-action invoke Teams sends when `Action.Execute` is pressed. */
export function invokeActivity(
  serviceUrl: string,
  aad: string,
  verb: string,
  data: Record<string, unknown>,
  trigger: 'manual' | 'automatic' = 'manual',
  replyToId?: string,
): Record<string, unknown> {
  return teamsActivity(serviceUrl, aad, {
    type: 'invoke',
    name: 'adaptiveCard/action',
    value: { action: { type: 'Action.Execute', verb, data }, trigger },
    ...(replyToId ? { replyToId } : {}),
  });
}

/** Data of the raise form: a disagreement about a strategy discussion's threshold, under the flowchart. */
export function raiseData(caseId: string, otherId: string, reference: string): Record<string, unknown> {
  return {
    caseId,
    v: 0,
    procedureId: 'conflict-resolution-flowchart',
    otherProfessionalId: otherId,
    reference,
    theme: 'threshold',
    summary: 'We disagree on whether the threshold is met.',
    imminentRisk: 'false',
    conflictWithOwnManager: 'false',
  };
}

/** Data of the "Record a discussion" form: a telephone discussion that left the disagreement unresolved. */
export function discussionData(
  caseId: string,
  v: number,
  attendeeIds: string[],
  summary: string,
  heldAtDate = '2026-12-07',
): Record<string, unknown> {
  return {
    caseId,
    v,
    heldAtDate,
    heldAtTime: '09:30',
    method: 'telephone',
    attendeeIds: attendeeIds.join(','),
    summary,
    outcome: 'unresolved',
  };
}

/** The bot's settings in tests: loopback, quiet, and background loops driven by the test (not by timers). */
export const HARNESS_ENV: Record<string, string> = {
  PORT: '0',
  HOST: '127.0.0.1',
  LOG_LEVEL: 'silent',
  DIGEST_DAY: 'off',
  SWEEP_INTERVAL_SECONDS: '3600',
  DISPATCH_INTERVAL_MS: '60000',
  CARD_UPDATE_DELAY_MS: '0',
};

export async function startHarness(
  env: Record<string, string> = {},
  startAt = '2026-12-07T10:00:00.000Z',
  opts: {
    log?: Logger;
    clock?: Clock;
    sleep?: (ms: number) => Promise<void>;
    /** Microsoft Graph's credential (a fake Graph's token: test/support/fakeGraph.ts). */
    graphCredential?: TokenCredential;
  } = {},
): Promise<Harness> {
  const connector = new FakeConnector();
  await connector.start();
  const base = new Date(startAt).getTime();
  const realStart = Date.now();
  const clock = opts.clock ?? new Clock(() => base + (Date.now() - realStart), true);
  const config = loadConfig({ ...HARNESS_ENV, ...env });
  // the app's waits (Retry-After, backoff, rate limits) move the clock instead of taking real time
  const sleep =
    opts.sleep ??
    ((ms: number) => Promise.resolve(void clock.advanceTo(new Date(clock.now().getTime() + ms))));
  const log = opts.log ?? createLogger('silent');
  const store = await openInterceptableStore({
    endpoint: config.COSMOS_ENDPOINT || undefined,
    key: config.COSMOS_KEY,
    databaseId: config.COSMOS_DATABASE,
    log: (m) => log.warn({ event: 'store' }, m),
  });
  const app = await startApp({
    config,
    clock,
    sleep,
    log,
    store,
    extend: localHooks,
    graphCredential: opts.graphCredential,
  });
  void base;
  const activity = (
    aad: string,
    extra: Record<string, unknown>,
    conversation?: { id: string; type: string },
  ) => teamsActivity(connector.url, aad, extra, conversation);
  const post = async (body: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${app.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: res.status, text: await res.text() };
  };
  const h: Harness = {
    app,
    store,
    connector,
    clock,
    post,
    async message(aad, text, conversation) {
      const r = await post(activity(aad, { type: 'message', text }, conversation));
      return { status: r.status, body: r.text ? JSON.parse(r.text) : null };
    },
    async invoke(aad, verb, data, trigger = 'manual', replyToId) {
      const r = await post(invokeActivity(connector.url, aad, verb, data, trigger, replyToId));
      const body = JSON.parse(r.text) as { value?: Record<string, any> };
      return { status: r.status, card: body.value ?? {} };
    },
    async install(aad) {
      await post(activity(aad, { type: 'conversationUpdate', membersAdded: [{ id: '28:escalate-bot' }] }));
    },
    async settle() {
      await app.sweep.runNow();
      await app.dispatch.runNow();
    },
    async close() {
      await app.close();
      await connector.stop();
    },
  };
  return h;
}

/** All the visible text of a card, for assertions. */
export function cardText(card: unknown): string {
  const out: string[] = [];
  const walk = (n: unknown) => {
    if (Array.isArray(n)) n.forEach(walk);
    else if (n && typeof n === 'object') {
      const o = n as Record<string, unknown>;
      for (const k of ['text', 'title', 'label', 'value']) if (typeof o[k] === 'string') out.push(o[k]);
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return out.join('\n');
}

/** The Action.Execute buttons on a card: verb → title. */
export function buttons(card: unknown): { verb: string; title: string; data: Record<string, unknown> }[] {
  const out: { verb: string; title: string; data: Record<string, unknown> }[] = [];
  const walk = (n: unknown) => {
    if (Array.isArray(n)) n.forEach(walk);
    else if (n && typeof n === 'object') {
      const o = n as Record<string, unknown>;
      if (
        o.type === 'Action.Execute' &&
        typeof o.verb === 'string' &&
        o !== (card as Record<string, unknown>).refresh
      )
        out.push({
          verb: o.verb,
          title: typeof o.title === 'string' ? o.title : '',
          data: (o.data ?? {}) as Record<string, unknown>,
        });
      for (const [k, v] of Object.entries(o)) if (k !== 'refresh') walk(v);
    }
  };
  walk(card);
  return out;
}

/** The choices of the input with this id on a card: title → value. */
export function choicesOf(card: unknown, id: string): { title: string; value: string }[] {
  let found: { title: string; value: string }[] = [];
  const walk = (n: unknown) => {
    if (Array.isArray(n)) n.forEach(walk);
    else if (n && typeof n === 'object') {
      const o = n as Record<string, unknown>;
      if (o.id === id && Array.isArray(o.choices)) found = o.choices as { title: string; value: string }[];
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return found;
}
