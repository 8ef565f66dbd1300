/** What every CLI command shares: where it writes, how bad arguments are reported, and argument parsing. */
import { readFileSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { londonDate, londonDayStart } from '../domain/calendar';
import type { Period } from '../app/report';

export interface Io {
  out(line: string): void;
  err(line: string): void;
}

/** Bad arguments: the CLI prints the message and the usage, and exits 2. */
export class UsageError extends Error {}

/** Strict parsing: an unknown flag is a usage error. */
export function parse<T extends ParseArgsConfig['options']>(args: string[], options: T) {
  try {
    return parseArgs({ args, options: options as NonNullable<T>, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

export function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new Error(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

/** "N problems" and one indented line each, on stderr; the exit code for invalid input. */
export function problems(io: Io, file: string, errors: string[]): number {
  io.err(`${file}: ${errors.length} problem${errors.length === 1 ? '' : 's'}`);
  for (const e of errors) io.err(`  ${e}`);
  return 1;
}

function dateArg(v: unknown, flag: string): string {
  if (typeof v !== 'string') throw new UsageError(`${flag} is required (a date, YYYY-MM-DD)`);
  try {
    londonDayStart(v);
    return v;
  } catch {
    throw new UsageError(`${flag} must be a date, YYYY-MM-DD`);
  }
}

/** --from/--to as inclusive London dates; the default is the last 12 months up to today. */
export function periodArg(values: Record<string, unknown>, now: Date, required = false): Period {
  const today = londonDate(now);
  if (!required && values.from === undefined && values.to === undefined)
    return { from: londonDayStart(today, -364), to: londonDayStart(today, 1) };
  const from = londonDayStart(dateArg(values.from, '--from'));
  const to = londonDayStart(values.to === undefined ? today : dateArg(values.to, '--to'), 1);
  if (to <= from) throw new UsageError('--to must not be before --from');
  return { from, to };
}

export function formatArg<T extends string>(v: unknown, allowed: readonly T[]): T {
  const f = (v ?? allowed[0]) as T;
  if (!allowed.includes(f)) throw new UsageError(`--format must be one of ${allowed.join(', ')}`);
  return f;
}
