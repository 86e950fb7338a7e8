/** A message that does not match its topic's schema was about to be published: a programming error. */
export class InvalidPayloadError extends Error {
  override readonly name = 'InvalidPayloadError';

  constructor(
    readonly topic: string,
    readonly index: number,
    readonly reason: string,
  ) {
    super(`message ${index} for ${topic} does not match its schema: ${reason}`);
  }
}

/**
 * Thrown by a handler that cannot work now for a reason that is not the
 * message's fault (a rate limit, a downstream asking to slow down). The
 * partition is paused for `retryAfterMs` and the same messages come again,
 * without using up one of their attempts.
 */
export class RetryLaterError extends Error {
  override readonly name = 'RetryLaterError';

  constructor(
    message: string,
    readonly retryAfterMs: number,
  ) {
    super(message);
  }
}
