/**
 * Every Kafka topic the system uses, versioned. No raw topic string appears
 * anywhere else: code names a Topic and the deployment's prefix is added by
 * libs/messaging (two deployments can share one broker).
 */
export enum Topic {
  AlertsLifecycle = 'alerts.lifecycle.v1',
  DispatchEmail = 'dispatch.email.v1',
  DispatchWebpush = 'dispatch.webpush.v1',
  DispatchMobile = 'dispatch.mobile.v1',
  DispatchSocial = 'dispatch.social.v1',
  DispatchBroadcast = 'dispatch.broadcast.v1',
  DispatchPartner = 'dispatch.partner.v1',
  DeliveryReceipts = 'delivery.receipts.v1',
  PartnersInbound = 'partners.inbound.v1',
}

export const CHANNELS = ['email', 'webpush', 'mobile', 'social', 'broadcast', 'partner'] as const;
export type Channel = (typeof CHANNELS)[number];

export const DISPATCH_TOPIC: Record<Channel, Topic> = {
  email: Topic.DispatchEmail,
  webpush: Topic.DispatchWebpush,
  mobile: Topic.DispatchMobile,
  social: Topic.DispatchSocial,
  broadcast: Topic.DispatchBroadcast,
  partner: Topic.DispatchPartner,
};

/** The dead-letter topic of a topic: `dispatch.email.v1` → `dispatch.email.dlq.v1`. */
export function deadLetterTopicOf(topic: Topic): string {
  return topic.replace(/\.(v\d+)$/, '.dlq.$1');
}

export const ALL_TOPICS: readonly Topic[] = Object.values(Topic);
