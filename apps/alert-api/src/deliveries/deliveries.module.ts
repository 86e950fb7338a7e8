import { type DynamicModule, Module } from '@nestjs/common';
import { DeliveryModule } from '@childalert/delivery';
import { DeliveriesController } from './deliveries.controller';
import { DELIVERIES_SETTINGS, DeliveriesService, type DeliveriesSettings } from './deliveries.service';
import { DeliveryIssuesController } from './delivery-issues.controller';
import { DeliveryIssuesRepository } from './delivery-issues.repository';
import { DeliveryReceiptsConsumer } from './delivery-receipts.consumer';

/**
 * Delivery progress in alert-api: consumes delivery.receipts.v1 and serves
 * GET /v1/alerts/{id}/deliveries and its live stream (…/deliveries/stream,
 * server-sent events). Needs PersistenceModule, MessagingModule (with the
 * app's KafkaBatchServer connected) and AuthModule in the app.
 */
@Module({})
export class DeliveriesModule {
  static forRoot(settings: Partial<DeliveriesSettings> = {}): DynamicModule {
    return {
      module: DeliveriesModule,
      imports: [DeliveryModule.forProgress()],
      controllers: [DeliveriesController, DeliveryIssuesController, DeliveryReceiptsConsumer],
      providers: [
        { provide: DELIVERIES_SETTINGS, useValue: { streamPollMs: settings.streamPollMs ?? 1_000 } },
        DeliveriesService,
        DeliveryIssuesRepository,
      ],
      exports: [DeliveriesService],
    };
  }
}
