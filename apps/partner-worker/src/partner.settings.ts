import { readFileSync } from 'node:fs';
import type { CapSigningKey } from '@childalert/cap';
import { developmentSigningIdentity } from './development-signing-identity';
import { outboundApiKeysOf, type PartnerWorkerConfig } from './partner-worker.config';

/** What the partner adapter needs, read once at start. */
export interface PartnerSettings {
  signingKey: CapSigningKey;
  /** Country → the key their inbound endpoint expects from us. */
  outboundApiKeys: Record<string, string>;
  ca?: string;
  timeoutMs: number;
  inlinePhotoMaxBytes: number;
  allowPrivateEndpoints: boolean;
  capSender: string;
}

export const PARTNER_SETTINGS = Symbol('PARTNER_SETTINGS');

export function partnerSettingsOf(config: PartnerWorkerConfig): PartnerSettings {
  const { keyFile, certFile } =
    config.PARTNER_SIGNING_KEY_FILE === ''
      ? developmentSigningIdentity(config.PARTNER_DEV_SIGNING_DIR)
      : { keyFile: config.PARTNER_SIGNING_KEY_FILE, certFile: config.PARTNER_SIGNING_CERT_FILE };
  return {
    signingKey: {
      privateKeyPem: readFileSync(keyFile, 'utf8'),
      certificatePem: readFileSync(certFile, 'utf8'),
    },
    outboundApiKeys: outboundApiKeysOf(config),
    ...(config.PARTNER_CA_FILE ? { ca: readFileSync(config.PARTNER_CA_FILE, 'utf8') } : {}),
    timeoutMs: config.PARTNER_REQUEST_TIMEOUT_MS,
    inlinePhotoMaxBytes: config.PARTNER_INLINE_PHOTO_MAX_BYTES,
    allowPrivateEndpoints: config.ALLOW_PRIVATE_ENDPOINTS,
    capSender: config.CAP_SENDER,
  };
}
