import { type SendOutcome, SendOutcomes } from '@childalert/delivery';
import type { PartnerPostResult } from './partner-http.client';

/**
 * A partner's answer as a delivery outcome. 2xx (a duplicate included: the
 * receiver recognises sender, identifier and sent) is delivered. A refusal of
 * the message itself (400, 401, 403, 409, 413, 422) will not change by
 * trying again. Anything that says the system is away or busy (no answer,
 * 408, 429, 5xx) pauses every send to partners without using attempts, so a
 * partner down for a while gets the message once it is back.
 */
export function outcomeOf(result: PartnerPostResult): SendOutcome {
  if (result.kind === 'unreachable') return SendOutcomes.transient(result.reason, { scope: 'provider' });
  const { status } = result;
  if (status >= 200 && status < 300) return SendOutcomes.delivered();
  const reason = `partner answered ${status}: ${result.body.slice(0, 300)}`;
  if (status === 408 || status === 429 || status >= 500)
    return SendOutcomes.transient(reason, {
      scope: 'provider',
      ...(result.retryAfterMs !== undefined ? { retryAfterMs: result.retryAfterMs } : {}),
    });
  return SendOutcomes.permanent(reason);
}
