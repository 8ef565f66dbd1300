/**
 * While installed, every TCP/TLS connection to anything but loopback is refused inside the process before it
 * leaves (no DNS look-up, no packet) and recorded, so a test can show the app reached nothing else.
 */
import net from 'node:net';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

export interface Guard {
  /** Hosts something tried to connect to, in order. */
  readonly refused: string[];
  restore(): void;
}

export function loopbackOnly(): Guard {
  const proto = net.Socket.prototype as unknown as { connect: (...args: unknown[]) => net.Socket };
  const original = proto.connect;
  const refused: string[] = [];
  proto.connect = function (this: net.Socket, ...args: unknown[]) {
    const host = hostOf(args);
    if (host === null || LOOPBACK.has(host)) return original.apply(this, args);
    refused.push(host);
    const error = Object.assign(new Error(`connection to ${host} refused by the test`), {
      code: 'ECONNREFUSED',
    });
    process.nextTick(() => this.destroy(error));
    return this;
  };
  return {
    refused,
    restore: () => {
      proto.connect = original;
    },
  };
}

/** The host a connect call is for; null for a local (IPC) socket. Node's default host is localhost. */
function hostOf(args: unknown[]): string | null {
  const first = Array.isArray(args[0]) ? (args[0] as unknown[])[0] : args[0];
  if (first && typeof first === 'object') {
    const o = first as { host?: string; path?: string };
    if (o.path) return null;
    return (o.host ?? 'localhost').toLowerCase();
  }
  if (typeof first === 'string') return null; // connect(path)
  return typeof args[1] === 'string' ? args[1].toLowerCase() : 'localhost';
}
