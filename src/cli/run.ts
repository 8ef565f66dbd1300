/** The CLI's commands. Exit codes: 0 ok, 1 invalid input, 2 usage. One-line errors, never a stack trace. */
import { readFileSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { explainHours, explainWorkingDays, formatLondon, NATIONS, type Nation } from '../domain/calendar';
import { timelineIfNobodyActs } from '../domain/case/simulate';
import { builtinProcedure } from '../domain/procedure/builtin';
import type { Procedure } from '../domain/procedure/schema';
import { validateProcedureText } from '../domain/procedure/validate';
import { loadConfig } from '../config';
import { describeProcedure } from './describe';
import { OfficeUsageError, type OfficeDeps } from './office';

export interface Io {
  out(line: string): void;
  err(line: string): void;
}

export const USAGE = `usage:
  escalate procedure validate <file>
  escalate procedure show <id|file>
  escalate due --from <ISO-8601> (--working-days N | --hours N) [--nation england-and-wales|scotland|northern-ireland] [--json]
  escalate timeline --procedure <id|file> --start <ISO-8601> [--nation …] [--imminent-risk] [--json]
  escalate directory validate <file.json|file.csv>
  escalate directory import <file.json|file.csv>      (into the Cosmos account in COSMOS_ENDPOINT)
  escalate sweep --once                               (fire due reminders and deadlines once)
  escalate report [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--format table|json|csv] [--partnership <id>]
  escalate audit export (--case <reference> | --from YYYY-MM-DD --to YYYY-MM-DD) [--format jsonl|csv]
  escalate audit verify [--json]                      (exit 1 when any case's chain is broken)
  escalate procedure publish <file> [--partnership <id>]
  escalate directory export [--format json|csv]
  (commands that read or write cases use the Cosmos account in COSMOS_ENDPOINT and PARTNERSHIP_ID)`;

class UsageError extends Error {}
class InputError extends Error {}

export async function runCli(argv: string[], io: Io, deps?: Partial<OfficeDeps>): Promise<number> {
  try {
    return await dispatch(argv, io, deps ?? {});
  } catch (e) {
    if (e instanceof UsageError || e instanceof OfficeUsageError) {
      io.err(`escalate: ${e.message}`);
      io.err(USAGE);
      return 2;
    }
    io.err(`escalate: ${(e as Error).message}`);
    return 1;
  }
}

async function dispatch(argv: string[], io: Io, deps: Partial<OfficeDeps>): Promise<number> {
  const [group, verb, ...rest] = argv;
  if (group === 'procedure' && verb === 'validate') return procedureValidate(rest, io);
  if (group === 'procedure' && verb === 'show') return procedureShow(rest, io);
  if (group === 'due') return due(argv.slice(1), io);
  if (group === 'timeline') return timeline(argv.slice(1), io);
  if (group === undefined || group === 'help' || group === '--help') {
    io.out(USAGE);
    return group === undefined ? 2 : 0;
  }
  const { runMore, configuredStore } = await import('./more');
  const { runOffice } = await import('./office');
  const office = await runOffice(argv, io, {
    store: deps.store ?? configuredStore,
    partnershipId: deps.partnershipId ?? loadConfig().PARTNERSHIP_ID,
    now: deps.now ?? (() => new Date()),
  });
  if (office !== null) return office;
  const code = await runMore(argv, io);
  if (code === null) throw new UsageError(`unknown command "${argv.join(' ')}"`);
  return code;
}

function parse<T extends ParseArgsConfig['options']>(args: string[], options: T) {
  try {
    return parseArgs({ args, options: options as NonNullable<T>, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

function loadProcedure(idOrFile: string): Procedure {
  const builtin = builtinProcedure(idOrFile);
  if (builtin) return builtin;
  const r = validateProcedureText(readText(idOrFile));
  if (!r.ok) throw new InputError(`${idOrFile} is not a valid procedure:\n  ${r.errors.join('\n  ')}`);
  return r.procedure;
}

function procedureValidate(args: string[], io: Io): number {
  const { positionals } = parse(args, {});
  if (positionals.length !== 1) throw new UsageError('procedure validate needs one file');
  const file = positionals[0]!;
  const r = validateProcedureText(readText(file));
  if (r.ok) {
    io.out(
      `OK: ${file} is "${r.procedure.title}" (${r.procedure.id} v${r.procedure.version}), ${r.procedure.stages.length} stages`,
    );
    return 0;
  }
  io.err(`${file}: ${r.errors.length} problem${r.errors.length === 1 ? '' : 's'}`);
  for (const e of r.errors) io.err(`  ${e}`);
  return 1;
}

function procedureShow(args: string[], io: Io): number {
  const { positionals } = parse(args, {});
  if (positionals.length !== 1) throw new UsageError('procedure show needs a procedure id or file');
  for (const line of describeProcedure(loadProcedure(positionals[0]!))) io.out(line);
  return 0;
}

function nationOf(v: unknown): Nation {
  if (v === undefined) return 'england-and-wales';
  if (typeof v === 'string' && (NATIONS as readonly string[]).includes(v)) return v as Nation;
  throw new UsageError(`--nation must be one of ${NATIONS.join(', ')}`);
}

function instantOf(v: unknown, flag: string): Date {
  const d = typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v) ? new Date(v) : new Date(NaN);
  if (Number.isNaN(d.getTime()))
    throw new UsageError(`${flag} must be an ISO-8601 instant, e.g. 2026-12-23T10:00:00Z`);
  return d;
}

function count(v: unknown, flag: string): number {
  if (typeof v !== 'string' || !/^\d+$/.test(v))
    throw new UsageError(`${flag} must be a whole number of 0 or more`);
  return Number(v);
}

function due(args: string[], io: Io): number {
  const { values } = parse(args, {
    from: { type: 'string' },
    'working-days': { type: 'string' },
    hours: { type: 'string' },
    nation: { type: 'string' },
    json: { type: 'boolean' },
  });
  const from = instantOf(values.from, '--from');
  const nation = nationOf(values.nation);
  if ((values['working-days'] === undefined) === (values.hours === undefined))
    throw new UsageError('give exactly one of --working-days, --hours');
  const x =
    values.hours !== undefined
      ? explainHours(from, count(values.hours, '--hours'), nation)
      : explainWorkingDays(from, count(values['working-days'], '--working-days'), nation);
  if (values.json) {
    io.out(
      JSON.stringify(
        {
          from: from.toISOString(),
          due: x.due.toISOString(),
          dueLondon: formatLondon(x.due),
          nation,
          rule: x.rule,
          startedOnNonWorkingDay: x.startedOnNonWorkingDay,
          skipped: x.skipped,
        },
        null,
        2,
      ),
    );
  } else io.out(x.due.toISOString());
  return 0;
}

function timeline(args: string[], io: Io): number {
  const { values } = parse(args, {
    procedure: { type: 'string' },
    start: { type: 'string' },
    nation: { type: 'string' },
    'imminent-risk': { type: 'boolean' },
    json: { type: 'boolean' },
  });
  if (typeof values.procedure !== 'string') throw new UsageError('--procedure is required');
  const base = loadProcedure(values.procedure);
  const procedure = values.nation === undefined ? base : { ...base, nation: nationOf(values.nation) };
  const rows = timelineIfNobodyActs(procedure, instantOf(values.start, '--start'), {
    imminentRisk: values['imminent-risk'] === true,
  });
  if (values.json) {
    io.out(JSON.stringify(rows, null, 2));
    return 0;
  }
  io.out(`${procedure.title} — if nobody acts (${procedure.nation}, times in Europe/London)`);
  const width = Math.max(...rows.map((r) => r.stage.length));
  for (const r of rows)
    io.out(`${formatLondon(new Date(r.at)).padEnd(24)}  ${r.stage.padEnd(width)}  ${r.what}`);
  return 0;
}
