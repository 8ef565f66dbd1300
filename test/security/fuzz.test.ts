/** Arbitrary and malformed activities: never a crash, never a 500, never a state change; the server stays healthy. */
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import type { CaseDoc } from '../../src/app/caseDocument';
import { startHarness, TENANT, type Harness } from '../support/botHarness';
import { DEMO } from '../support/demoPeople';

const VERBS = [
  'raise',
  'approveOutcome',
  'recordDiscussion',
  'refresh',
  'openCase',
  'withdraw',
  'nope',
  '__proto__',
  '',
];

describe('fuzzing the messaging endpoint (fast-check)', function () {
  this.timeout(120_000);
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => {
    await h.close();
  });

  const anyValue = fc.oneof(
    fc.string(),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.string(), { maxLength: 3 }),
    fc.object({ maxDepth: 2 }),
  );
  const activity = fc.record(
    {
      type: fc.oneof(
        fc.constantFrom('message', 'invoke', 'conversationUpdate', 'installationUpdate', 'event', 'typing'),
        fc.string(),
      ),
      name: fc.oneof(fc.constant('adaptiveCard/action'), fc.string(), anyValue),
      text: anyValue,
      from: fc.oneof(
        fc.record({
          id: fc.string(),
          aadObjectId: fc.oneof(fc.constantFrom(DEMO.priya, DEMO.cscManager), fc.string(), anyValue),
        }),
        anyValue,
      ),
      conversation: fc.oneof(
        fc.record({ id: fc.string(), conversationType: fc.constantFrom('personal', 'channel', 'groupChat') }),
        anyValue,
      ),
      channelData: fc.oneof(fc.constant({ tenant: { id: TENANT } }), anyValue),
      value: fc.oneof(
        fc.record({
          action: fc.record({
            type: fc.constantFrom('Action.Execute', 'Action.Submit'),
            verb: fc.oneof(fc.constantFrom(...VERBS), fc.string()),
            data: fc.oneof(
              anyValue,
              fc.record({ caseId: fc.string(), v: anyValue, evidence: anyValue, summary: anyValue }),
            ),
          }),
          trigger: fc.constantFrom('manual', 'automatic'),
        }),
        anyValue,
      ),
      membersAdded: fc.oneof(fc.array(fc.record({ id: fc.string() }), { maxLength: 2 }), anyValue),
    },
    { requiredKeys: ['type'] },
  );

  it('answers no 5xx fault, writes nothing, and stays healthy', async () => {
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          { weight: 4, arbitrary: activity },
          { weight: 1, arbitrary: fc.oneof(anyValue, fc.string()) },
        ),
        async (body) => {
          const full =
            body && typeof body === 'object' && !Array.isArray(body)
              ? { channelId: 'msteams', serviceUrl: h.connector.url, recipient: { id: '28:bot' }, ...body }
              : body;
          const r = await h.post(typeof full === 'string' ? full : JSON.stringify(full));
          statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
          // 501 is the Bot Framework's answer to an invoke name a bot does not implement: a refusal, not a fault
          assert.ok(
            r.status < 500 || r.status === 501,
            `status ${r.status} for ${JSON.stringify(full).slice(0, 300)}`,
          );
        },
      ),
      { numRuns: 300, interruptAfterTimeLimit: 60_000 },
    );
    assert.deepEqual(
      await h.app.store.cases.findByPartnership<CaseDoc>('demo'),
      [],
      'no case was created or changed',
    );
    assert.equal((await fetch(`${h.app.url}/healthz`)).status, 200);
    assert.ok(
      (statuses.get(200) ?? 0) > 0 && (statuses.get(400) ?? 0) > 0,
      `a mix of answers: ${JSON.stringify([...statuses])}`,
    );
  });
});
