import { appConfigSchema } from '@childalert/config';
import type { z } from 'zod';

/** broadcast-worker's configuration: the settings every app shares (config/src/base.config.ts), plus its own. */
export const broadcastWorkerConfigSchema = appConfigSchema('broadcast-worker', {});

export type BroadcastWorkerConfig = z.output<typeof broadcastWorkerConfigSchema>;
