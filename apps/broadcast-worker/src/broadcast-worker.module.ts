import { type DynamicModule, Module } from '@nestjs/common';
import { AppConfigModule } from '@childalert/config';
import { DeliveryModule, deliveryOptionsFrom, dispatchConsumerOptions } from '@childalert/delivery';
import { MessagingHealth, MessagingModule, messagingOptionsFor } from '@childalert/messaging';
import { DatabaseHealth, PersistenceModule } from '@childalert/persistence';
import { PlatformModule } from '@childalert/platform';
import { BroadcastChannelAdapter } from './broadcast-channel.adapter';
import { BroadcastChannelModule } from './broadcast-channel.module';
import { BroadcastDispatchConsumer } from './broadcast-dispatch.consumer';
import { attemptsToCover } from './broadcast-retry';
import type { BroadcastWorkerConfig } from './broadcast-worker.config';
import { broadcastSettingsOf } from './broadcast.settings';
import { ParkedBatchesRepository } from './parking/parked-batches.repository';
import { PARKING_OPTIONS, ParkingLot, type ParkingOptions } from './parking/parking-lot';

/** Delivers alerts to media broadcasters as signed webhooks (Standard Webhooks). */
@Module({})
export class BroadcastWorkerModule {
  static forRoot(config: BroadcastWorkerConfig): DynamicModule {
    const delivery = deliveryOptionsFrom(config);
    return {
      module: BroadcastWorkerModule,
      imports: [
        AppConfigModule.forRoot(config),
        PersistenceModule.forRoot({
          url: config.DATABASE_URL,
          poolSize: config.DATABASE_POOL_SIZE,
          applicationName: 'broadcast-worker',
        }),
        PlatformModule.forRoot({ app: 'broadcast-worker', readiness: [DatabaseHealth, MessagingHealth] }),
        MessagingModule.forRoot(messagingOptionsFor(config, { consumer: dispatchConsumerOptions(config) })),
        DeliveryModule.forChannel({
          adapter: { useExisting: BroadcastChannelAdapter },
          imports: [BroadcastChannelModule.forRoot(broadcastSettingsOf(config))],
          options: {
            ...delivery,
            // Retried for the whole window (a day by default), however the backoff is set.
            maxAttempts: attemptsToCover(config.BROADCAST_RETRY_WINDOW_MS, delivery.backoff!),
          },
        }),
      ],
      controllers: [BroadcastDispatchConsumer],
      providers: [
        {
          provide: PARKING_OPTIONS,
          useValue: {
            parkAfterMs: config.BROADCAST_PARK_AFTER_MS,
            pollMs: config.BROADCAST_PARKING_POLL_MS,
            leaseMs: config.DELIVERY_LEASE_MS,
          } satisfies ParkingOptions,
        },
        ParkedBatchesRepository,
        ParkingLot,
      ],
    };
  }
}
