import type { Channel } from '@childalert/contracts';

/** Counts of one alert version on one channel (or of a channel across versions). */
export interface ProgressCounts {
  /** Recipients the dispatcher planned (0 before its plan is recorded). */
  planned: number;
  delivered: number;
  /** Dead-lettered: refused for good or out of attempts. */
  failed: number;
  /** Deliberately not sent: unsubscribed since, or the alert ended first. */
  skipped: number;
  /** Whose latest outcome is a transient failure: they will be tried again. */
  retrying: number;
  /** Planned and not yet delivered, failed or skipped (retrying included). */
  pending: number;
  firstDeliveryAt: Date | null;
  lastDeliveryAt: Date | null;
}

export interface VersionProgress extends ProgressCounts {
  version: number;
  /** From the plan; null when only receipts are known. */
  eventType: string | null;
}

export interface ChannelProgress extends ProgressCounts {
  channel: Channel;
  versions: VersionProgress[];
}

export interface AlertDeliveryProgress {
  alertId: string;
  channels: ChannelProgress[];
}
