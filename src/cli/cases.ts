/** `escalate sweep --once`: fire the reminders and deadlines that are due, once, from the command line. */
import { CaseService } from '../app/caseService';
import { ProcedureCatalog } from '../app/procedures';
import { loadConfig } from '../config';
import { createLogger } from '../log';
import { sweepOnce } from '../scheduler/sweep';
import type { Io } from './args';
import { configuredStore } from './store';

export async function sweep(io: Io): Promise<number> {
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
