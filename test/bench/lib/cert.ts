/**
 * A fresh self-signed certificate for 127.0.0.1, so a Cosmos-compatible server in another process can be
 * reached by the unmodified store code (openStore with COSMOS_ENDPOINT) trusting it via NODE_EXTRA_CA_CERTS —
 * certificate checks stay on. (The embedded server's bundled certificate expired in 2021.)
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';

export interface CertFiles {
  cert: string;
  key: string;
}

export function makeCert(dir: string): CertFiles {
  const cert = path.join(dir, 'cosmos-cert.pem');
  const key = path.join(dir, 'cosmos-key.pem');
  try {
    generate(cert, key);
  } catch (e) {
    const missing = (e as NodeJS.ErrnoException).code === 'ENOENT';
    throw new Error(
      missing
        ? 'openssl not found: sections 2 and 4 need it to make a certificate (apt-get install -y openssl)'
        : `openssl could not make a certificate: ${(e as Error).message}`,
    );
  }
  return { cert, key };
}

function generate(cert: string, key: string): void {
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
}
