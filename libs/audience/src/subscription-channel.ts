import type { Channel } from '@childalert/contracts';

/** The channels whose audience is a table of public subscribers. */
export const SUBSCRIPTION_CHANNELS = ['webpush', 'mobile', 'email'] as const satisfies readonly Channel[];
export type SubscriptionChannel = (typeof SUBSCRIPTION_CHANNELS)[number];

export function isSubscriptionChannel(value: unknown): value is SubscriptionChannel {
  return typeof value === 'string' && (SUBSCRIPTION_CHANNELS as readonly string[]).includes(value);
}
