import { appConfigSchema } from '@childalert/config';
import type { z } from 'zod';

/** alert-api's configuration: the settings every app shares (config/src/base.config.ts), plus its own. */
export const alertApiConfigSchema = appConfigSchema('alert-api', {});

export type AlertApiConfig = z.output<typeof alertApiConfigSchema>;
