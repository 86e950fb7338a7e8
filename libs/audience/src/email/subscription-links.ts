import { SubscriptionTokenSigner } from '../tokens/subscription-token.signer';

export interface SubscriptionLinkOptions {
  /** alert-api's public base URL, without a trailing slash. */
  publicBaseUrl: string;
  signingSecret: string;
}

export const CONFIRM_PATH = '/v1/subscriptions/email/confirm';
export const UNSUBSCRIBE_PATH = '/v1/subscriptions/email/unsubscribe';

/** The header fields RFC 2369 and RFC 8058 (one-click) ask for, in every e-mail to a subscriber. */
export interface ListUnsubscribeHeaders {
  'List-Unsubscribe': string;
  'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click';
}

/** The two header fields for an unsubscribe URL (https, as RFC 8058 requires in production). */
export function listUnsubscribeHeaders(unsubscribeUrl: string): ListUnsubscribeHeaders {
  return {
    'List-Unsubscribe': `<${unsubscribeUrl}>`,
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
  };
}

/**
 * The signed links of e-mail subscriptions. The e-mail worker builds one with
 * the same base URL and secret as alert-api and calls `headersFor(id)` for
 * every message (and `unsubscribeUrl(id)` for the link in the body).
 */
export class SubscriptionLinks {
  readonly signer: SubscriptionTokenSigner;
  private readonly base: string;

  constructor(options: SubscriptionLinkOptions, now?: () => Date) {
    this.base = options.publicBaseUrl.replace(/\/+$/, '');
    this.signer = new SubscriptionTokenSigner(options.signingSecret, now);
  }

  confirmUrl(subscriptionId: string, nonce: string, expiresAt: Date): string {
    const token = this.signer.confirmToken({ subscriptionId, nonce, expiresAt });
    return `${this.base}${CONFIRM_PATH}?token=${token}`;
  }

  unsubscribeUrl(subscriptionId: string): string {
    return `${this.base}${UNSUBSCRIBE_PATH}?token=${this.signer.unsubscribeToken({ subscriptionId })}`;
  }

  headersFor(subscriptionId: string): ListUnsubscribeHeaders {
    return listUnsubscribeHeaders(this.unsubscribeUrl(subscriptionId));
  }
}
