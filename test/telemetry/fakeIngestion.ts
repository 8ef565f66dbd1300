/**
 * A local fake of the Application Insights ingestion endpoint (Breeze) on 127.0.0.1: records every POST to
 * `/v2.1/track`, plain or gzip'd, as the exporter sends it, and answers that everything was accepted. The exporter
 * only speaks HTTPS (it rewrites an `http://` IngestionEndpoint to `https://`), so the fake serves a fresh
 * self-signed certificate for 127.0.0.1, which this process trusts for the fake's port only (`trust()`);
 * certificate checks stay on and the app's code is not changed.
 */
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { gunzipSync, inflateSync } from 'node:zlib';
import { makeCert } from '../bench/lib/cert';

/** One telemetry item as the exporter sends it. */
export interface Envelope {
  name: string; // e.g. Microsoft.ApplicationInsights.Request
  iKey?: string;
  tags?: Record<string, string>;
  data: { baseType: string; baseData: Record<string, any> };
}

export interface Post {
  path: string;
  encoding: string;
  /** The body as received (before decompression), and as text after it. */
  raw: Buffer;
  text: string;
}

export const TEST_IKEY = '00000000-0000-0000-0000-000000000000';

export class FakeIngestion {
  readonly posts: Post[] = [];
  private server: Server | undefined;
  private cert = '';
  private port = 0;
  url = '';

  async start(): Promise<void> {
    const dir = mkdtempSync(path.join(tmpdir(), 'escalate-ingestion-'));
    const files = makeCert(dir);
    this.cert = readFileSync(files.cert, 'utf8');
    const key = readFileSync(files.key, 'utf8');
    rmSync(dir, { recursive: true, force: true });
    this.server = createServer({ cert: this.cert, key }, (req, res) => {
      void body(req).then(
        (raw) => {
          const encoding = String(req.headers['content-encoding'] ?? '').toLowerCase();
          const text = decode(raw, encoding).toString('utf8');
          this.posts.push({ path: req.url ?? '', encoding, raw, text });
          const items = req.method === 'POST' && /\/v2(\.1)?\/track$/.test(req.url ?? '') ? count(text) : 0;
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ itemsReceived: items, itemsAccepted: items, errors: [] }));
        },
        () => res.destroy(),
      );
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    this.url = `https://127.0.0.1:${this.port}/`;
  }

  /** Trust the fake's certificate for TLS connections to its port, until the returned function is called. */
  trust(): () => void {
    const original = tls.connect;
    const { port, cert } = this;
    const patched = function (this: unknown, ...args: unknown[]) {
      const o = args[0] as { host?: string; port?: number | string } | undefined;
      if (o && typeof o === 'object' && Number(o.port) === port && o.host === '127.0.0.1')
        args[0] = { ...o, ca: [cert] };
      return (original as (...a: unknown[]) => tls.TLSSocket).apply(this, args);
    };
    (tls as { connect: unknown }).connect = patched;
    return () => {
      (tls as { connect: unknown }).connect = original;
    };
  }

  get connectionString(): string {
    return `InstrumentationKey=${TEST_IKEY};IngestionEndpoint=${this.url}`;
  }

  /** Every telemetry item received so far. */
  envelopes(): Envelope[] {
    return this.posts.filter((p) => /\/track$/.test(p.path)).flatMap((p) => parse(p.text));
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server = undefined;
  }
}

function body(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** gzip by header or by its magic bytes (0x1f 0x8b); deflate by header. */
function decode(raw: Buffer, encoding: string): Buffer {
  if (encoding === 'gzip' || (raw[0] === 0x1f && raw[1] === 0x8b)) return gunzipSync(raw);
  if (encoding === 'deflate') return inflateSync(raw);
  return raw;
}

/** A JSON array of envelopes, or newline-delimited JSON (the older format). */
function parse(text: string): Envelope[] {
  const trimmed = text.trim();
  if (!trimmed) return [];
  if (trimmed.startsWith('[')) return JSON.parse(trimmed) as Envelope[];
  return trimmed.split('\n').map((line) => JSON.parse(line) as Envelope);
}

function count(text: string): number {
  try {
    return parse(text).length;
  } catch {
    return 0;
  }
}
