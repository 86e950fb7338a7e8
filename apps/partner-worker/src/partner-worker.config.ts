import { appConfigSchema } from '@childalert/config';
import type { z } from 'zod';

/** partner-worker's configuration: the settings every app shares (config/src/base.config.ts), plus its own. */
export const partnerWorkerConfigSchema = appConfigSchema('partner-worker', {});

export type PartnerWorkerConfig = z.output<typeof partnerWorkerConfigSchema>;
