import { existsSync } from 'node:fs';
import { appConfigSchema, env } from '@childalert/config';
import { deliveryConfigShape } from '@childalert/delivery';
import { z } from 'zod';

const schema = appConfigSchema('partner-worker', {
  ...deliveryConfigShape,
  /** Our CAP signing identity: an RSA private key and its X.509 certificate (PEM files). */
  PARTNER_SIGNING_KEY_FILE: env.optionalString(''),
  PARTNER_SIGNING_CERT_FILE: env.optionalString(''),
  /** Outside production, where a self-signed development identity is kept when the two above are unset. */
  PARTNER_DEV_SIGNING_DIR: env.string('.data/partner-signing'),
  /**
   * The API keys each partner gave us for its inbound endpoint, as JSON
   * `{"BG":"…","RO":"…"}` (a secret: from the environment, never the database).
   */
  PARTNER_OUTBOUND_API_KEYS: env.optionalString('{}'),
  /** Extra CA certificates (PEM file) trusted for partners' HTTPS endpoints (tests, private PKIs). */
  PARTNER_CA_FILE: env.optionalString(''),
  PARTNER_REQUEST_TIMEOUT_MS: env.int({ default: 10_000, min: 100, max: 120_000 }),
  /** Photos up to this size travel inside the CAP message (derefUri), so partners need not fetch them. */
  PARTNER_INLINE_PHOTO_MAX_BYTES: env.int({ default: 300_000, min: 0, max: 700_000 }),
  /** CAP sender of this deployment (as alert-api's CAP_SENDER): the sender of our acknowledgements. */
  CAP_SENDER: env.string('alerts@childalert.example'),
});

const apiKeysSchema = z.record(z.string().regex(/^[A-Z]{2}$/), z.string().min(1));

export const partnerWorkerConfigSchema = schema.superRefine((config, ctx) => {
  const issue = (variable: string, message: string) =>
    ctx.addIssue({ code: 'custom', path: [variable], message });
  const unset = config.PARTNER_SIGNING_KEY_FILE === '' && config.PARTNER_SIGNING_CERT_FILE === '';
  for (const variable of ['PARTNER_SIGNING_KEY_FILE', 'PARTNER_SIGNING_CERT_FILE'] as const) {
    if (config[variable] === '') {
      // Development makes its own identity when both are unset (development-signing-identity.ts).
      if (config.NODE_ENV === 'production' || !unset)
        issue(variable, 'required: partner messages are always signed');
    } else if (!existsSync(config[variable])) issue(variable, `no such file: ${config[variable]}`);
  }
  if (config.PARTNER_CA_FILE !== '' && !existsSync(config.PARTNER_CA_FILE))
    issue('PARTNER_CA_FILE', `no such file: ${config.PARTNER_CA_FILE}`);
  try {
    if (!apiKeysSchema.safeParse(JSON.parse(config.PARTNER_OUTBOUND_API_KEYS)).success)
      issue('PARTNER_OUTBOUND_API_KEYS', 'expected JSON like {"BG":"<key>"}: country codes to keys');
  } catch {
    issue('PARTNER_OUTBOUND_API_KEYS', 'expected JSON like {"BG":"<key>"}');
  }
  if (config.DELIVERY_LEASE_MS <= config.DELIVERY_BATCH_BUDGET_MS)
    issue('DELIVERY_LEASE_MS', 'must be longer than DELIVERY_BATCH_BUDGET_MS');
});

export type PartnerWorkerConfig = z.output<typeof partnerWorkerConfigSchema>;

export function outboundApiKeysOf(config: PartnerWorkerConfig): Record<string, string> {
  return apiKeysSchema.parse(JSON.parse(config.PARTNER_OUTBOUND_API_KEYS));
}
