import { createPublicKey } from 'node:crypto';
import { lookup as dnsLookup } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';

/**
 * What a user may register as a push endpoint (ARCHITECTURE "Ports and
 * names"): https on a public address, unless ALLOW_PRIVATE_ENDPOINTS admits
 * loopback and plain http for tests and local demos.
 *
 * This checks the URL as written (no DNS here: a lookup at subscribe time
 * proves nothing about the address at send time). Workers that send to
 * registered URLs should also refuse non-public addresses at connect time,
 * with `isPublicAddress` in their agent's `lookup`.
 */

export const MAX_ENDPOINT_LENGTH = 2048;

const NON_PUBLIC = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  NON_PUBLIC.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96],
  ['64:ff9b:1::', 48],
  ['100::', 64],
  ['2001::', 23],
  ['2001:db8::', 32],
  ['2002::', 16],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  NON_PUBLIC.addSubnet(network, prefix, 'ipv6');
}

const PRIVATE_NAME_SUFFIXES = ['.localhost', '.local', '.internal', '.home.arpa', '.lan', '.intranet'];

/** Whether an IP address (v4, v6, v4-mapped v6) is routable on the public internet. */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  return !NON_PUBLIC.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/**
 * A DNS lookup for agents that send to registered endpoints: keeps only
 * public addresses, and fails with ENOTPUBLIC when none is left, so a public
 * name pointed inside after registration is caught at connect time.
 */
export const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, '', 0);
    const usable = addresses.filter((a) => isPublicAddress(a.address));
    if (usable.length === 0) {
      const refused = Object.assign(new Error(`${hostname} resolves to no public address`), {
        code: 'ENOTPUBLIC',
      });
      return callback(refused, '', 0);
    }
    if (options.all) return (callback as unknown as (e: null, a: typeof usable) => void)(null, usable);
    callback(null, usable[0].address, usable[0].family);
  });
};

/** A message naming what is wrong with an endpoint URL, or undefined when it may be registered. */
export function endpointProblem(
  raw: string,
  options: { allowPrivateEndpoints: boolean },
  field = 'subscription.endpoint',
): string | undefined {
  if (raw.length > MAX_ENDPOINT_LENGTH) return `${field} is longer than ${MAX_ENDPOINT_LENGTH} characters`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return `${field} is not a URL`;
  }
  const allowed = options.allowPrivateEndpoints ? ['https:', 'http:'] : ['https:'];
  if (!allowed.includes(url.protocol)) return `${field} must be an https URL`;
  if (url.username !== '' || url.password !== '') return `${field} must not carry a user name or password`;
  if (options.allowPrivateEndpoints) return undefined;
  const host = url.hostname.toLowerCase().replace(/\.$/, '');
  const literal = host.startsWith('[') ? host.slice(1, -1) : host;
  if (isIP(literal) !== 0) {
    return isPublicAddress(literal) ? undefined : `${field} must be on a public address, not ${literal}`;
  }
  if (
    host === 'localhost' ||
    !host.includes('.') ||
    PRIVATE_NAME_SUFFIXES.some((suffix) => host.endsWith(suffix))
  ) {
    return `${field} must be on a public host name, not ${host}`;
  }
  return undefined;
}

const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

/** base64url (or base64) to bytes, strictly; undefined when it is not that. */
function decodeBase64(value: string): Buffer | undefined {
  if (!BASE64.test(value)) return undefined;
  const normalised = value.replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
  if (normalised.length % 4 === 1) return undefined;
  return Buffer.from(normalised, 'base64url');
}

export type PushKeysResult = { p256dh: string; auth: string } | { problem: string };

/**
 * Checks a PushSubscription's keys (RFC 8291): `p256dh` an uncompressed
 * P-256 point (65 bytes, 0x04, on the curve), `auth` 16 bytes. Returns them
 * as unpadded base64url, the form stored and handed to web push.
 */
export function checkPushKeys(p256dh: string, auth: string, field = 'subscription.keys'): PushKeysResult {
  const point = decodeBase64(p256dh);
  if (!point || point.length !== 65 || point[0] !== 0x04) {
    return {
      problem: `${field}.p256dh must be the browser's P-256 public key: 65 bytes (uncompressed point), base64url`,
    };
  }
  try {
    createPublicKey({
      key: {
        kty: 'EC',
        crv: 'P-256',
        x: point.subarray(1, 33).toString('base64url'),
        y: point.subarray(33).toString('base64url'),
      },
      format: 'jwk',
    });
  } catch {
    return { problem: `${field}.p256dh is not a point on the P-256 curve` };
  }
  const secret = decodeBase64(auth);
  if (!secret || secret.length !== 16) {
    return { problem: `${field}.auth must be the 16-byte authentication secret, base64url` };
  }
  return { p256dh: point.toString('base64url'), auth: secret.toString('base64url') };
}

export const FCM_TOKEN_PATTERN = /^[A-Za-z0-9_:.-]{20,4096}$/;
