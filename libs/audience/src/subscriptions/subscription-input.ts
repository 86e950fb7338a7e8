import type { SubscriberArea } from '../area/area.types';
import { toStoredArea } from '../area/subscriber-area';
import type { StoredArea } from '../area/area.types';
import { AudienceError, AudienceErrorCode } from '../errors/audience.error';
import { normaliseLanguages } from '../language/language-match';

/** Checks shared by every channel; each throws AudienceError(InvalidSubscription) naming the field. */
export function checkedLanguages(languages: readonly string[], field = 'languages'): string[] {
  const result = normaliseLanguages(languages, field);
  if ('problem' in result) throw new AudienceError(AudienceErrorCode.InvalidSubscription, result.problem);
  return result;
}

export function checkedArea(area: SubscriberArea): StoredArea {
  return toStoredArea(area, 'area');
}

const ADDRESS =
  /^[^@\s<>(),;:"[\]\\]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?)+$/;

/**
 * Trimmed and lower-cased: one row per mailbox whatever the capitals (a
 * local part is case-sensitive in theory, never in practice).
 */
export function checkedAddress(address: string, field = 'address'): string {
  const normalised = address.trim().toLowerCase();
  if (normalised.length > 254 || !ADDRESS.test(normalised)) {
    throw new AudienceError(
      AudienceErrorCode.InvalidSubscription,
      `${field} must be an e-mail address such as name@example.org`,
    );
  }
  return normalised;
}
