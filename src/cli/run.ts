/** The CLI's commands, as a route table. Exit codes: 0 ok, 1 invalid input, 2 usage. One-line errors, never a stack trace. */
import { loadConfig } from '../config';
import { UsageError, type Io } from './args';
import type { CliDeps } from './deps';
import { due, timeline } from './deadlines';
import { procedureShow, procedureValidate } from './procedure';

export type { Io } from './args';

export const USAGE = `usage:
  escalate procedure validate <file> [--directory <file.json|file.csv>]   (--directory: check the roles it names)
  escalate procedure show <id|file>
  escalate due --from <ISO-8601> (--working-days N | --hours N) [--nation england-and-wales|scotland|northern-ireland] [--json]
  escalate timeline --procedure <id|file> --start <ISO-8601> [--nation …] [--imminent-risk]
                    [--date <field>=<ISO-8601> …] [--set <field>=<N> …] [--json]
  escalate directory validate [--resolve-upn] <file.json|file.csv>   (--resolve-upn: look addresses up in Graph)
  escalate directory import [--resolve-upn] <file.json|file.csv>     (into the Cosmos account in COSMOS_ENDPOINT)
  escalate sweep --once                               (fire due reminders and deadlines once)
  escalate report [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--format table|json|csv] [--partnership <id>]
  escalate audit export (--case <reference> | --from YYYY-MM-DD --to YYYY-MM-DD) [--format jsonl|csv]
  escalate audit verify [--json]                      (exit 1 when any case's chain is broken)
  escalate procedure publish <file> [--partnership <id>]
  escalate directory export [--format json|csv]
  escalate retention [--json] [--partnership <id>]     (closed cases due for a retention decision)
  escalate retention erase --case <reference> [--id <case id>] [--yes]
                    (erase a case due for review, after the retention decision: without --yes, only says what would go)
  (commands that read or write cases use the Cosmos account in COSMOS_ENDPOINT and PARTNERSHIP_ID)`;

export type CliCommand =
  | 'help'
  | 'procedure validate'
  | 'procedure show'
  | 'procedure publish'
  | 'due'
  | 'timeline'
  | 'directory validate'
  | 'directory import'
  | 'directory export'
  | 'sweep'
  | 'report'
  | 'audit export'
  | 'audit verify'
  | 'retention';

/** What a command is run with: the whole command line (for messages) and the store, clock and partnership. */
interface CliRun {
  argv: string[];
  deps: CliDeps;
}
type Handler = (args: string[], io: Io, run: CliRun) => number | Promise<number>;

/** Commands that need no store, configuration or partnership. */
const OFFLINE: ReadonlySet<CliCommand> = new Set([
  'help',
  'procedure validate',
  'procedure show',
  'due',
  'timeline',
]);

const unknown = (argv: string[]) => new UsageError(`unknown command "${argv.join(' ')}"`);

// the store-backed commands load their modules (and the Cosmos SDK) only when run
const COMMANDS: Record<CliCommand, Handler> = {
  help: (_args, io, run) => {
    io.out(USAGE);
    return run.argv.length === 0 ? 2 : 0;
  },
  'procedure validate': (args, io) => procedureValidate(args, io),
  'procedure show': (args, io) => procedureShow(args, io),
  'procedure publish': async (args, io, run) =>
    (await import('./procedure')).procedurePublish(args, io, run.deps),
  due: (args, io) => due(args, io),
  timeline: (args, io) => timeline(args, io),
  'directory validate': async (args, io, run) =>
    (await import('./directory')).directoryValidate(args, io, run.deps),
  'directory import': async (args, io, run) =>
    (await import('./directory')).directoryImport(args, io, run.deps),
  'directory export': async (args, io, run) =>
    (await import('./directory')).directoryExport(args, io, run.deps),
  sweep: async (args, io, run) => {
    if (args.length !== 1 || args[0] !== '--once') throw unknown(run.argv);
    return (await import('./cases')).sweep(io);
  },
  report: async (args, io, run) => (await import('./report')).report(args, io, run.deps),
  'audit export': async (args, io, run) => (await import('./audit')).auditExport(args, io, run.deps),
  'audit verify': async (args, io, run) => (await import('./audit')).auditVerify(args, io, run.deps),
  retention: async (args, io, run) =>
    (await import('./retention')).retention(args, io, run.deps, loadConfig().RETENTION_REVIEW_MONTHS),
};

const isCommand = (key: string): key is CliCommand => Object.prototype.hasOwnProperty.call(COMMANDS, key);

/** The command a command line names (two words first, then one), and its arguments. */
function lookup(argv: string[]): { command: CliCommand; args: string[] } | null {
  const [group = 'help', verb] = argv;
  const two = `${group} ${verb}`;
  if (verb !== undefined && isCommand(two)) return { command: two, args: argv.slice(2) };
  const one = group === '--help' ? 'help' : group;
  return isCommand(one) ? { command: one, args: argv.slice(1) } : null;
}

export async function runCli(argv: string[], io: Io, deps?: Partial<CliDeps>): Promise<number> {
  try {
    return await dispatch(argv, io, deps ?? {});
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`escalate: ${e.message}`);
      io.err(USAGE);
      return 2;
    }
    io.err(`escalate: ${(e as Error).message}`);
    return 1;
  }
}

async function dispatch(argv: string[], io: Io, given: Partial<CliDeps>): Promise<number> {
  const found = lookup(argv);
  if (found && OFFLINE.has(found.command))
    return COMMANDS[found.command](found.args, io, { argv, deps: offline });
  // everything else may read the configuration (the partnership), even to say that the command is unknown
  const deps: CliDeps = {
    store: given.store ?? (async () => (await import('./store')).configuredStore()),
    partnershipId: given.partnershipId ?? loadConfig().PARTNERSHIP_ID,
    now: given.now ?? (() => new Date()),
    users: given.users,
  };
  if (!found) throw unknown(argv);
  return COMMANDS[found.command](found.args, io, { argv, deps });
}

/** Offline commands are never given a store. */
const offline: CliDeps = {
  store: () => Promise.reject(new Error('this command uses no store')),
  partnershipId: '',
  now: () => new Date(),
};
