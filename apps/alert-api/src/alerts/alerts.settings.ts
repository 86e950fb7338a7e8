import type { PhotoVariant } from '@childalert/alerts';
import { alertPageUrl } from '@childalert/alerts';

/** What the alerts module needs from alert-api's configuration, resolved once. */
export interface AlertsSettings {
  publicBaseUrl: string;
  capSender: string;
  capSenderName: string;
  timeZone: string;
  defaultExpiryHours: number;
  photoMaxBytes: number;
  documentMaxBytes: number;
  confirmationTtlSeconds: number;
  confirmationSecret: string;
  /** 0 disables the timer (tests call ExpiryJob.runOnce). */
  expiryIntervalMs: number;
  feedEndedHours: number;
  /** Days an ended alert keeps its personal data in the restricted record. */
  retentionDays: number;
  /** 0 disables the timer (tests call RetentionJob.runOnce). */
  retentionIntervalMs: number;
}

export const ALERTS_SETTINGS = Symbol('ALERTS_SETTINGS');

/** The public addresses of an alert's resources. */
export class AlertLinks {
  constructor(private readonly base: string) {}

  page(alertId: string): string {
    return alertPageUrl(this.base, alertId);
  }

  cap(alertId: string): string {
    return `${this.base}/feeds/alerts/${alertId}.cap.xml`;
  }

  photo(alertId: string, photoId: string, variant: PhotoVariant): string {
    return `${this.base}/v1/alerts/${alertId}/photos/${photoId}/${variant}`;
  }

  feed(): string {
    return `${this.base}/feeds/alerts.atom`;
  }
}
