/** CLI commands about the directory and the store. Returns null for an unknown command. */
import { readFileSync } from 'node:fs';
import { CaseService } from '../app/caseService';
import { parseDirectoryCsv } from '../app/directoryCsv';
import { parseDirectory } from '../app/directoryFile';
import { ProcedureCatalog } from '../app/procedures';
import { loadConfig } from '../config';
import type { Directory } from '../domain/directory';
import { createLogger } from '../log';
import { sweepOnce } from '../scheduler/sweep';
import { openStore, type Store } from '../store/cosmos';
import type { Io } from './run';

function readDirectory(file: string): { ok: true; directory: Directory } | { ok: false; errors: string[] } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    return {
      ok: false,
      errors: [`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`],
    };
  }
  if (file.toLowerCase().endsWith('.csv')) return parseDirectoryCsv(text);
  try {
    return parseDirectory(JSON.parse(text));
  } catch (e) {
    return { ok: false, errors: [`not valid JSON: ${(e as Error).message}`] };
  }
}

/** The configured store; a standalone command cannot use the embedded one (it lives inside the bot process). */
export async function configuredStore(): Promise<Store> {
  const config = loadConfig();
  if (!config.COSMOS_ENDPOINT)
    throw new Error(
      'set COSMOS_ENDPOINT (and COSMOS_KEY): the embedded store lives only inside a running bot',
    );
  return openStore({
    endpoint: config.COSMOS_ENDPOINT,
    key: config.COSMOS_KEY,
    databaseId: config.COSMOS_DATABASE,
  });
}

export async function runMore(argv: string[], io: Io): Promise<number | null> {
  const [group, verb, file, ...rest] = argv;
  if (group === 'directory' && (verb === 'validate' || verb === 'import')) {
    if (!file || rest.length) return null;
    const r = readDirectory(file);
    if (!r.ok) {
      io.err(`${file}: ${r.errors.length} problem${r.errors.length === 1 ? '' : 's'}`);
      for (const e of r.errors) io.err(`  ${e}`);
      return 1;
    }
    const d = r.directory;
    const summary = `${d.partnership.name}: ${d.agencies.length} agencies, ${d.people.length} people`;
    if (verb === 'validate') {
      io.out(`OK: ${summary}`);
      return 0;
    }
    const store = await configuredStore();
    try {
      await store.directory.save(d);
    } finally {
      await store.close();
    }
    io.out(`imported ${summary} into partnership "${d.partnership.id}"`);
    return 0;
  }
  if (group === 'sweep' && verb === '--once' && file === undefined) {
    const config = loadConfig();
    const store = await configuredStore();
    try {
      const directory = async (id: string) => {
        const dir = await store.directory.load(id);
        if (!dir) throw new Error(`no directory for partnership ${id}`);
        return dir;
      };
      const service = new CaseService({
        cases: store.cases.background,
        procedures: new ProcedureCatalog(store.settings),
        directory,
        now: () => new Date(),
      });
      const r = await sweepOnce({
        cases: store.cases.background,
        service,
        now: () => new Date(),
        instanceId: `cli-${process.pid}`,
        log: createLogger(config.LOG_LEVEL),
      });
      io.out(`swept: ${r.due} case(s) due, ${r.fired} reminder(s)/deadline(s) fired`);
      return 0;
    } finally {
      await store.close();
    }
  }
  return null;
}
