import { readFileSync } from 'node:fs';
import type { ServiceAccount } from 'firebase-admin/app';
import type { MobileWorkerConfig } from './mobile-worker.config';

/** Where the worker's FCM credential comes from. */
export type FcmCredentialSource =
  | { kind: 'service-account'; serviceAccount: ServiceAccount & { projectId?: string } }
  /** Development without credentials: the worker runs, every mobile send fails as not configured. */
  | { kind: 'none' }
  /** Tests only (refused in production by the config schema): see fcm-test-receiver.ts. */
  | { kind: 'test-receiver'; url: URL; ca: string; accessToken: string; connections: number };

/** What the mobile channel needs from the worker's configuration, resolved once at start. */
export interface MobileSettings {
  projectId: string;
  credential: FcmCredentialSource;
  publicBaseUrl: string;
  timeZone: string;
  androidChannelId: string;
  batchSize: number;
  quotaBackoffMs: number;
  closureTtlSeconds: number;
}

export const MOBILE_SETTINGS = Symbol('MOBILE_SETTINGS');

export function mobileSettingsOf(config: MobileWorkerConfig): MobileSettings {
  const credential = credentialOf(config);
  const projectId =
    config.FCM_PROJECT_ID !== ''
      ? config.FCM_PROJECT_ID
      : credential.kind === 'service-account'
        ? (credential.serviceAccount.projectId ?? '')
        : '';
  return {
    projectId,
    credential,
    publicBaseUrl: config.PUBLIC_BASE_URL.replace(/\/+$/, ''),
    timeZone: config.ALERT_TIME_ZONE,
    androidChannelId: config.FCM_ANDROID_CHANNEL_ID,
    batchSize: config.FCM_BATCH_SIZE,
    quotaBackoffMs: config.FCM_QUOTA_BACKOFF_MS,
    closureTtlSeconds: config.FCM_CLOSURE_TTL_SECONDS,
  };
}

function credentialOf(config: MobileWorkerConfig): FcmCredentialSource {
  if (config.FCM_TEST_RECEIVER_URL !== '') {
    return {
      kind: 'test-receiver',
      url: new URL(config.FCM_TEST_RECEIVER_URL),
      ca: readFileSync(config.FCM_TEST_RECEIVER_CA_FILE, 'utf8'),
      accessToken: config.FCM_TEST_ACCESS_TOKEN,
      connections: config.FCM_TEST_CONNECTIONS,
    };
  }
  const json =
    config.FCM_SERVICE_ACCOUNT_JSON !== ''
      ? config.FCM_SERVICE_ACCOUNT_JSON
      : config.GOOGLE_APPLICATION_CREDENTIALS !== ''
        ? readFileSync(config.GOOGLE_APPLICATION_CREDENTIALS, 'utf8')
        : undefined;
  if (json === undefined) return { kind: 'none' };
  const key = JSON.parse(json) as { project_id?: string; client_email?: string; private_key?: string };
  if (typeof key.client_email !== 'string' || typeof key.private_key !== 'string')
    throw new Error('FCM service account key: expected client_email and private_key');
  return {
    kind: 'service-account',
    serviceAccount: {
      clientEmail: key.client_email,
      privateKey: key.private_key,
      ...(key.project_id !== undefined ? { projectId: key.project_id } : {}),
    },
  };
}
