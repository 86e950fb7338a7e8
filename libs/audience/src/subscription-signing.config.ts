import { env } from '@childalert/config';

/**
 * Signs confirmation and unsubscribe links outside production when
 * SUBSCRIPTION_SIGNING_SECRET is unset. alert-api verifies what the e-mail
 * worker signs, so both read the secret here; production refuses to start
 * without one.
 */
export const DEVELOPMENT_SIGNING_SECRET = 'childalert-development-only-subscription-secret';

export const subscriptionSigningShape = {
  /** Signs confirmation and unsubscribe links (≥ 32 characters); the same in alert-api and the e-mail worker. */
  SUBSCRIPTION_SIGNING_SECRET: env.optionalString(''),
};

export function subscriptionSigningProblems(config: {
  NODE_ENV: string;
  SUBSCRIPTION_SIGNING_SECRET: string;
}): [string, string][] {
  if (config.NODE_ENV === 'production' && config.SUBSCRIPTION_SIGNING_SECRET === '')
    return [
      ['SUBSCRIPTION_SIGNING_SECRET', 'required in production: e-mails carry signed subscription links'],
    ];
  if (config.SUBSCRIPTION_SIGNING_SECRET !== '' && config.SUBSCRIPTION_SIGNING_SECRET.length < 32)
    return [['SUBSCRIPTION_SIGNING_SECRET', 'must be at least 32 characters']];
  return [];
}

export function subscriptionSigningSecretOf(config: { SUBSCRIPTION_SIGNING_SECRET: string }): string {
  return config.SUBSCRIPTION_SIGNING_SECRET || DEVELOPMENT_SIGNING_SECRET;
}
