import { appConfigSchema } from '@childalert/config';
import type { z } from 'zod';

/** webpush-worker's configuration: the settings every app shares (config/src/base.config.ts), plus its own. */
export const webpushWorkerConfigSchema = appConfigSchema('webpush-worker', {});

export type WebpushWorkerConfig = z.output<typeof webpushWorkerConfigSchema>;
