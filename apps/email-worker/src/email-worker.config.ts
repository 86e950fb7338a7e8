import { appConfigSchema } from '@childalert/config';
import type { z } from 'zod';

/** email-worker's configuration: the settings every app shares (config/src/base.config.ts), plus its own. */
export const emailWorkerConfigSchema = appConfigSchema('email-worker', {});

export type EmailWorkerConfig = z.output<typeof emailWorkerConfigSchema>;
