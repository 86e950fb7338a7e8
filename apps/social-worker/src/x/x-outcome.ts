import { type SendOutcome, SendOutcomes } from '@childalert/delivery';
import { ApiRequestError, ApiResponseError } from 'twitter-api-v2';

/** X refused a request for sure (an HTTP answer): a post that failed this way was not made. */
export function isDefiniteRefusal(error: unknown): boolean {
  return error instanceof ApiResponseError;
}

/** X's "You are not allowed to create a Tweet with duplicate content." */
export function isDuplicateContent(error: unknown): boolean {
  return (
    error instanceof ApiResponseError &&
    error.code === 403 &&
    /duplicate content/i.test(JSON.stringify(error.data ?? ''))
  );
}

/** Not found (a post deleted already): a delete has nothing left to do. */
export function isNotFound(error: unknown): boolean {
  return error instanceof ApiResponseError && error.code === 404;
}

/**
 * What a failed X request means for the delivery runtime:
 * - 429: everyone waits until the reset X reports (the 15-minute window),
 *   no attempt used; the account's 24-hour cap at X is a dead letter, as our
 *   own daily cap is (waiting hours would hold every other send and ending);
 * - 5xx, network errors: X is unavailable, everyone waits with backoff;
 * - 401/403/400 and other answers: this post will never succeed (dead letter).
 */
export function outcomeOfXError(error: unknown, what: string, now = Date.now()): SendOutcome {
  if (error instanceof ApiResponseError) {
    const status = error.code;
    if (error.rateLimitError) {
      const day = error.rateLimit?.userDay?.remaining === 0 ? error.rateLimit.userDay : undefined;
      if (day !== undefined) {
        // The account's 24-hour cap at X: waiting would hold every send for hours (see the daily cap).
        const minutes = Math.ceil(Math.max(0, day.reset * 1000 - now) / 60_000);
        return SendOutcomes.permanent(
          `${what}: X's 24-hour post cap of the account (${day.limit}) reached, resets in ${minutes} min: not posted`,
        );
      }
      const retryAfterMs = resetOf(error) * 1000 - now;
      return SendOutcomes.transient(`${what}: X rate limit (429)`, {
        scope: 'provider',
        retryAfterMs: Math.max(1_000, retryAfterMs),
      });
    }
    if (status >= 500) return SendOutcomes.transient(`${what}: X answered ${status}`, { scope: 'provider' });
    return SendOutcomes.permanent(`${what}: X refused with ${status}: ${detailOf(error)}`);
  }
  if (error instanceof ApiRequestError) {
    return SendOutcomes.transient(`${what}: X unreachable: ${causeOf(error)}`, {
      scope: 'provider',
    });
  }
  return SendOutcomes.transient(`${what}: ${error instanceof Error ? error.message : String(error)}`);
}

/** Epoch seconds when posting is allowed again, 60 s from now when X did not say. */
function resetOf(error: ApiResponseError): number {
  const limit = error.rateLimit;
  const header = Number(error.headers?.['x-rate-limit-reset']);
  const resets = [
    limit?.reset,
    limit?.day?.remaining === 0 ? limit.day.reset : undefined,
    Number.isFinite(header) ? header : undefined,
  ].filter((value): value is number => value !== undefined && Number.isFinite(value) && value > 0);
  return resets.length > 0 ? Math.max(...resets) : Math.ceil(Date.now() / 1000) + 60;
}

function detailOf(error: ApiResponseError): string {
  const data = error.data as { detail?: string; title?: string; errors?: { message?: string }[] } | undefined;
  const text = data?.detail ?? data?.errors?.[0]?.message ?? data?.title ?? error.message;
  return String(text).slice(0, 200);
}

/**
 * The network error under an ApiRequestError. twitter-api-v2 1.29 stores it
 * as `error` but its `requestError` getter reads `requestError` (undefined).
 */
function causeOf(error: ApiRequestError): string {
  const options = (error as unknown as { _options?: { error?: unknown; requestError?: unknown } })._options;
  const cause = options?.requestError ?? options?.error;
  return cause instanceof Error ? cause.message : error.message;
}
