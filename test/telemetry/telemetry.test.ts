/** The telemetry interface's own rules, without the SDK: what props may carry, lifecycle mapping, backlog, scrubbing. */
import { strict as assert } from 'node:assert';
import { request } from 'node:https';
import { gzipSync } from 'node:zlib';
import type { CaseDoc, OutboxItem } from '../../src/app/caseDocument';
import { loadConfig } from '../../src/config';
import { chain, type CaseEvent } from '../../src/domain/case';
import { backlogOf } from '../../src/telemetry/backlog';
import { reportCaseEvents } from '../../src/telemetry/lifecycle';
import { EMAIL_NOT_SENT, MESSAGE_NOT_SENT, scrubSpan } from '../../src/telemetry/scrub';
import { startTelemetry } from '../../src/telemetry/start';
import {
  cleanProps,
  failureOf,
  NO_TELEMETRY,
  NOT_AN_ID,
  type Props,
  type Telemetry,
} from '../../src/telemetry/telemetry';
import { FakeIngestion } from './fakeIngestion';

/** A Telemetry that records what it is told. */
function recording(): Telemetry & { events: { name: string; props: Props }[] } {
  const events: { name: string; props: Props }[] = [];
  return { ...NO_TELEMETRY, enabled: true, events, event: (name, props) => events.push({ name, props }) };
}

const AT = '2026-12-07T10:00:00.000Z';
const MARK = 'MARKER-typed';

function committed(events: CaseEvent[], before: CaseEvent[] = []) {
  const old = chain(
    null,
    before.map((event) => ({ event, by: 'p1', at: AT })),
  );
  const last = old[old.length - 1] ?? null;
  const added = chain(
    last,
    events.map((event) => ({ event, by: 'p1', at: AT })),
    'card:withdraw',
  );
  const doc = {
    caseId: 'case-1',
    partnershipId: 'demo',
    reference: `CSC/2026/0042`,
    events: [...old, ...added],
    state: { procedureId: 'flow', stage: { stageId: 'stage-2', level: 1 } },
  } as unknown as CaseDoc;
  return { doc, events: added };
}

const raised: CaseEvent = {
  type: 'CaseRaised',
  caseId: 'case-1',
  partnershipId: 'demo',
  procedureId: 'flow',
  procedureVersion: 1,
  reference: `CSC/2026/0042`,
  theme: 'threshold',
  summary: `${MARK} summary`,
  agencies: ['csc', 'health'],
  professionals: { csc: 'p1', health: 'p2' },
  imminentRisk: false,
  conflictWithOwnManager: false,
  supporterId: null,
  capDueAt: null,
};
const entered = (stageId: string): CaseEvent => ({
  type: 'StageEntered',
  stageId,
  level: 1,
  because: `${MARK} because`,
  participants: [],
  holders: {},
  clocks: [],
});

describe('telemetry props', () => {
  it('keeps known keys with id-shaped strings, numbers and booleans; replaces anything else', () => {
    const props = {
      caseId: 'c1000000-0000-4000-8000-000000000001',
      stageId: 'stage-1',
      source: 'card:raise',
      level: 2,
      seq: Number.NaN,
      imminentRisk: true,
      kind: 'a sentence someone typed',
      summary: 'never sent',
    } as Props;
    assert.deepEqual(cleanProps(props), {
      caseId: 'c1000000-0000-4000-8000-000000000001',
      stageId: 'stage-1',
      source: 'card:raise',
      level: 2,
      seq: 0,
      imminentRisk: 'true',
      kind: NOT_AN_ID,
    });
  });

  it('counts delivery failures by kind', () => {
    assert.equal(failureOf({ kind: 'sent' }), null);
    assert.equal(failureOf({ kind: 'retry', status: 429 }), 'throttled');
    assert.equal(failureOf({ kind: 'retry', status: 503 }), 'transient');
    assert.equal(failureOf({ kind: 'unreachable' }), 'unreachable');
    assert.equal(failureOf({ kind: 'failed' }), 'failed');
    assert.equal(failureOf({ kind: 'uncertain' }), 'uncertain');
  });

  it('is off without a connection string', async () => {
    const t = await startTelemetry(loadConfig({}));
    assert.equal(t, NO_TELEMETRY);
    assert.equal(t.enabled, false);
    await t.flush();
    await t.shutdown();
  });
});

describe('case lifecycle events', () => {
  it('names each event by its type, with the case ids, the stage and codes, and none of the text', () => {
    const t = recording();
    reportCaseEvents(t, committed([raised, entered('stage-1')]));
    assert.deepEqual(
      t.events.map((e) => e.name),
      ['CaseRaised', 'StageEntered'],
    );
    assert.deepEqual(t.events[0]!.props, {
      caseId: 'case-1',
      partnershipId: 'demo',
      procedureId: 'flow',
      seq: 1,
      source: 'card:withdraw',
      actor: 'person',
      imminentRisk: false,
      agencies: 2,
    });
    assert.equal(t.events[1]!.props.stageId, 'stage-1');
    assert.ok(!JSON.stringify(t.events).includes(MARK));
    assert.ok(!JSON.stringify(t.events).includes('CSC/2026/0042'), 'the reference is case data');
  });

  it('gives events the stage they happened at, across a stage change', () => {
    const t = recording();
    const approved: CaseEvent = { type: 'OutcomeApproved', outcome: 'escalate' };
    reportCaseEvents(t, committed([approved, entered('stage-2')], [raised, entered('stage-1')]));
    assert.deepEqual(
      t.events.map((e) => [e.name, e.props.stageId, e.props.outcome]),
      [
        ['OutcomeApproved', 'stage-1', 'escalate'],
        ['StageEntered', 'stage-2', undefined],
      ],
    );
  });

  it('sends a closure as its status, never its reason', () => {
    const t = recording();
    const closed: CaseEvent = { type: 'CaseClosed', status: 'withdrawn', because: `withdrawn: ${MARK}` };
    reportCaseEvents(t, committed([closed], [raised, entered('stage-1')]));
    assert.deepEqual(t.events[0]!.props.status, 'withdrawn');
    assert.ok(!JSON.stringify(t.events).includes(MARK));
  });

  it('never fails the command when telemetry throws, and does nothing when telemetry is off', () => {
    const throwing = { ...recording(), event: () => assert.fail('telemetry down') };
    assert.doesNotThrow(() => reportCaseEvents(throwing, committed([raised])));
    const off = recording();
    reportCaseEvents({ ...off, enabled: false }, committed([raised]));
    assert.equal(off.events.length, 0);
  });
});

