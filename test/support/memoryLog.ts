/** A pino logger that writes every line to memory, so tests can read exactly what the app logged. */
import { createLogger, type Logger } from '../../src/log';

export interface LogEntry {
  level: number;
  time: number;
  msg?: string;
  event?: string;
  [key: string]: unknown;
}

export const WARN = 40;

export class MemoryLog {
  readonly lines: string[] = [];
  readonly logger: Logger;

  /** `level` defaults to the lowest pino has, so nothing the app logs is missed. */
  constructor(level = 'trace') {
    this.logger = createLogger(level, {
      write: (line: string) => {
        this.lines.push(line);
      },
    });
  }

  /** A position to read from later (see `since`). */
  mark(): number {
    return this.lines.length;
  }

  /** Entries written since `mark`, parsed. */
  since(mark: number): LogEntry[] {
    return this.lines.slice(mark).map((l) => JSON.parse(l) as LogEntry);
  }

  /** Everything logged so far, as one string (for "this never appears anywhere" checks). */
  text(): string {
    return this.lines.join('');
  }
}
