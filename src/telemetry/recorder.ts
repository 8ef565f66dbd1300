/**
 * The Telemetry the app calls, over the OpenTelemetry APIs the distro registered: case events as log records
 * that Application Insights files as customEvents, and the metrics (customMetrics). Nothing here throws into the
 * app, and nothing is recorded once shutdown has begun.
 */
import { metrics, trace } from '@opentelemetry/api';
import { logs } from '@opentelemetry/api-logs';
import { backlogOf, type Backlog } from './backlog';
import { cleanProps, failureOf, type Telemetry } from './telemetry';

/** The log attribute that makes a log record an Application Insights custom event. */
const CUSTOM_EVENT_NAME = 'microsoft.custom_event.name';

/** A Telemetry recording to the registered providers; `stop` runs (once) on shutdown. */
export function recorder(stop: () => Promise<void>): Telemetry {
  const meter = metrics.getMeter('escalate');
  const lag = meter.createHistogram('escalate.deadline.lag', {
    unit: 'ms',
    description: 'When the sweep fired a reminder or deadline, minus when it fell due',
  });
  const failures = meter.createCounter('escalate.delivery.failures', {
    description: 'Messages (or fallback @mentions) that were not delivered at an attempt, by kind',
  });
  let backlog: Backlog = { depth: 0, oldestAgeMs: 0 };
  meter
    .createObservableGauge('escalate.outbox.depth', { description: 'Messages waiting in the outbox' })
    .addCallback((r) => r.observe(backlog.depth));
  meter
    .createObservableGauge('escalate.outbox.oldest_age', {
      unit: 'ms',
      description: 'How long the oldest waiting message has waited',
    })
    .addCallback((r) => r.observe(backlog.oldestAgeMs));
  const events = logs.getLogger('escalate');
  let stopping: Promise<void> | null = null;
  /** Telemetry never fails the app, and records nothing once stopping. */
  const guard = (record: () => void) => {
    if (stopping) return;
    try {
      record();
    } catch {
      // deliberately tolerated
    }
  };
  return {
    enabled: true,
    event: (name, props) =>
      guard(() => events.emit({ attributes: { [CUSTOM_EVENT_NAME]: name, ...cleanProps(props) } })),
    deadlineLag: (ms, props) => guard(() => lag.record(Math.max(0, ms), cleanProps(props))),
    outbox: (pending, now) => guard(() => (backlog = backlogOf(pending, now))),
    delivery: (attempt, props) =>
      guard(() => {
        const kind = failureOf(attempt);
        if (kind) failures.add(1, cleanProps({ ...props, kind, httpStatus: attempt.status }));
      }),
    flush: () => flushAll(),
    shutdown: () =>
      (stopping ??= flushAll()
        .catch(() => undefined)
        .then(stop)),
  };
}

/** Export what every provider holds: spans first, so the standard metrics they feed go in the same flush. */
export async function flushAll(): Promise<void> {
  const providers: unknown[] = [
    trace.getTracerProvider(),
    logs.getLoggerProvider(),
    metrics.getMeterProvider(),
  ];
  for (const p of providers) {
    const target = (p as { getDelegate?: () => unknown }).getDelegate?.() ?? p;
    const flush = (target as { forceFlush?: () => Promise<unknown> }).forceFlush;
    if (typeof flush === 'function') await flush.call(target);
  }
}
