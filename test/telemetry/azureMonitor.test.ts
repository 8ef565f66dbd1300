/**
 * Telemetry end to end: the real app (harness: restify, CloudAdapter, embedded store) with an Application Insights
 * connection string whose IngestionEndpoint is a fake on 127.0.0.1, driven through both procedures with a marker
 * in every free-text input and in every case reference. Requests, dependencies, case events and the metrics must
 * arrive; no marker may appear in anything received (decompressed first); nothing but loopback may be reached.
 */
import { strict as assert } from 'node:assert';
import http from 'node:http';
import { AzureLogger, getLogLevel } from '@azure/logger';
import { context, metrics, propagation, trace } from '@opentelemetry/api';
import { formView, SUBMIT_OF, type FormKind } from '../../src/bot/cards/forms';
import { BUILTIN_PROCEDURES, builtinProcedure } from '../../src/domain/procedure/builtin';
import { PROP_KEYS } from '../../src/telemetry/telemetry';
import { startHarness, type Harness } from '../support/botHarness';
import { DEMO, BO_CHANNEL } from '../support/demoPeople';
import { FakeIngestion, TEST_IKEY, type Envelope } from './fakeIngestion';
import { loopbackOnly, type Guard } from './loopbackOnly';
import { CASES, FLOW, Journeys, Markers } from './markerJourneys';

/** The Azure VM resource detector of the distro asks the instance metadata service (link-local) at start. */
const IMDS = '169.254.169.254';

const kinds = (all: Envelope[], baseType: string) => all.filter((e) => e.data.baseType === baseType);
const metricsNamed = (all: Envelope[], name: string) =>
  kinds(all, 'MetricData').filter((e) => (e.data.baseData.metrics as { name: string }[])[0]?.name === name);

