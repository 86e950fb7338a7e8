import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG } from '@childalert/config';
import {
  type AlertLifecycleEvent,
  type Channel,
  DISPATCH_TOPIC,
  type DispatchBatch,
} from '@childalert/contracts';
import { DeliveryLedger, DeliveryPlans, isEndingEvent } from '@childalert/delivery';
import { MessageProducer } from '@childalert/messaging';
import { ProcessedEventsRepository } from '@childalert/persistence';
import type { DispatcherConfig } from './dispatcher.config';
import { type DispatchTarget, DispatchTargetReader } from './recipients/dispatch-target.reader';
import type { AudienceStream, Recipients } from './recipients/recipient-source';
import { RecipientSources } from './recipients/recipient-sources';

interface OutgoingBatch {
  key: string;
  value: DispatchBatch;
}

const CONSUMER = 'dispatcher';
/** Dispatch batches sent to the broker per request. */
const BATCHES_PER_SEND = 20;

export type DispatchOutcome =
  | { outcome: 'dispatched'; planned: Partial<Record<Channel, number>> }
  | { outcome: 'skipped'; reason: string };

/**
 * Turns one published alert version into dispatch batches per channel. A
 * version that starts or updates an alert goes to the subscribers of its area
 * and languages; one that ends it goes to everyone the alert reached or may
 * have reached (the delivery ledger), whatever their area now, so that
 * everyone who got the alert gets its end.
 *
 * A redelivered event (the dispatcher killed mid fan-out) is dispatched again
 * from the start: batch ids are deterministic and the workers' ledger makes
 * repeats harmless. Once a fan-out completes, the event id is recorded and a
 * later duplicate (an outbox replay) is skipped.
 */
@Injectable()
export class DispatchService {
  private readonly logger = new Logger(DispatchService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: DispatcherConfig,
    private readonly targets: DispatchTargetReader,
    private readonly sources: RecipientSources,
    private readonly ledger: DeliveryLedger,
    private readonly plans: DeliveryPlans,
    private readonly producer: MessageProducer,
    private readonly processed: ProcessedEventsRepository,
  ) {}

  async dispatch(event: AlertLifecycleEvent): Promise<DispatchOutcome> {
    if (await this.processed.has(CONSUMER, event.eventId)) {
      return { outcome: 'skipped', reason: `event ${event.eventId} was dispatched before` };
    }
    const target = await this.targets.read(event.alertId, event.version);
    if (target === undefined) {
      // The outbox commits with the publication, so this is a replay of a version erased after
      // the retention period: there is nothing left to send, and nothing may be sent.
      return { outcome: 'skipped', reason: `alert ${event.alertId} v${event.version} is no longer held` };
    }
    const planned: Partial<Record<Channel, number>> = {};
    // Channels side by side: a national web push audience must not hold back the first e-mail.
    await Promise.all(
      target.channels.map(async (channel) => {
        const audience = await this.audienceOf(event, target, channel);
        if (audience === undefined) {
          this.logger.warn(
            `alert ${event.alertId} v${event.version}: channel ${channel} has no recipient source`,
          );
          return;
        }
        planned[channel] = await this.dispatchChannel(event, channel, audience);
      }),
    );
    await this.processed.claim(CONSUMER, event.eventId);
    this.logger.log(
      `alert ${event.alertId} v${event.version} ${event.type}: planned ${JSON.stringify(planned)}`,
    );
    return { outcome: 'dispatched', planned };
  }

  private async audienceOf(
    event: AlertLifecycleEvent,
    target: DispatchTarget,
    channel: Channel,
  ): Promise<AudienceStream | undefined> {
    const batchSize = this.config.DISPATCH_BATCH_SIZE;
    if (isEndingEvent(event.type)) {
      return () => this.ledger.streamReachedRecipients(channel, event.alertId, { batchSize });
    }
    return this.sources.sourceFor(channel)?.audienceOf({ channel, event, target, batchSize });
  }

  private async dispatchChannel(
    event: AlertLifecycleEvent,
    channel: Channel,
    audience: AudienceStream,
  ): Promise<number> {
    // Counted first, so that progress knows what "done" means before the first batch leaves.
    let planned = 0;
    for await (const recipients of audience()) planned += recipients.length;
    await this.plans.record({
      alertId: event.alertId,
      version: event.version,
      channel,
      eventType: event.type,
      planned,
    });
    let sequence = 0;
    let pending: OutgoingBatch[] = [];
    for await (const recipients of audience()) {
      // Key alertId:shard (ARCHITECTURE.md): one alert's batches spread over every partition.
      pending.push({
        key: `${event.alertId}:${sequence}`,
        value: this.batchOf(event, channel, sequence, recipients),
      });
      sequence += 1;
      if (pending.length === BATCHES_PER_SEND) {
        await this.send(channel, pending);
        pending = [];
      }
    }
    await this.send(channel, pending);
    return planned;
  }

  private batchOf(
    event: AlertLifecycleEvent,
    channel: Channel,
    sequence: number,
    recipients: Recipients,
  ): DispatchBatch {
    return {
      batchId: `${event.alertId}:v${event.version}:${channel}:${sequence}`,
      alertId: event.alertId,
      version: event.version,
      eventType: event.type,
      channel,
      recipients: recipients.map(({ id, language }) => ({ id, language })),
    };
  }

  private async send(channel: Channel, batches: OutgoingBatch[]): Promise<void> {
    if (batches.length === 0) return;
    await this.producer.publish(DISPATCH_TOPIC[channel], batches);
  }
}
