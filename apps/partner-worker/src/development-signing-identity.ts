import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';

/**
 * Outside production, a partner-worker started without a signing identity
 * (`npm start`, a first look at the system) makes one: an RSA key and a
 * self-signed certificate kept in `dir`, the same on every later start.
 * Partners would never trust it; production refuses to start without a real one.
 */
export function developmentSigningIdentity(dir: string): { keyFile: string; certFile: string } {
  const keyFile = path.join(dir, 'signing-key.pem');
  const certFile = path.join(dir, 'signing-cert.pem');
  if (!existsSync(keyFile) || !existsSync(certFile)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    // Node cannot make X.509 certificates; openssl is on every machine that runs the project.
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-sha256',
        '-days',
        '365',
        '-subj',
        '/CN=childalert development signing (not for partners)',
        '-keyout',
        keyFile,
        '-out',
        certFile,
      ],
      { stdio: 'ignore' },
    );
  }
  return { keyFile, certFile };
}
