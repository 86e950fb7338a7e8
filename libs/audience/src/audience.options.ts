import { MIN_SIGNING_SECRET_LENGTH } from './tokens/subscription-token.signer';

export interface AudienceModuleOptions {
  /** Where people reach alert-api from outside (links in e-mails): `https://alerts.example.org`. */
  publicBaseUrl: string;
  /** Signs confirmation and unsubscribe links (HMAC-SHA256); at least 32 characters, from a secret store. */
  signingSecret: string;
  /** ALLOW_PRIVATE_ENDPOINTS: admits loopback and plain-http push endpoints (tests, local demos). */
  allowPrivateEndpoints: boolean;
  /** Requests a client IP may make to the public subscription routes. */
  rateLimit: { perMinute: number };
  /** How long a confirmation link works (default 48). */
  confirmationTtlHours?: number;
  /** Sender of confirmation e-mails: `Child Alert <alerts@example.org>`. */
  mailFrom: string;
  /** Fewest seconds between two confirmation e-mails to one address (default 60): no mail-bombing through us. */
  confirmationResendSeconds?: number;
}

export type ResolvedAudienceOptions = Required<AudienceModuleOptions>;

export const AUDIENCE_OPTIONS = Symbol('AUDIENCE_OPTIONS');

/** Defaults filled in; throws naming every option that cannot work. */
export function resolveAudienceOptions(options: AudienceModuleOptions): ResolvedAudienceOptions {
  const problems: string[] = [];
  let base = options.publicBaseUrl;
  try {
    const url = new URL(options.publicBaseUrl);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') problems.push('publicBaseUrl must be http(s)');
    if (url.search || url.hash) problems.push('publicBaseUrl must not carry a query or fragment');
    base = url.toString().replace(/\/+$/, '');
  } catch {
    problems.push(`publicBaseUrl is not a URL: ${JSON.stringify(options.publicBaseUrl)}`);
  }
  if (options.signingSecret.length < MIN_SIGNING_SECRET_LENGTH) {
    problems.push(`signingSecret needs at least ${MIN_SIGNING_SECRET_LENGTH} characters`);
  }
  if (!Number.isInteger(options.rateLimit.perMinute) || options.rateLimit.perMinute < 1) {
    problems.push('rateLimit.perMinute must be a positive integer');
  }
  const ttl = options.confirmationTtlHours ?? 48;
  if (!(ttl > 0 && ttl <= 24 * 30)) problems.push('confirmationTtlHours must be more than 0 and at most 720');
  const resend = options.confirmationResendSeconds ?? 60;
  if (!(resend >= 0)) problems.push('confirmationResendSeconds must be 0 or more');
  if (!options.mailFrom.includes('@')) problems.push('mailFrom must hold an e-mail address');
  if (problems.length > 0) throw new Error(`AudienceModule options: ${problems.join('; ')}`);
  return {
    ...options,
    publicBaseUrl: base,
    confirmationTtlHours: ttl,
    confirmationResendSeconds: resend,
  };
}
