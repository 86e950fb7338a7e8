import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A deployment's CAP signing identity: an RSA key (node:crypto) and a self-signed X.509 certificate (openssl). */
export interface SigningIdentity {
  privateKeyPem: string;
  certificatePem: string;
  /** Files holding both, for PARTNER_SIGNING_KEY_FILE / PARTNER_SIGNING_CERT_FILE. */
  keyFile: string;
  certFile: string;
  remove: () => void;
}

/** Node cannot write X.509 certificates; openssl signs one for the key node:crypto made. */
export function makeSigningIdentity(commonName: string): SigningIdentity {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const privateKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'partner-signing-'));
  const keyFile = path.join(dir, 'key.pem');
  const certFile = path.join(dir, 'cert.pem');
  writeFileSync(keyFile, privateKeyPem, { mode: 0o600 });
  execFileSync(
    'openssl',
    ['req', '-x509', '-key', keyFile, '-out', certFile, '-days', '2', '-subj', `/CN=${commonName}`],
    { stdio: 'pipe' },
  );
  return {
    privateKeyPem,
    certificatePem: readFileSync(certFile, 'utf8'),
    keyFile,
    certFile,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
