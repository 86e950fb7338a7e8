import { z } from 'zod';

export const ALERT_EVENT_TYPES = ['activated', 'updated', 'resolved', 'cancelled', 'expired'] as const;
export type AlertEventType = (typeof ALERT_EVENT_TYPES)[number];

/** Key: alertId. One event per published alert version. */
export const alertLifecycleEventSchema = z.object({
  eventId: z.string().uuid(),
  alertId: z.string().uuid(),
  version: z.number().int().positive(),
  type: z.enum(ALERT_EVENT_TYPES),
  occurredAt: z.string().datetime({ offset: true }),
  exercise: z.boolean(),
  /** The CAP identifier of the message this version was published as. */
  capIdentifier: z.string().min(1),
});
export type AlertLifecycleEvent = z.infer<typeof alertLifecycleEventSchema>;
