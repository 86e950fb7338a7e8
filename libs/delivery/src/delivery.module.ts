import { type DynamicModule, Module, type Provider, type Type } from '@nestjs/common';
import { CHANNEL_ADAPTER, type ChannelAdapter } from './adapter/channel-adapter';
import { PostgresPublishedAlertSource, PUBLISHED_ALERT_SOURCE } from './alerts/published-alert.source';
import { RecipientDeadLetterPublisher } from './dead-letters/recipient-dead-letter.publisher';
import { DELIVERY_OPTIONS, type DeliveryOptions, resolveDeliveryOptions } from './delivery.options';
import { DeliveryLedger } from './ledger/delivery-ledger';
import { DeliveryPlans } from './plans/delivery-plans';
import { DeliveryProgressRepository } from './progress/delivery-progress.repository';
import { ReceiptPublisher } from './receipts/receipt.publisher';
import { DeliveryRunner } from './runner/delivery-runner';

export interface DeliveryChannelOptions {
  /** The worker's adapter class (its own dependencies injected), or a provider of CHANNEL_ADAPTER. */
  adapter: Type<ChannelAdapter> | Omit<Provider, 'provide'>;
  options?: Partial<DeliveryOptions>;
  /** Modules the adapter's dependencies come from. */
  imports?: DynamicModule['imports'];
}

/**
 * The delivery runtime for one app. Needs PersistenceModule and
 * MessagingModule (both global) in the app.
 *
 * - `forChannel({ adapter })` (a channel worker): DeliveryRunner for its
 *   `@ConsumeBatch` handler, and the ledger.
 * - `forDispatcher()`: DeliveryPlans and DeliveryLedger (the resolution's
 *   audience: `streamReachedRecipients`).
 * - `forProgress()` (alert-api): DeliveryProgressRepository and DeliveryPlans.
 */
@Module({})
export class DeliveryModule {
  static forChannel(channel: DeliveryChannelOptions): DynamicModule {
    const adapter: Provider = isClass(channel.adapter)
      ? { provide: CHANNEL_ADAPTER, useClass: channel.adapter }
      : ({ ...channel.adapter, provide: CHANNEL_ADAPTER } as Provider);
    return {
      module: DeliveryModule,
      imports: channel.imports ?? [],
      providers: [
        adapter,
        { provide: DELIVERY_OPTIONS, useValue: resolveDeliveryOptions(channel.options) },
        { provide: PUBLISHED_ALERT_SOURCE, useClass: PostgresPublishedAlertSource },
        DeliveryLedger,
        ReceiptPublisher,
        RecipientDeadLetterPublisher,
        DeliveryRunner,
      ],
      exports: [DeliveryRunner, DeliveryLedger, CHANNEL_ADAPTER, DELIVERY_OPTIONS],
    };
  }

  static forDispatcher(): DynamicModule {
    return {
      module: DeliveryModule,
      providers: [DeliveryPlans, DeliveryLedger],
      exports: [DeliveryPlans, DeliveryLedger],
    };
  }

  static forProgress(): DynamicModule {
    return {
      module: DeliveryModule,
      providers: [DeliveryProgressRepository, DeliveryPlans],
      exports: [DeliveryProgressRepository, DeliveryPlans],
    };
  }
}

function isClass(adapter: DeliveryChannelOptions['adapter']): adapter is Type<ChannelAdapter> {
  return typeof adapter === 'function';
}
