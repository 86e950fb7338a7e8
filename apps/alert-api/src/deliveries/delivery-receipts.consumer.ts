import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { Topic } from '@childalert/contracts';
import { ConsumeBatch, type ConsumedMessage } from '@childalert/messaging';
import { DeliveriesService } from './deliveries.service';

/** delivery.receipts.v1 → progress; committed once applied (idempotent under redelivery). */
@Controller()
export class DeliveryReceiptsConsumer {
  constructor(private readonly deliveries: DeliveriesService) {}

  @ConsumeBatch(Topic.DeliveryReceipts)
  async handle(@Payload() messages: ConsumedMessage<Topic.DeliveryReceipts>[]): Promise<void> {
    await this.deliveries.applyReceipts(messages.map((message) => message.value));
  }
}
