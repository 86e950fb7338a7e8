import type { SendOutcome } from '@childalert/delivery';

/** One message's answer from sendEach, as firebase-admin reports it. */
export interface FcmAnswer {
  success: boolean;
  /** `messaging/registration-token-not-registered`, `app/network-error`, … */
  code?: string;
  message?: string;
}

export interface FcmOutcomeOptions {
  /** How long every send waits after QUOTA_EXCEEDED (firebase-admin hides FCM's Retry-After). */
  quotaBackoffMs: number;
}

/**
 * What each answer of one sendEach call means for the delivery runtime.
 *
 * - UNREGISTERED, and invalid tokens: permanent, the subscription is deleted.
 * - UNAVAILABLE (after firebase-admin's own retries, which honour
 *   Retry-After), QUOTA_EXCEEDED, credential and network trouble: FCM as a
 *   whole, so every send waits and no attempt is used up.
 * - INTERNAL, a device's own rate, APNs credential trouble while other
 *   messages go through: retried with backoff for that recipient.
 *
 * INVALID_ARGUMENT and SENDER_ID_MISMATCH/PERMISSION_DENIED can blame the
 * token or us (a malformed message, a service account without the right):
 * a token is only deleted when FCM names it, or when the same notification
 * went through for another token in the same call. Otherwise a bug or a
 * misconfiguration would delete every subscriber of a national audience.
 */
export function outcomesOf(
  answers: readonly FcmAnswer[],
  /** Which prepared notification each message carried (same key = same content). */
  contentKeys: readonly unknown[],
  options: FcmOutcomeOptions,
): SendOutcome[] {
  const accepted = new Set(contentKeys.filter((_, i) => answers[i].success));
  const anyAccepted = accepted.size > 0;
  return answers.map((answer, i) =>
    outcomeOf(answer, { contentAccepted: accepted.has(contentKeys[i]), anyAccepted }, options),
  );
}

function outcomeOf(
  answer: FcmAnswer,
  evidence: { contentAccepted: boolean; anyAccepted: boolean },
  options: FcmOutcomeOptions,
): SendOutcome {
  if (answer.success) return { kind: 'delivered' };
  const code = answer.code ?? 'unknown';
  const reason = `FCM ${code}: ${(answer.message ?? '').slice(0, 300)}`;
  switch (code) {
    case 'messaging/registration-token-not-registered':
    case 'messaging/invalid-registration-token':
      return { kind: 'permanent', reason, removeSubscription: true };
    case 'messaging/invalid-argument':
      if (evidence.contentAccepted || /registration token/i.test(answer.message ?? ''))
        return { kind: 'permanent', reason, removeSubscription: true };
      // The message itself was refused: no device could get it; nobody is deleted.
      return { kind: 'permanent', reason: `message refused, not the token: ${reason}` };
    case 'messaging/mismatched-credential':
      // The token belongs to another sender while our credential works for others.
      if (evidence.anyAccepted) return { kind: 'permanent', reason, removeSubscription: true };
      return { kind: 'transient', reason: `credential refused: ${reason}`, scope: 'provider' };
    case 'messaging/third-party-auth-error':
      // APNs or web push credentials of the project: only those devices, when others got through.
      if (evidence.anyAccepted) return { kind: 'transient', reason };
      return { kind: 'transient', reason, scope: 'provider' };
    case 'messaging/server-unavailable':
    case 'messaging/authentication-error':
      return { kind: 'transient', reason, scope: 'provider' };
    case 'messaging/message-rate-exceeded':
      return { kind: 'transient', reason, scope: 'provider', retryAfterMs: options.quotaBackoffMs };
    case 'messaging/internal-error':
    case 'messaging/device-message-rate-exceeded':
      return { kind: 'transient', reason };
    case 'messaging/payload-size-limit-exceeded':
    case 'messaging/invalid-payload':
    case 'messaging/invalid-data-payload-key':
    case 'messaging/invalid-options':
      return { kind: 'permanent', reason: `message refused, not the token: ${reason}` };
    default:
      // app/network-error, app/network-timeout, app/invalid-credential (token fetch): FCM unreachable.
      if (code.startsWith('app/')) return { kind: 'transient', reason, scope: 'provider' };
      return { kind: 'transient', reason };
  }
}

/** The code and message of what firebase-admin put in a failed SendResponse or threw. */
export function answerOfError(error: unknown): FcmAnswer {
  const candidate = error as { code?: unknown; message?: unknown } | undefined;
  return {
    success: false,
    ...(typeof candidate?.code === 'string' ? { code: candidate.code } : {}),
    message: typeof candidate?.message === 'string' ? candidate.message : String(error),
  };
}
