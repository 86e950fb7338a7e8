import { appConfigSchema, env } from '@childalert/config';
import type { z } from 'zod';
import { socialAccountsField } from './recipients/social.recipients';

/** dispatcher's configuration: the settings every app shares (config/src/base.config.ts), plus its own. */
export const dispatcherConfigSchema = appConfigSchema('dispatcher', {
  /** Recipients per dispatch batch: one Kafka message, one unit of a worker's work. */
  DISPATCH_BATCH_SIZE: env.int({ default: 500, min: 1, max: 5000 }),
  /** The NGO's social accounts (key, language; no credentials): JSON, see social.recipients.ts. */
  SOCIAL_ACCOUNTS: socialAccountsField,
});

export type DispatcherConfig = z.output<typeof dispatcherConfigSchema>;
