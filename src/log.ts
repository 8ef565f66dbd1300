/** Structured logging. Never log message text, card inputs or names: only ids, codes and counts. */
import pino, { type Logger } from 'pino';

/** Paths redacted wherever they appear, as a second line of defence. */
const REDACT = [
  'text',
  'summary',
  'value',
  'data',
  'name',
  '*.text',
  '*.summary',
  '*.value',
  '*.data',
  '*.name',
  'activity',
  'req.body',
  'headers.authorization',
  '*.headers.authorization',
];

export function createLogger(level = 'info', destination?: pino.DestinationStream): Logger {
  return pino(
    { level, base: { app: 'escalate' }, redact: { paths: REDACT, censor: '[redacted]' } },
    destination,
  );
}

export type { Logger };
