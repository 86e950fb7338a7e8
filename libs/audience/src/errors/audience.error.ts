/**
 * What went wrong in the audience lib, as a code the HTTP layer maps to a
 * status and a message a person can act on.
 */
export const AudienceErrorCode = {
  /** The request's content is wrong (area, endpoint, keys, token form): 400. */
  InvalidSubscription: 'invalid_subscription',
  /** A signed link that was altered, belongs to another purpose or was never ours: 400. */
  LinkInvalid: 'link_invalid',
  /** A confirmation link past its expiry: 410. */
  LinkExpired: 'link_expired',
  /** A confirmation link replaced by a newer one: 410. */
  LinkSuperseded: 'link_superseded',
  /** The subscription a link or an admin names no longer exists: 404. */
  SubscriptionNotFound: 'subscription_not_found',
  /** The mail server could not take the confirmation e-mail now: 503, try again. */
  EmailUnavailable: 'email_unavailable',
  /** The mail server refused the address for good: 400. */
  AddressRejected: 'address_rejected',
} as const;
export type AudienceErrorCode = (typeof AudienceErrorCode)[keyof typeof AudienceErrorCode];

export class AudienceError extends Error {
  constructor(
    readonly code: AudienceErrorCode,
    message: string,
    /** Seconds after which trying again makes sense (EmailUnavailable). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'AudienceError';
  }
}
