import { createHmac, randomBytes } from 'node:crypto';

/** Standard Webhooks secrets: `whsec_` and the base64 of the key bytes. */
export const SECRET_PREFIX = 'whsec_';
const SECRET_PATTERN = /^whsec_[A-Za-z0-9+/]+={0,2}$/;

/** A new signing secret: 32 random bytes (Standard Webhooks asks for 24 to 64). */
export function newSigningSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(32).toString('base64')}`;
}

/** The key bytes of a `whsec_` secret; throws on anything else. */
export function secretKey(secret: string): Buffer {
  if (!SECRET_PATTERN.test(secret)) throw new Error('a signing secret is `whsec_` and base64');
  return Buffer.from(secret.slice(SECRET_PREFIX.length), 'base64');
}

/**
 * The Standard Webhooks headers of one attempt: `webhook-id` (the same on
 * every attempt, so the receiver dedupes), `webhook-timestamp` (this
 * attempt's, in seconds: receivers refuse stale ones), and
 * `webhook-signature`: `v1,` + base64 HMAC-SHA256 of `id.timestamp.body`, one
 * per secret, space separated (during a rotation the old secret signs too).
 */
export function signWebhook(
  keys: readonly Buffer[],
  id: string,
  body: Buffer,
  timestampSeconds: number = Math.floor(Date.now() / 1000),
): Record<string, string> {
  const signatures = keys.map((key) => {
    const digest = createHmac('sha256', key)
      .update(`${id}.${timestampSeconds}.`, 'utf8')
      .update(body)
      .digest('base64');
    return `v1,${digest}`;
  });
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestampSeconds),
    'webhook-signature': signatures.join(' '),
  };
}
