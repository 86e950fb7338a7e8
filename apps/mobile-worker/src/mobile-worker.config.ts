import { appConfigSchema } from '@childalert/config';
import type { z } from 'zod';

/** mobile-worker's configuration: the settings every app shares (config/src/base.config.ts), plus its own. */
export const mobileWorkerConfigSchema = appConfigSchema('mobile-worker', {});

export type MobileWorkerConfig = z.output<typeof mobileWorkerConfigSchema>;
