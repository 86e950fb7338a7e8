import type { AlertVersion, ContentVersion } from '@childalert/alerts';
import type { AlertEventType } from '@childalert/contracts';

/** One published version of an alert as the channel workers render it. */
export interface PublishedVersion {
  alertId: string;
  version: number;
  /** activated | updated | resolved | cancelled | expired. */
  eventType: AlertEventType;
  exercise: boolean;
  /** The content (kind 'content') or the closure (kind 'closure', no personal data). */
  alertVersion: AlertVersion;
  /** For an update: the content version published before it, to say what changed. */
  previous?: ContentVersion;
}

/** Events that end an alert: their fan-out is never held back by the alert's state. */
export const ENDING_EVENTS: readonly AlertEventType[] = ['resolved', 'cancelled', 'expired'];

export function isEndingEvent(eventType: string): boolean {
  return (ENDING_EVENTS as readonly string[]).includes(eventType);
}
