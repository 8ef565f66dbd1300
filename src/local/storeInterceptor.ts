/**
 * Test-only: the embedded store with a switchable interceptor in front of its server, to inject store faults.
 * Production never loads this module (src/local/ is for the local start and the tests).
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { openStore, type Store, type StoreOptions } from '../store/cosmos';

/** Sees every request before the server does, and answers it itself or calls `pass()` (the data stays in the server either way). */
export type Interceptor = (req: IncomingMessage, res: ServerResponse, pass: () => void) => void;

/** A store whose embedded server can be intercepted (`embeddedIntercept` is absent on a real account). */
export type InterceptableStore = Store & {
  /** Put an interceptor in front of the embedded server (null removes it). */
  embeddedIntercept?: (interceptor: Interceptor | null) => void;
};

/** Route `server`'s requests through a slot that an interceptor can fill. */
export function interceptRequests(server: Server): (interceptor: Interceptor | null) => void {
  // the server rebuilds its in-memory account whenever it starts listening, so faults are injected in front
  // of its handler rather than by stopping it
  const handlers = server.listeners('request') as ((req: IncomingMessage, res: ServerResponse) => void)[];
  let interceptor: Interceptor | null = null;
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const pass = () => handlers.forEach((h) => h(req, res));
    if (interceptor) interceptor(req, res, pass);
    else pass();
  });
  return (i) => {
    interceptor = i;
  };
}

/** Open the store as `openStore` does; when it is the embedded one, with an interceptor slot in front of it. */
export async function openInterceptableStore(opts: StoreOptions = {}): Promise<InterceptableStore> {
  let intercept: ((interceptor: Interceptor | null) => void) | undefined;
  const store = await openStore({
    ...opts,
    onEmbeddedServer: (server) => {
      opts.onEmbeddedServer?.(server);
      intercept = interceptRequests(server);
    },
  });
  return Object.assign(store, { embeddedIntercept: intercept });
}
