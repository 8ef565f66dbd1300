/** Child processes (benchmark workers, a bot process to kill): fork a TypeScript file under tsx and call it over IPC. */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export type Api = Record<string, (arg: any) => Promise<unknown>>;

interface Request {
  id: number;
  method: string;
  arg: unknown;
}
type Reply = { id: number; result: unknown } | { id: number; error: string };

/** The parent's handle on a worker whose methods are described by `A`. */
export class Worker<A extends Api> {
  private seq = 0;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private exited = false;

  private constructor(readonly child: ChildProcess) {
    child.on('message', (m: Reply) => this.settle(m));
    child.on('exit', (code, signal) => {
      this.exited = true;
      for (const p of this.pending.values()) p.reject(new Error(`worker exited (${code ?? signal})`));
      this.pending.clear();
    });
  }

  /** Start `file` (relative to test/bench/workers, or an absolute path) with extra environment variables. */
  static start<A extends Api>(file: string, env: Record<string, string> = {}): Worker<A> {
    const entry = path.isAbsolute(file) ? file : path.join(__dirname, '..', 'bench', 'workers', file);
    const child = fork(entry, [], {
      // BENCH_PROF=<dir>: write a CPU profile of every worker there (open it in Chrome DevTools)
      execArgv: [
        '--import',
        'tsx',
        '--no-deprecation',
        ...(process.env.BENCH_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROF}`] : []),
      ],
      env: { ...process.env, ...env },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    return new Worker<A>(child);
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get alive(): boolean {
    return !this.exited;
  }

  /** Resolves when the process has exited (for whatever reason). */
  exit(): Promise<void> {
    if (this.exited) return Promise.resolve();
    return new Promise((resolve) => this.child.once('exit', () => resolve()));
  }

  /** Kill it at once (SIGKILL: no clean-up, as when a host dies) and wait until it is gone. */
  async kill(): Promise<void> {
    if (this.exited) return;
    const gone = this.exit();
    this.child.kill('SIGKILL');
    await gone;
  }

  call<K extends keyof A & string>(method: K, arg?: Parameters<A[K]>[0]): Promise<Awaited<ReturnType<A[K]>>> {
    if (this.exited) return Promise.reject(new Error(`worker has exited; cannot call ${method}`));
    const id = ++this.seq;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.child.send({ id, method, arg } satisfies Request);
    });
  }

  /** Ask the worker to stop; kill it if it has not exited within `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.send({ id: 0, method: '__stop', arg: null } satisfies Request);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }

  private settle(m: Reply): void {
    const p = this.pending.get(m.id);
    if (!p) return;
    this.pending.delete(m.id);
    if ('error' in m) p.reject(new Error(m.error));
    else p.resolve(m.result);
  }
}

/** In the worker: answer the parent's calls with `api`; `onStop` runs before the process exits. */
export function serve(api: Api, onStop: () => Promise<void> = () => Promise.resolve()): void {
  process.on('message', (m: Request) => {
    if (m.method === '__stop') {
      void onStop().finally(() => process.exit(0));
      return;
    }
    const fn = api[m.method];
    const reply = (r: Reply) => process.send?.(r);
    if (!fn) return reply({ id: m.id, error: `no method ${m.method}` });
    fn(m.arg).then(
      (result) => reply({ id: m.id, result }),
      (e: unknown) => reply({ id: m.id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) }),
    );
  });
  process.on('disconnect', () => void onStop().finally(() => process.exit(0)));
}
