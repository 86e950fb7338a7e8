import { createECDH, createPrivateKey, createPublicKey } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** A VAPID identity (RFC 8292): P-256 key pair as unpadded base64url, and the contact push services see. */
export interface VapidKeys {
  /** 65-byte uncompressed point: the browser's applicationServerKey. */
  publicKey: string;
  /** 32-byte private scalar. */
  privateKey: string;
  subject: string;
}

/**
 * The worker's VAPID keys: from configuration when set; otherwise (never in
 * production, the config refuses it) loaded from `keyFile`, generated and
 * saved there on first start, so that alert-api serves the same public key
 * to browsers and subscriptions survive restarts.
 */
export function resolveVapidKeys(options: {
  publicKey: string;
  privateKey: string;
  subject: string;
  keyFile: string;
}): VapidKeys & { source: 'config' | 'file' | 'generated' } {
  if (options.publicKey !== '') {
    const keys = { publicKey: options.publicKey, privateKey: options.privateKey, subject: options.subject };
    assertKeyPair(keys);
    return { ...keys, source: 'config' };
  }
  const stored = readKeyFile(options.keyFile);
  if (stored) return { ...stored, subject: options.subject, source: 'file' };
  const generated = generateVapidKeyPair();
  mkdirSync(path.dirname(path.resolve(options.keyFile)), { recursive: true });
  try {
    // `wx`: when alert-api (or another worker) wrote it first, theirs wins.
    writeFileSync(options.keyFile, `${JSON.stringify(generated, null, 2)}\n`, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const theirs = readKeyFile(options.keyFile);
    if (theirs) return { ...theirs, subject: options.subject, source: 'file' };
    throw error;
  }
  return { ...generated, subject: options.subject, source: 'generated' };
}

export function generateVapidKeyPair(): { publicKey: string; privateKey: string } {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  return {
    publicKey: ecdh.getPublicKey().toString('base64url'),
    // getPrivateKey may drop leading zero bytes: VAPID wants exactly 32.
    privateKey: Buffer.from(ecdh.getPrivateKey('hex').padStart(64, '0'), 'hex').toString('base64url'),
  };
}

function readKeyFile(file: string): { publicKey: string; privateKey: string } | undefined {
  let raw: string;
  try {
    raw = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const parsed = JSON.parse(raw) as { publicKey?: unknown; privateKey?: unknown };
  if (typeof parsed.publicKey !== 'string' || typeof parsed.privateKey !== 'string')
    throw new Error(`${file}: expected {"publicKey": "...", "privateKey": "..."}`);
  const keys = { publicKey: parsed.publicKey, privateKey: parsed.privateKey };
  assertKeyPair(keys);
  return keys;
}

/** Throws unless the two halves are one valid P-256 key pair. */
export function assertKeyPair(keys: { publicKey: string; privateKey: string }): void {
  const point = Buffer.from(keys.publicKey, 'base64url');
  const scalar = Buffer.from(keys.privateKey, 'base64url');
  if (point.length !== 65 || point[0] !== 0x04)
    throw new Error('VAPID public key: expected a 65-byte P-256 point');
  if (scalar.length !== 32) throw new Error('VAPID private key: expected 32 bytes');
  const jwk = {
    kty: 'EC',
    crv: 'P-256',
    x: point.subarray(1, 33).toString('base64url'),
    y: point.subarray(33).toString('base64url'),
  };
  createPublicKey({ key: jwk, format: 'jwk' });
  // The private key must be the public key's: importing both together checks it.
  createPrivateKey({ key: { ...jwk, d: scalar.toString('base64url') }, format: 'jwk' });
  const ecdh = createECDH('prime256v1');
  ecdh.setPrivateKey(scalar);
  if (!ecdh.getPublicKey().equals(point))
    throw new Error('VAPID keys: the private key does not match the public key');
}
