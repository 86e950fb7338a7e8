import type { AlertLifecycleEvent, Channel, DispatchBatch } from '@childalert/contracts';
import type { DispatchTarget } from './dispatch-target.reader';

export type Recipients = DispatchBatch['recipients'];

/**
 * The recipients of one version on one channel, in windows. It can be walked
 * more than once and yields the same recipients each time: the dispatcher
 * counts the plan in a first pass and sends in a second.
 */
export type AudienceStream = () => AsyncIterable<Recipients> | Iterable<Recipients>;

/**
 * Where a channel's recipients come from when a version starts or updates an
 * alert: public subscribers of the area, the NGO's social accounts, registered
 * broadcasters, partner systems. Endings need no source: they go to everyone
 * the delivery ledger shows the alert reached.
 */
export interface RecipientSource {
  audienceOf(input: AudienceInput): Promise<AudienceStream>;
}

export interface AudienceInput {
  channel: Channel;
  event: AlertLifecycleEvent;
  target: DispatchTarget;
  batchSize: number;
}

/** A stream over recipients already in memory (sources with few recipients: accounts, broadcasters, partners). */
export function streamOf(recipients: Recipients, batchSize: number): AudienceStream {
  return function* () {
    for (let start = 0; start < recipients.length; start += batchSize) {
      yield recipients.slice(start, start + batchSize);
    }
  };
}
