import { appConfigSchema, env } from '@childalert/config';
import { subscriptionSigningProblems, subscriptionSigningShape } from '@childalert/audience';
import { deliveryConfigShape } from '@childalert/delivery';
import { smtpConfigProblems, smtpConfigShape } from '@childalert/email';
import type { z } from 'zod';

const schema = appConfigSchema('email-worker', {
  ...deliveryConfigShape,
  ...smtpConfigShape,
  /** alert-api's public address: photo, alert page and unsubscribe links. */
  PUBLIC_BASE_URL: env.optionalString('http://127.0.0.1:3000'),
  ...subscriptionSigningShape,
  /** IANA time zone of times written into alert e-mails. */
  ALERT_TIME_ZONE: env.string('UTC'),
});

export const emailWorkerConfigSchema = schema.superRefine((config, ctx) => {
  const issue = (variable: string, message: string) =>
    ctx.addIssue({ code: 'custom', path: [variable], message });
  for (const [variable, message] of [...smtpConfigProblems(config), ...subscriptionSigningProblems(config)])
    issue(variable, message);
  if (!/^https?:\/\/[^\s]+$/.test(config.PUBLIC_BASE_URL))
    issue('PUBLIC_BASE_URL', 'expected an http(s) URL such as https://amber.example.gr');
  try {
    new Intl.DateTimeFormat('en', { timeZone: config.ALERT_TIME_ZONE });
  } catch {
    issue('ALERT_TIME_ZONE', `not an IANA time zone: ${config.ALERT_TIME_ZONE}`);
  }
  if (config.DELIVERY_LEASE_MS <= config.DELIVERY_BATCH_BUDGET_MS)
    issue('DELIVERY_LEASE_MS', 'must be longer than DELIVERY_BATCH_BUDGET_MS');
});

export type EmailWorkerConfig = z.output<typeof emailWorkerConfigSchema>;
