import { z } from 'zod';
import { CHANNELS } from './topics';

/** Key: `${alertId}:${shard}`. A batch of recipients of one alert version on one channel. */
export const dispatchBatchSchema = z.object({
  batchId: z.string().min(1),
  alertId: z.string().uuid(),
  version: z.number().int().positive(),
  eventType: z.string().min(1),
  channel: z.enum(CHANNELS),
  recipients: z.array(z.object({ id: z.string().min(1), language: z.string().min(2).max(8) })).min(1),
});
export type DispatchBatch = z.infer<typeof dispatchBatchSchema>;
