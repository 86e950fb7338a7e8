import { createHmac, timingSafeEqual } from 'node:crypto';
import { AudienceError, AudienceErrorCode } from '../errors/audience.error';

/**
 * Signed links for e-mail subscribers, so a link is all a person needs:
 *
 *   confirm:     v1.c.<subscription id>.<nonce>.<expiry, epoch seconds>.<mac>
 *   unsubscribe: v1.u.<subscription id>.<mac>
 *
 * mac = HMAC-SHA256(secret, "childalert subscription link\n" + everything
 * before it), base64url. The purpose is inside the signed part, so an
 * unsubscribe token never confirms and the reverse. Nothing in a token is
 * secret (no address); only the mac cannot be forged. Unsubscribe links do
 * not expire: RFC 8058 expects a List-Unsubscribe URL in an old e-mail to work.
 */

export interface ConfirmClaims {
  subscriptionId: string;
  nonce: string;
  expiresAt: Date;
}

export interface UnsubscribeClaims {
  subscriptionId: string;
}

const DOMAIN = 'childalert subscription link\n';
const MAX_TOKEN_LENGTH = 256;
const CONFIRM = /^v1\.c\.([1-9]\d{0,18})\.([A-Za-z0-9_-]{16,64})\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/;
const UNSUBSCRIBE = /^v1\.u\.([1-9]\d{0,18})\.([A-Za-z0-9_-]{43})$/;
export const MIN_SIGNING_SECRET_LENGTH = 32;

export class SubscriptionTokenSigner {
  private readonly secret: Buffer;

  constructor(
    secret: string,
    private readonly now: () => Date = () => new Date(),
  ) {
    if (secret.length < MIN_SIGNING_SECRET_LENGTH) {
      throw new Error(
        `the subscription signing secret needs at least ${MIN_SIGNING_SECRET_LENGTH} characters`,
      );
    }
    this.secret = Buffer.from(secret, 'utf8');
  }

  confirmToken(claims: ConfirmClaims): string {
    const payload = `v1.c.${claims.subscriptionId}.${claims.nonce}.${Math.floor(claims.expiresAt.getTime() / 1000)}`;
    return `${payload}.${this.mac(payload)}`;
  }

  unsubscribeToken(claims: UnsubscribeClaims): string {
    const payload = `v1.u.${claims.subscriptionId}`;
    return `${payload}.${this.mac(payload)}`;
  }

  /** Throws LinkInvalid (altered, foreign, other purpose) or LinkExpired. */
  verifyConfirm(token: string): ConfirmClaims {
    const match = token.length <= MAX_TOKEN_LENGTH ? CONFIRM.exec(token) : null;
    if (!match || !this.signatureMatches(token, match[4])) throw invalidLink();
    const expiresAt = new Date(Number(match[3]) * 1000);
    if (expiresAt.getTime() <= this.now().getTime()) {
      throw new AudienceError(
        AudienceErrorCode.LinkExpired,
        'This confirmation link has expired. Subscribe again to get a new one.',
      );
    }
    return { subscriptionId: match[1], nonce: match[2], expiresAt };
  }

  /** Throws LinkInvalid. */
  verifyUnsubscribe(token: string): UnsubscribeClaims {
    const match = token.length <= MAX_TOKEN_LENGTH ? UNSUBSCRIBE.exec(token) : null;
    if (!match || !this.signatureMatches(token, match[2])) throw invalidLink();
    return { subscriptionId: match[1] };
  }

  private mac(payload: string): string {
    return createHmac('sha256', this.secret).update(DOMAIN).update(payload).digest('base64url');
  }

  private signatureMatches(token: string, given: string): boolean {
    const payload = token.slice(0, token.length - given.length - 1);
    const expected = Buffer.from(this.mac(payload), 'utf8');
    const actual = Buffer.from(given, 'utf8');
    return expected.length === actual.length && timingSafeEqual(expected, actual);
  }
}

function invalidLink(): AudienceError {
  return new AudienceError(
    AudienceErrorCode.LinkInvalid,
    'This link is not valid: it may have been cut or altered. Copy the whole link from the e-mail.',
  );
}
