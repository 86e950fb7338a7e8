import { canonicalHash } from './canonical-json.util';
import type { AlertContent, ClosureContent } from './alert-content.types';

/**
 * The CAP identifier of one version of an alert: stable, so a re-published
 * or replayed version is recognisably the same message, and free of the
 * characters CAP forbids (space, comma, `<`, `&`).
 */
export function capIdentifierOf(alertId: string, version: number): string {
  return `urn:childalert:alert:${alertId}:v${version}`;
}

/** sha256 hex over the canonical JSON of a version's content. */
export function contentHashOf(content: AlertContent | ClosureContent): string {
  return canonicalHash(content);
}

export interface ConfirmationSubject {
  alertId: string;
  version: number;
  contentHash: string;
  channels: readonly string[];
}

/**
 * What the operator confirms: this alert, this version number, this exact
 * content, on these channels. The preview hands it out (inside a signed,
 * expiring token made by the API) and the publishing command must present it
 * again; any difference means the operator did not see what would go out.
 */
export function confirmationDigest(subject: ConfirmationSubject): string {
  return canonicalHash({
    alertId: subject.alertId,
    version: subject.version,
    contentHash: subject.contentHash,
    channels: [...subject.channels].sort(),
  });
}
