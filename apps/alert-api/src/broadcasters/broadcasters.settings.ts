import type { AlertApiConfig } from '../alert-api.config';
import { publicBaseUrlOf } from '../alert-api.config';

/** What the broadcaster routes need from alert-api's configuration. */
export interface BroadcastersSettings {
  /** ALLOW_PRIVATE_ENDPOINTS: loopback and http webhook URLs (tests, local demos). */
  allowPrivateEndpoints: boolean;
  publicBaseUrl: string;
  capSenderName: string;
  timeZone: string;
  /** How long an ended alert's closure stays in the feed (FEED_ENDED_HOURS). */
  feedEndedHours: number;
  /** How long the old signing secret still signs after a rotation. */
  secretOverlapMs: number;
}

export const BROADCASTERS_SETTINGS = Symbol('BROADCASTERS_SETTINGS');

export function broadcastersSettingsOf(config: AlertApiConfig): BroadcastersSettings {
  return {
    allowPrivateEndpoints: config.ALLOW_PRIVATE_ENDPOINTS,
    publicBaseUrl: publicBaseUrlOf(config),
    capSenderName: config.CAP_SENDER_NAME,
    timeZone: config.ALERT_TIME_ZONE,
    feedEndedHours: config.FEED_ENDED_HOURS,
    secretOverlapMs: 24 * 3_600_000,
  };
}
