import { createHmac, randomBytes } from 'node:crypto';
import type { AuthModuleOptions } from '@childalert/auth';
import type { AlertApiConfig } from './alert-api.config';

export interface AlertApiSecrets {
  auth: AuthModuleOptions;
  confirmationSecret: string;
  /** Warnings to log once the logger is up (never a secret). */
  notices: string[];
}

/**
 * The auth settings and secrets of one alert-api process. Outside production
 * a missing JWT_SECRET is generated for this run (tokens do not survive a
 * restart, and several instances would not accept each other's), with a
 * warning; in production the configuration already refused to start.
 */
export function secretsOf(config: AlertApiConfig): AlertApiSecrets {
  const production = config.NODE_ENV === 'production';
  const notices: string[] = [];
  let jwtSecret = config.JWT_SECRET;
  if (jwtSecret === '') {
    jwtSecret = randomBytes(32).toString('base64url');
    notices.push(
      'JWT_SECRET is not set: generated one for this run only (logins end at restart; set JWT_SECRET for anything shared)',
    );
  }
  const demoUsers = config.DEMO_USERS ?? !production;
  const auth: AuthModuleOptions = {
    jwtSecret,
    jwtTtlSeconds: config.JWT_TTL_SECONDS,
    production,
    demoUsers: {
      enabled: demoUsers,
      ...(config.DEMO_PASSWORD !== '' ? { password: config.DEMO_PASSWORD } : {}),
    },
    ...(config.FIRST_ADMIN_USERNAME !== ''
      ? { firstAdmin: { username: config.FIRST_ADMIN_USERNAME, password: config.FIRST_ADMIN_PASSWORD } }
      : {}),
  };
  // A key of its own for confirmations, derived when not given: a leaked preview token must not be a JWT key.
  const confirmationSecret =
    config.CONFIRMATION_SECRET !== ''
      ? config.CONFIRMATION_SECRET
      : createHmac('sha256', jwtSecret).update('childalert confirmation tokens v1').digest('base64url');
  return { auth, confirmationSecret, notices };
}
