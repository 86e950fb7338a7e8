import { appConfigSchema } from '@childalert/config';
import type { z } from 'zod';

/** social-worker's configuration: the settings every app shares (config/src/base.config.ts), plus its own. */
export const socialWorkerConfigSchema = appConfigSchema('social-worker', {});

export type SocialWorkerConfig = z.output<typeof socialWorkerConfigSchema>;
