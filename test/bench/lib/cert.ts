/**
 * A fresh self-signed certificate for 127.0.0.1, so a Cosmos-compatible server in another process can be
 * reached by the unmodified store code (openStore with COSMOS_ENDPOINT) trusting it via NODE_EXTRA_CA_CERTS —
 * certificate checks stay on. (The embedded server's bundled certificate expired in 2021.)
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

export interface CertFiles {
  cert: string;
  key: string;
}

export function makeCert(dir: string): CertFiles {
  const cert = path.join(dir, 'cosmos-cert.pem');
  const key = path.join(dir, 'cosmos-key.pem');
  if (existsSync(cert) && existsSync(key)) return { cert, key };
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '2',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      key,
      '-out',
      cert,
    ],
    { stdio: 'ignore' },
  );
  return { cert, key };
}
