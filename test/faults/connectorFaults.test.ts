/**
 * Fault injection, the Bot Connector: throttling (429 with Retry-After), server errors, a person the bot may
 * no longer reach (403), requests that never answer, messages delivered whose answer is lost, and a
 * connector that refuses connections. Case states and audit trails never change; every message is received
 * once, or is reported to the business office when the bot cannot know whether it arrived.
 */
import { strict as assert } from 'node:assert';
import { DEMO } from '../support/demoPeople';
import type { Fault } from '../support/fakeConnector';
import { CASE_A, type Fingerprint, type Hooks } from './journey';
import { assertSameEnd, onStep, runJourney, type Injectors } from './runner';

/** A message to a conversation (a new one is a POST, a card updated in place a PUT). */
const ANY = /\/activities/;
const TO_JAMIE = new RegExp(`personal-${DEMO.jamie}/activities`);

const inject = (
  connector: Injectors['connector'],
  match: RegExp,
  fault: Fault,
  times: number,
  method: 'POST' | 'PUT' = 'POST',
) => {
  for (let i = 0; i < times; i++) connector.faults.push({ match, fault, method });
};

interface Scenario {
  name: string;
  hooks: (x: Injectors) => Hooks;
  /** The messages expected, given the fault-free ones (default: exactly those). */
  expect?: (reference: string[]) => string[];
  /** A warning the app must have logged. */
  logged?: string;
  /** The dispatcher itself had to send something again (not just the connector client). */
  resent?: boolean;
  /** A card update that got no answer was sent again (and answered). */
  updatedAgain?: boolean;
  env?: Record<string, string>;
}

const BO_CHANNEL = '19:business-office@thread.tacv2';
const unconfirmed = (ref: string) =>
  `${BO_CHANNEL} | Local demo — not for real cases / A message about a case may not have been delivered (Teams did not confirm it): please check with the people involved / Case reference / ${ref}`;

const SCENARIOS: Scenario[] = [
  {
    name: 'throttled (429, Retry-After 2 s) three times: each message waits and is sent once',
    hooks: ({ connector }) => ({
      beforeStep: onStep('raise A', () => inject(connector, ANY, { status: 429, retryAfterSeconds: 2 }, 3)),
    }),
  },
  ...([500, 502, 503, 504] as const).map((status): Scenario => ({
    name: `the connector answers ${status} twice: sent again, received once`,
    hooks: ({ connector }) => ({
      beforeStep: onStep('escalate B', () => inject(connector, ANY, { status }, 2)),
    }),
  })),
  {
    name: 'the connector answers 503 more times than its client retries: the dispatcher sends it again later',
    hooks: ({ connector }) => ({
      beforeStep: onStep('action A', () => inject(connector, TO_JAMIE, { status: 503 }, 5)),
    }),
    resent: true,
  },
  {
    name: 'card updates fail (503) and then go through: cards end up current, nothing else changes',
    hooks: ({ connector }) => ({
      beforeStep: onStep('discussion A', () => inject(connector, ANY, { status: 503 }, 2, 'PUT')),
    }),
  },
  {
    name: 'a person has blocked the bot (403): they are @mentioned in the business office channel instead',
    hooks: ({ connector }) => ({
      beforeStep: onStep('raise A', () => inject(connector, TO_JAMIE, { status: 403 }, 1)),
    }),
    expect: (ref) => {
      const first = ref.findIndex(
        (m) => m.startsWith(`a:personal-${DEMO.jamie} |`) && /raised with you/.test(m),
      );
      const out = ref.filter((_, i) => i !== first);
      out.push(
        `${BO_CHANNEL} | Local demo — not for real cases / A message about a case could not be delivered / Case reference / CSC/2026/0042 | <at>Jamie Reid</at>`,
      );
      return out.sort();
    },
  },
  {
    name: 'a message never gets an answer (time-out): not sent again; the business office is asked to check',
    hooks: ({ connector }) => ({
      beforeStep: onStep('action A', () => inject(connector, TO_JAMIE, 'hang', 1)),
    }),
    env: { CONNECTOR_TIMEOUT_MS: '1000' },
    expect: (ref) => {
      const assigned = ref.findIndex(
        (m) => m.startsWith(`a:personal-${DEMO.jamie} |`) && /action was assigned/.test(m),
      );
      return [...ref.filter((_, i) => i !== assigned), unconfirmed('CSC/2026/0042')].sort();
    },
    logged: 'deliveryGaveUp:',
  },
  {
    name: 'a card update never gets an answer (time-out): it is sent again, the rest goes on',
    hooks: ({ connector }) => ({
      beforeStep: onStep('discussion A', () => inject(connector, ANY, 'hang', 1, 'PUT')),
    }),
    env: { CONNECTOR_TIMEOUT_MS: '1000' },
    updatedAgain: true,
  },
  {
    name: 'a message is delivered but the answer is lost: not sent again; the business office is asked to check',
    hooks: ({ connector }) => ({
      beforeStep: onStep('action A', () => inject(connector, TO_JAMIE, 'dropAfterDelivery', 1)),
    }),
    expect: (ref) => [...ref, unconfirmed('CSC/2026/0042')].sort(),
    logged: 'deliveryGaveUp:',
  },
  {
    name: 'the connector refuses connections for a while: nothing was sent, so everything is sent once later',
    hooks: ({ connector }) => ({
      beforeStep: async (label) => {
        if (label === 'approve A') await connector.refuseConnections();
      },
      // back once the dispatcher has met the refusal (a message of case A waiting to be sent again)
      beforeSettle: async (label, j) => {
        if (label !== 'approve A') return;
        await j.bot.dispatch(); // after the pass the click started, if it is still running
        const waiting = (await j.doc(CASE_A)).outbox.some((o) => o.status === 'retrying');
        assert.ok(waiting, 'the dispatcher met the refused connection');
        await connector.start();
      },
    }),
    resent: true,
  },
];

describe('connector faults: states unchanged, each message received once (HTTP in, faulty fake connector out)', function () {
  this.timeout(120_000);
  let reference: Fingerprint;

  before(async () => {
    reference = (await runJourney()).fingerprint;
  });

  for (const s of SCENARIOS) {
    it(s.name, async () => {
      const { fingerprint, warnings, resent, connectorFaultsLeft, received } = await runJourney(
        s.hooks,
        s.env,
      );
      assert.equal(connectorFaultsLeft, 0, 'every injected fault was met');
      assertSameEnd(fingerprint, reference, s.expect?.(reference.messages));
      if (s.logged)
        assert.ok(
          warnings.some((w) => w.startsWith(s.logged!)),
          warnings.join(', '),
        );
      if (s.updatedAgain) {
        const hung = received.find((r) => r.method === 'PUT' && r.status === 0)!;
        assert.ok(hung, 'a card update got no answer');
        assert.ok(
          received.some(
            (r) => r.method === 'PUT' && r.path === hung.path && r.status === 200 && r.at >= hung.at,
          ),
          'the same card was updated again',
        );
      }
      if (s.resent) assert.ok(resent > 0, 'the dispatcher itself sent again');
      else if (!s.expect && !s.updatedAgain)
        assert.equal(resent, 0, 'the connector client’s own retries were enough');
    });
  }
});
