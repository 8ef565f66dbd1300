/**
 * The last look at every span before it is exported: no client address, no user agent, no query string, no
 * e-mail address in a URL (a Microsoft Graph path may name a user by it), and no error message (it may quote what
 * it failed on); an exception keeps its type and stack frames. The HTTP instrumentation records no bodies and
 * no headers unless asked, and it is never asked.
 */
import type { AzureMonitorOpenTelemetryOptions } from '@azure/monitor-opentelemetry';

type SpanProcessor = NonNullable<AzureMonitorOpenTelemetryOptions['spanProcessors']>[number];
type EndedSpan = Parameters<SpanProcessor['onEnd']>[0];

/** Attributes never exported (old and new HTTP semantic conventions). */
const DROPPED = [
  'http.client_ip',
  'client.address',
  'client.port',
  'net.peer.ip',
  'net.sock.peer.addr',
  'network.peer.address',
  'http.user_agent',
  'user_agent.original',
  'url.query',
];
/** Attributes that hold a URL or a path: the query string and fragment go. */
const URLS = ['http.url', 'url.full', 'http.target', 'url.path'];

export const MESSAGE_NOT_SENT = '(message not sent)';
export const EMAIL_NOT_SENT = '(e-mail address)';

/** name@domain.tld, plain or percent-encoded, in a URL; Teams' thread ids (…@thread.tacv2) are ids, kept. */
const EMAIL = /[^/?#@\s]+(@|%40)(?!thread\.)[^/?#@\s]+\.[A-Za-z]{2,}/g;
const urlOnly = (v: string) => v.replace(/[?#].*$/s, '').replace(EMAIL, EMAIL_NOT_SENT);

export function scrubSpan(span: EndedSpan): void {
  const attributes = span.attributes as Record<string, unknown>;
  for (const key of DROPPED) delete attributes[key];
  for (const key of URLS) {
    const v = attributes[key];
    if (typeof v === 'string') attributes[key] = urlOnly(v);
  }
  (span as { name: string }).name = span.name.replace(EMAIL, EMAIL_NOT_SENT);
  for (const event of span.events) {
    if (event.name !== 'exception' || !event.attributes) continue;
    const a = event.attributes as Record<string, unknown>;
    if (a['exception.message'] !== undefined) a['exception.message'] = MESSAGE_NOT_SENT;
    if (typeof a['exception.stacktrace'] === 'string')
      a['exception.stacktrace'] = framesOf(a['exception.stacktrace']);
  }
  if (span.status.message) (span.status as { message?: string }).message = MESSAGE_NOT_SENT;
}

/** A stack trace without its first line (the error's message). */
function framesOf(stack: string): string {
  return stack
    .split('\n')
    .filter((line) => /^\s+at /.test(line))
    .join('\n');
}

/** A span processor that scrubs each span as it ends (registered before the exporting one). */
export const scrubbingProcessor: SpanProcessor = {
  onStart: () => undefined,
  onEnd: scrubSpan,
  forceFlush: () => Promise.resolve(),
  shutdown: () => Promise.resolve(),
};