describe('outbox backlog', () => {
  const item = (status: OutboxItem['status'], createdAt: string) => ({ status, createdAt }) as OutboxItem;
  it('counts the messages not yet settled, and the age of the oldest', () => {
    const docs = [
      { outbox: [item('sent', '2026-12-01T00:00:00Z'), item('pending', '2026-12-07T09:00:00Z')] },
      { outbox: [item('retrying', '2026-12-07T09:30:00Z'), item('sending', '2026-12-07T09:50:00Z')] },
      { outbox: [item('gaveUp', '2026-12-02T00:00:00Z')] },
    ] as CaseDoc[];
    assert.deepEqual(backlogOf(docs, new Date(AT)), { depth: 3, oldestAgeMs: 3_600_000 });
    assert.deepEqual(backlogOf([], new Date(AT)), { depth: 0, oldestAgeMs: 0 });
  });
});

describe('span scrubbing', () => {
  it('drops client address, user agent, query strings, e-mail addresses in URLs and error messages; keeps stack frames', () => {
    const span = {
      attributes: {
        'http.client_ip': '203.0.113.9',
        'client.address': '203.0.113.9',
        'user_agent.original': 'Mozilla',
        'url.full': 'https://bot.example/api/messages?token=x#frag',
        'http.target': '/api/messages?x=1',
        'http.method': 'POST',
        'url.path': '/v1.0/users/jo.bloggs@agency.example.org/teamwork',
        'http.url': 'https://graph.example/v1.0/users/jo.bloggs%40agency.example.org',
      },
      name: 'GET /v1.0/users/jo.bloggs@agency.example.org',
      events: [
        {
          name: 'exception',
          attributes: {
            'exception.type': 'Error',
            'exception.message': `${MARK} failed`,
            'exception.stacktrace': `Error: ${MARK} failed\n    at f (/app/x.js:1:1)`,
          },
        },
      ],
      status: { code: 2, message: `${MARK} failed` },
    };
    scrubSpan(span as unknown as Parameters<typeof scrubSpan>[0]);
    assert.deepEqual(span.attributes, {
      'url.full': 'https://bot.example/api/messages',
      'http.target': '/api/messages',
      'http.method': 'POST',
      'url.path': `/v1.0/users/${EMAIL_NOT_SENT}/teamwork`,
      'http.url': `https://graph.example/v1.0/users/${EMAIL_NOT_SENT}`,
    });
    assert.equal(span.name, `GET /v1.0/users/${EMAIL_NOT_SENT}`);
    assert.deepEqual(span.events[0]!.attributes, {
      'exception.type': 'Error',
      'exception.message': MESSAGE_NOT_SENT,
      'exception.stacktrace': '    at f (/app/x.js:1:1)',
    });
    assert.equal(span.status.message, MESSAGE_NOT_SENT);
  });
  it('keeps Teams ids that hold an @ (channel thread ids)', () => {
    const url = 'https://smba.example/v3/conversations/19%3Aabc%40thread.tacv2%3Bmessageid%3D1/activities';
    const span = { attributes: { 'url.full': url }, events: [], status: { code: 0 }, name: 'POST' };
    scrubSpan(span as unknown as Parameters<typeof scrubSpan>[0]);
    assert.equal(span.attributes['url.full'], url);
  });
});

describe('the fake ingestion endpoint', () => {
  const post = (url: string, body: Buffer, headers: Record<string, string>) =>
    new Promise<number>((resolve, reject) => {
      const req = request(`${url}v2.1/track`, { method: 'POST', headers }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      req.end(body);
    });

  it('reads plain and gzip’d JSON arrays alike, over TLS trusted for its port only', async () => {
    const fake = new FakeIngestion();
    await fake.start();
    const untrust = fake.trust();
    try {
      const item = (name: string) => ({ name, data: { baseType: 'EventData', baseData: { name } } });
      const json = (name: string) => Buffer.from(JSON.stringify([item(name)]));
      assert.equal(await post(fake.url, json('plain'), { 'content-type': 'application/json' }), 200);
      const gzipped = gzipSync(json('gzipped'));
      assert.equal(await post(fake.url, gzipped, { 'content-encoding': 'gzip' }), 200);
      assert.deepEqual(
        fake.envelopes().map((e) => e.name),
        ['plain', 'gzipped'],
      );
      assert.equal(fake.posts[1]!.encoding, 'gzip');
    } finally {
      untrust();
      await fake.stop();
    }
  });
});
