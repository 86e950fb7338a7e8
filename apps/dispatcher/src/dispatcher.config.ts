import { appConfigSchema } from '@childalert/config';
import type { z } from 'zod';

/** dispatcher's configuration: the settings every app shares (config/src/base.config.ts), plus its own. */
export const dispatcherConfigSchema = appConfigSchema('dispatcher', {});

export type DispatcherConfig = z.output<typeof dispatcherConfigSchema>;
