import { z } from 'zod';
import { CHANNELS } from './topics';

export const RECEIPT_OUTCOMES = ['delivered', 'failed', 'retried', 'skipped'] as const;
export type ReceiptOutcome = (typeof RECEIPT_OUTCOMES)[number];

/** Key: alertId. What happened to one recipient of one alert version on one channel. */
export const deliveryReceiptSchema = z.object({
  alertId: z.string().uuid(),
  version: z.number().int().positive(),
  channel: z.enum(CHANNELS),
  recipientId: z.string().min(1),
  outcome: z.enum(RECEIPT_OUTCOMES),
  reason: z.string().optional(),
  at: z.string().datetime({ offset: true }),
});
export type DeliveryReceipt = z.infer<typeof deliveryReceiptSchema>;
