import { createECDH } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The VAPID public key browsers subscribe with (applicationServerKey): from
 * VAPID_PUBLIC_KEY, or outside production from the key file the web push
 * worker uses (generated here first if alert-api starts before it; `wx`
 * makes whoever writes first win, and both read the same pair).
 */
export function resolveVapidPublicKey(options: {
  publicKey: string;
  keyFile: string;
  production: boolean;
}): string | undefined {
  if (options.publicKey !== '') return options.publicKey;
  // Production keys are never generated: unset, web push is off (the route says so).
  if (options.production) return undefined;
  const existing = readPublicKey(options.keyFile);
  if (existing !== undefined) return existing;
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  const pair = {
    publicKey: ecdh.getPublicKey().toString('base64url'),
    privateKey: Buffer.from(ecdh.getPrivateKey('hex').padStart(64, '0'), 'hex').toString('base64url'),
  };
  mkdirSync(path.dirname(path.resolve(options.keyFile)), { recursive: true });
  try {
    writeFileSync(options.keyFile, `${JSON.stringify(pair, null, 2)}\n`, { flag: 'wx', mode: 0o600 });
    return pair.publicKey;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const theirs = readPublicKey(options.keyFile);
    if (theirs === undefined) throw error;
    return theirs;
  }
}

function readPublicKey(file: string): string | undefined {
  let raw: string;
  try {
    raw = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const { publicKey } = JSON.parse(raw) as { publicKey?: unknown };
  if (typeof publicKey !== 'string' || Buffer.from(publicKey, 'base64url').length !== 65)
    throw new Error(`${file}: no 65-byte publicKey`);
  return publicKey;
}
