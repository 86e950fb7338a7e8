import type { Channel } from '@childalert/contracts';
import type { PublishedVersion } from '../alerts/published-version';

/**
 * What one send attempt came to. `transient` may succeed later: with
 * `scope: 'provider'` the provider as a whole is unavailable or asks us to
 * slow down (SMTP 421, connection refused, HTTP 429/503 for the origin): every
 * send of the worker waits, and the recipient's attempts are not used up;
 * with `scope: 'recipient'` (the default) only this address had a problem
 * (SMTP 450 mailbox busy). `permanent` will never succeed; with
 * `removeSubscription` it also proves the address dead (hard bounce, push
 * endpoint gone, token unregistered), so the subscription is deleted.
 */
export type SendOutcome =
  | { kind: 'delivered' }
  | { kind: 'transient'; reason: string; retryAfterMs?: number; scope?: 'recipient' | 'provider' }
  | { kind: 'permanent'; reason: string; removeSubscription?: boolean };

export const SendOutcomes = {
  delivered: (): SendOutcome => ({ kind: 'delivered' }),
  transient: (
    reason: string,
    options: { retryAfterMs?: number; scope?: 'recipient' | 'provider' } = {},
  ): SendOutcome => ({ kind: 'transient', reason, ...options }),
  permanent: (reason: string, options: { removeSubscription?: boolean } = {}): SendOutcome => ({
    kind: 'permanent',
    reason,
    ...options,
  }),
};

/** One recipient of a dispatch batch with what the adapter resolved for it (address, token, endpoint). */
export interface DeliveryRecipient<Contact> {
  /** The subscription (or account, broadcaster) id from the dispatch batch. */
  id: string;
  language: string;
  contact: Contact;
}

/** Where a send belongs; `idempotencyKey` is the same for every attempt, in every process. */
export interface SendContext {
  channel: Channel;
  alertId: string;
  version: number;
  eventType: string;
  batchId: string;
  /** 1 for the first attempt of this recipient (across redeliveries). */
  attempt: number;
  /** `${channel}:${alertId}:${version}:${recipientId}`: derive provider-side dedup ids from it (Message-ID, Topic). */
  idempotencyKey: string;
}

export interface SendItem<Contact, Content> {
  recipient: DeliveryRecipient<Contact>;
  content: Content;
  context: SendContext;
}

/**
 * The one channel-specific part of a worker. The delivery runtime (ledger,
 * retries, dead letters, receipts, ordering) is shared; an adapter only knows
 * how to reach its provider. Every outside address and credential comes from
 * configuration, never from code.
 */
export interface ChannelAdapter<Contact = unknown, Content = unknown> {
  readonly channel: Channel;

  /**
   * Contact details of the given recipient ids. Ids absent from the map are
   * gone (unsubscribed since the dispatch): they are skipped, not failed.
   */
  resolveRecipients(ids: readonly string[]): Promise<ReadonlyMap<string, Contact>>;

  /**
   * The channel's content of a published version in one language, shared by
   * every recipient of that language (the runner caches it per version and
   * language); per-recipient parts (an unsubscribe link) are added in `send`.
   */
  prepare(version: PublishedVersion, language: string): Promise<Content> | Content;

  /** One attempt. Never throws for a provider's answer: maps it to an outcome (a throw counts as transient). */
  send(recipient: DeliveryRecipient<Contact>, content: Content, context: SendContext): Promise<SendOutcome>;

  /**
   * For providers that take many messages a request (FCM sendEach): one
   * outcome per item, in order. The runner groups up to `sendManyLimit`
   * ready sends into one call; without it, `send` is called per recipient.
   */
  sendMany?(items: readonly SendItem<Contact, Content>[]): Promise<SendOutcome[]>;
  /** Most items one `sendMany` call takes (default 100). */
  readonly sendManyLimit?: number;

  /** Deletes the subscription after a permanent outcome with `removeSubscription`. */
  removeSubscription?(recipientId: string): Promise<void>;
}

/** Injection token of the worker's ChannelAdapter (DeliveryModule.forChannel). */
export const CHANNEL_ADAPTER = Symbol('CHANNEL_ADAPTER');
