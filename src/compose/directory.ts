/** The partnership's directory at start (loaded into the embedded store, or checked in a real one), and a short cache of it. */
import { demoDirectory, readDirectoryFile } from '../app/directoryFile';
import type { DirectoryStore } from '../app/ports';
import type { Config } from '../config';
import type { Directory } from '../domain/directory';
import type { Logger } from '../log';

export async function loadDirectory(
  config: Config,
  store: { embedded: boolean; directory: DirectoryStore },
  log: Logger,
): Promise<void> {
  if (store.embedded) {
    const dir = config.DIRECTORY_FILE ? readDirectoryFile(config.DIRECTORY_FILE) : demoDirectory();
    if (dir.partnership.id !== config.PARTNERSHIP_ID)
      throw new Error(
        `the directory is for partnership "${dir.partnership.id}", but PARTNERSHIP_ID is "${config.PARTNERSHIP_ID}"`,
      );
    await store.directory.save(dir);
    log.info(
      { event: 'directoryLoaded', people: dir.people.length, agencies: dir.agencies.length },
      'directory loaded into the embedded store',
    );
  } else if (!(await store.directory.load(config.PARTNERSHIP_ID))) {
    throw new Error(
      `no directory stored for partnership "${config.PARTNERSHIP_ID}": run "escalate directory import <file>" first`,
    );
  }
}

export type DirectoryCache = ((id: string) => Promise<Directory>) & { forget(id: string): void };

/** Directory reads are frequent and changes rare: cache briefly (the store stays the source of truth). */
export function directoryCache(directories: Pick<DirectoryStore, 'load'>, ttlMs = 30_000): DirectoryCache {
  const cache = new Map<string, { at: number; dir: Promise<Directory> }>();
  const load = (id: string) => {
    const hit = cache.get(id);
    if (hit && Date.now() - hit.at < ttlMs) return hit.dir;
    const dir = directories.load(id).then((d) => {
      if (!d) throw new Error(`no directory for partnership ${id}`);
      return d;
    });
    dir.catch(() => cache.delete(id));
    cache.set(id, { at: Date.now(), dir });
    return dir;
  };
  return Object.assign(load, { forget: (id: string) => void cache.delete(id) });
}
