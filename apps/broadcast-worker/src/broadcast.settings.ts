import { readFileSync } from 'node:fs';
import type { BroadcastWorkerConfig } from './broadcast-worker.config';

/** What the broadcast channel needs from the worker's configuration, resolved once at start. */
export interface BroadcastSettings {
  publicBaseUrl: string;
  timeZone: string;
  connectionsPerOrigin: number;
  timeoutMs: number;
  ca?: string;
  allowPrivateEndpoints: boolean;
}

export const BROADCAST_SETTINGS = Symbol('BROADCAST_SETTINGS');

export function broadcastSettingsOf(config: BroadcastWorkerConfig): BroadcastSettings {
  return {
    publicBaseUrl: config.PUBLIC_BASE_URL.replace(/\/+$/, ''),
    timeZone: config.ALERT_TIME_ZONE,
    connectionsPerOrigin: config.BROADCAST_CONNECTIONS_PER_ORIGIN,
    timeoutMs: config.BROADCAST_TIMEOUT_MS,
    ...(config.BROADCAST_CA_FILE !== '' ? { ca: readFileSync(config.BROADCAST_CA_FILE, 'utf8') } : {}),
    allowPrivateEndpoints: config.ALLOW_PRIVATE_ENDPOINTS,
  };
}
