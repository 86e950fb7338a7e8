import { getVapidHeaders } from 'web-push';
import type { VapidKeys } from './vapid-keys';

interface CachedHeader {
  authorization: string;
  /** JWT `exp`, epoch seconds. */
  expiresAt: number;
  /** After this (epoch ms) a new one is signed: a tenth of the lifetime before `exp`. */
  renewAt: number;
}

/**
 * The VAPID `Authorization: vapid t=<JWT>, k=<public key>` header (RFC 8292)
 * per push-service origin, signed once and reused until shortly before its
 * expiry. web-push signs a new JWT on every call (re-parsing the key from PEM),
 * which is most of its cost per message; one JWT per origin per
 * `ttlSeconds` is all RFC 8292 asks for (`aud` is the origin, `exp` ≤ 24 h).
 */
export class VapidHeaderCache {
  private readonly headers = new Map<string, CachedHeader>();

  constructor(
    private readonly keys: VapidKeys,
    private readonly ttlSeconds: number,
    private readonly now: () => number = Date.now,
  ) {
    if (!(ttlSeconds >= 60 && ttlSeconds < 24 * 3600))
      throw new RangeError('VAPID token TTL: 60 s to under 24 h');
  }

  /** The header for requests to `origin` (`https://push.example.net`). */
  headerFor(origin: string): string {
    const now = this.now();
    const cached = this.headers.get(origin);
    if (cached !== undefined && now < cached.renewAt) return cached.authorization;
    const expiresAt = Math.floor(now / 1000) + this.ttlSeconds;
    const { Authorization } = getVapidHeaders(
      origin,
      this.keys.subject,
      this.keys.publicKey,
      this.keys.privateKey,
      'aes128gcm',
      expiresAt,
    );
    const renewAt = now + this.ttlSeconds * 900; // ms: 90 % of the lifetime
    this.headers.set(origin, { authorization: Authorization, expiresAt, renewAt });
    return Authorization;
  }

  /** Forgets an origin's header (it answered 401/403: sign a new one next time). */
  invalidate(origin: string): void {
    this.headers.delete(origin);
  }

  get size(): number {
    return this.headers.size;
  }
}