describe('telemetry to Application Insights (fake ingestion on 127.0.0.1, markers in every free-text input)', function () {
  this.timeout(180_000);
  const ingestion = new FakeIngestion();
  const markers = new Markers();
  let guard: Guard;
  let untrust: () => void = () => undefined;
  let h: Harness;
  let journeys: Journeys;
  let closed = false;
  let all: Envelope[] = [];
  const azureSdkLog = { level: getLogLevel(), log: AzureLogger.log };

  before(async () => {
    guard = loopbackOnly();
    await ingestion.start();
    untrust = ingestion.trust();
    h = await startHarness({ APPLICATIONINSIGHTS_CONNECTION_STRING: ingestion.connectionString });
    journeys = new Journeys(h, markers);
    for (const p of Object.values(DEMO)) await h.install(p);
    await h.message(DEMO.grace, 'help', { id: BO_CHANNEL, type: 'channel' });
    // delivery failures by kind: a long Retry-After is handed back to the dispatcher (throttled); a 400 fails
    h.connector.faults.push(
      { match: /\/activities/, fault: { status: 429, retryAfterSeconds: 60 }, method: 'POST' },
      { match: /\/activities/, fault: { status: 400 }, method: 'POST' },
    );
  });
  after(async () => {
    if (!closed) await h?.close();
    await ingestion.stop();
    untrust();
    guard.restore();
  });

  it('telemetry is on, and the Azure SDK’s own logging is as it was', () => {
    assert.equal(h.app.telemetry.enabled, true);
    assert.equal(getLogLevel(), azureSdkLog.level);
    assert.equal(AzureLogger.log, azureSdkLog.log);
  });

  it('runs seed 000 from raise to mediation, with automatic escalations', () => journeys.flowchart());
  it('runs seed 002 from an imminent-risk raise to the final binding decision', () => journeys.bscp());
  it('withdraws a case, resolves one by agreement, and takes typed messages', () =>
    journeys.withdrawAndResolve());

  it('planted a marker in every free-text input of every form, and they reached the store', async () => {
    const planted = new Set(markers.planted.map((m) => m.field));
    const directory = (await h.app.store.directory.load('demo'))!;
    const c = (await journeys.doc(CASES.flow)).state;
    const base = { directory, viewerId: DEMO.priya, now: new Date('2026-12-07T10:00:00Z'), banner: '' };
    let free = 0;
    for (const kind of Object.keys(SUBMIT_OF) as FormKind[]) {
      const view =
        kind === 'raise'
          ? formView(kind, { ...base, procedures: [...BUILTIN_PROCEDURES] })
          : formView(kind, { ...base, c, procedure: builtinProcedure(FLOW)! });
      for (const f of view.fields as { id: string; kind: string }[]) {
        if (f.kind !== 'text' && f.kind !== 'multiline') continue;
        free++;
        assert.ok(planted.has(`${SUBMIT_OF[kind]}.${f.id}`), `no marker in ${SUBMIT_OF[kind]}.${f.id}`);
      }
    }
    assert.ok(free >= 15, `only ${free} free-text inputs found`);
    const stored = JSON.stringify(await Promise.all(Object.values(CASES).map((id) => journeys.doc(id))));
    const inStore = markers.planted.filter((m) => stored.includes(m.value));
    assert.ok(inStore.length >= 25, `only ${inStore.length} markers reached the case store`);
  });

  it('flushes on demand, and everything went to the ingestion endpoint as JSON', async () => {
    await h.app.telemetry.flush();
    all = ingestion.envelopes();
    assert.ok(ingestion.posts.length > 0, 'nothing reached the ingestion endpoint');
    for (const p of ingestion.posts) assert.match(p.path, /^\/+v2\.1\/track$/, `posted to ${p.path}`);
    assert.ok(all.every((e) => e.iKey === TEST_IKEY));
  });

  it('sent requests (Teams to the bot) and dependencies (Cosmos DB, the Bot Connector)', () => {
    const requests = kinds(all, 'RequestData').map((e) => e.data.baseData);
    assert.ok(requests.filter((r) => r.name === 'POST /api/messages').length >= 20, 'requests missing');
    const deps = kinds(all, 'RemoteDependencyData').map((e) => e.data.baseData);
    const connectorPort = new URL(h.connector.url).port;
    assert.ok(
      deps.some((d) => String(d.target).includes(`:${connectorPort}`)),
      'no Bot Connector dependency',
    );
    assert.ok(
      deps.some((d) => /^(GET|POST|PUT|DELETE) \/dbs\//.test(String(d.name))),
      'no Cosmos DB dependency',
    );
    assert.ok(!requests.some((r) => /\/(healthz|readyz)|\/dbs\//.test(String(r.url))), 'not Teams traffic');
  });

  it('sent the case lifecycle as custom events with ids and codes only', () => {
    const events = kinds(all, 'EventData').map((e) => e.data.baseData);
    const names = new Set(events.map((e) => e.name as string));
    for (const n of ['CaseRaised', 'StageEntered', 'OutcomeApproved', 'EscalatedAutomatically', 'CaseClosed'])
      assert.ok(names.has(n), `no ${n} event`);
    const closedAs = events.filter((e) => e.name === 'CaseClosed').map((e) => e.properties.status as string);
    assert.deepEqual(new Set(closedAs), new Set(['resolved', 'decided', 'withdrawn']));
    for (const e of events) {
      for (const key of Object.keys(e.properties as object))
        assert.ok(key in PROP_KEYS, `${e.name} carries ${key}`);
      assert.ok(
        Object.values(CASES).includes(e.properties.caseId as string),
        `${e.name} without its case id`,
      );
    }
  });

  it('sent the metrics: deadline lag, outbox depth and age, delivery failures by kind', () => {
    const lag = metricsNamed(all, 'escalate.deadline.lag');
    const fired = lag.reduce((n, e) => n + Number(e.data.baseData.metrics[0].count ?? 0), 0);
    assert.ok(fired >= 3, `deadline lag recorded ${fired} times`);
    assert.ok(lag.every((e) => Number(e.data.baseData.metrics[0].value) >= 0));
    assert.ok(metricsNamed(all, 'escalate.outbox.depth').length > 0, 'no outbox depth');
    assert.ok(metricsNamed(all, 'escalate.outbox.oldest_age').length > 0, 'no outbox age');
    const failures = metricsNamed(all, 'escalate.delivery.failures');
    const failed = new Set(failures.map((e) => String(e.data.baseData.properties.kind)));
    assert.ok(failed.has('throttled') && failed.has('failed'), `failures by kind: ${[...failed].join(', ')}`);
  });

  it('no marker, reference or typed text appears in anything the endpoint received', () => {
    const received = ingestion.posts.map((p) => p.text).join('\n');
    const raw = ingestion.posts.map((p) => p.raw.toString('latin1')).join('\n');
    assert.ok(received.length > 10_000, 'too little received to mean anything');
    for (const m of markers.planted) {
      assert.ok(!received.includes(m.value), `${m.field} reached telemetry: ${m.value}`);
      assert.ok(!raw.includes(m.value), `${m.field} reached telemetry (raw)`);
    }
    assert.ok(!received.includes('MARKER-'), 'part of a marker reached telemetry');
  });

  it('reached nothing but loopback (the distro’s VM metadata probe was refused in-process)', () => {
    assert.deepEqual(
      guard.refused.filter((host) => host !== IMDS),
      [],
      'a connection beyond loopback was attempted',
    );
  });

  it('stops cleanly: flushed, providers unregistered, HTTP no longer patched', async () => {
    const before = ingestion.posts.length;
    const wrapped = () =>
      (http.Server.prototype as unknown as { emit: { __wrapped?: boolean } }).emit.__wrapped;
    assert.equal(wrapped(), true, 'the HTTP server was instrumented');
    await h.close();
    closed = true;
    assert.ok(ingestion.posts.length >= before);
    assert.equal(wrapped(), undefined);
    assert.equal((http.request as { __wrapped?: boolean }).__wrapped, undefined);
    const provider = trace.getTracerProvider() as { getDelegate?: () => object };
    assert.equal(provider.getDelegate?.().constructor.name, 'NoopTracerProvider');
    assert.equal(metrics.getMeterProvider().constructor.name, 'NoopMeterProvider');
    assert.equal(propagation.fields().length, 0);
    assert.equal(context.active(), context.active()); // the no-op context manager
    assert.equal(getLogLevel(), azureSdkLog.level);
    assert.equal(AzureLogger.log, azureSdkLog.log);
  });
});
