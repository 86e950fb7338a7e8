import { z } from 'zod';

/**
 * Key: partnerId. A message a partner sent in that passed every check and was
 * stored (alert-api, in the same transaction); partner-worker answers it with
 * a signed CAP Ack.
 */
export const partnerInboundEventSchema = z.object({
  /** partner_inbound_messages.id */
  messageId: z.string().uuid(),
  partnerId: z.string().uuid(),
  msgType: z.enum(['Alert', 'Update', 'Cancel']),
  sender: z.string().min(1),
  identifier: z.string().min(1),
  /** CAP `sent` as the partner wrote it. */
  sent: z.string().min(1),
  status: z.string().min(1),
  receivedAt: z.string().datetime({ offset: true }),
});
export type PartnerInboundEvent = z.infer<typeof partnerInboundEventSchema>;
