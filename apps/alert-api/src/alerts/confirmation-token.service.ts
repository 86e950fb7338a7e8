import { createHmac, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { ApiError } from '../common/api.error';
import { ALERTS_SETTINGS, type AlertsSettings } from './alerts.settings';

export const CONFIRM_INTENTS = ['activate', 'publish_update', 'resolve', 'cancel'] as const;
export type ConfirmIntent = (typeof CONFIRM_INTENTS)[number];

/** What a preview showed, bound into the token the publishing command must bring back. */
export interface ConfirmationClaims {
  alertId: string;
  intent: ConfirmIntent;
  /** The version that would go out, and its content hash. */
  version: number;
  contentHash: string;
  channels: string[];
  /**
   * The partner systems the operator chose in the preview (activation only),
   * sorted: the activation must name the same ones, as it must the channels.
   */
  partners?: string[];
  /** The domain's confirmationDigest of exactly that: the transition compares it again. */
  digest: string;
  /** The person who saw the preview. */
  userId: string;
  /** Epoch seconds. */
  exp: number;
}

const VERSION_TAG = 'ca1';

/**
 * Signed, expiring confirmation tokens: `ca1.<payload>.<HMAC-SHA256>`,
 * base64url. The signature makes the digest inside trustworthy (the client
 * cannot mint one for what it did not preview); the expiry makes an old
 * preview worthless; the domain then checks the digest against what would be
 * published now, so a token of another version is refused.
 */
@Injectable()
export class ConfirmationTokenService {
  constructor(@Inject(ALERTS_SETTINGS) private readonly settings: AlertsSettings) {}

  issue(claims: Omit<ConfirmationClaims, 'exp'>, now: Date): { token: string; expiresAt: Date } {
    const exp = Math.floor(now.getTime() / 1000) + this.settings.confirmationTtlSeconds;
    const payload = Buffer.from(JSON.stringify({ ...claims, exp })).toString('base64url');
    const body = `${VERSION_TAG}.${payload}`;
    return { token: `${body}.${this.sign(body)}`, expiresAt: new Date(exp * 1000) };
  }

  /**
   * The claims of a token for this alert, intent and person, valid at `now`;
   * refusals say what to do (preview again).
   */
  verify(
    token: string,
    expected: { alertId: string; intent: ConfirmIntent; userId: string },
    now: Date,
  ): ConfirmationClaims {
    const claims = this.decode(token);
    if (!claims) {
      throw ApiError.badRequest(
        'invalid_confirmation',
        'confirmationToken is not a token the preview returned: preview the alert and use its confirmationToken',
      );
    }
    if (claims.exp * 1000 <= now.getTime()) {
      throw ApiError.conflict(
        'confirmation_expired',
        `the preview expired at ${new Date(claims.exp * 1000).toISOString()}: preview again and confirm what you see`,
      );
    }
    if (claims.alertId !== expected.alertId) {
      throw ApiError.conflict(
        'stale_confirmation',
        'the confirmation was given for another alert: preview this alert and confirm it',
      );
    }
    if (claims.intent !== expected.intent) {
      throw ApiError.conflict(
        'stale_confirmation',
        `the confirmation was given to ${claims.intent.replace('_', ' ')}, not to ${expected.intent.replace('_', ' ')}: preview with intent=${expected.intent}`,
      );
    }
    if (claims.userId !== expected.userId) {
      throw ApiError.forbidden(
        'the confirmation belongs to the person who saw the preview: preview it yourself',
      );
    }
    return claims;
  }

  private decode(token: string): ConfirmationClaims | undefined {
    const parts = token.split('.');
    if (parts.length !== 3 || parts[0] !== VERSION_TAG) return undefined;
    const body = `${parts[0]}.${parts[1]}`;
    const expected = Buffer.from(this.sign(body));
    const given = Buffer.from(parts[2]);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    try {
      const claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as ConfirmationClaims;
      return typeof claims.exp === 'number' && typeof claims.digest === 'string' ? claims : undefined;
    } catch {
      return undefined;
    }
  }

  private sign(body: string): string {
    return createHmac('sha256', this.settings.confirmationSecret).update(body).digest('base64url');
  }
}
