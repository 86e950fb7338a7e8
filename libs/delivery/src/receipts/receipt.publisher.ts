import { Inject, Injectable } from '@nestjs/common';
import { type DeliveryReceipt, Topic } from '@childalert/contracts';
import { MessageProducer } from '@childalert/messaging';
import { DELIVERY_OPTIONS, type DeliveryOptions } from '../delivery.options';

/**
 * Publishes receipts to delivery.receipts.v1, keyed by alert id so that one
 * alert's receipts stay in order on one partition. At-least-once: a batch
 * handled again publishes its receipts again, and progress counts distinct
 * recipients.
 */
@Injectable()
export class ReceiptPublisher {
  constructor(
    private readonly producer: MessageProducer,
    @Inject(DELIVERY_OPTIONS) private readonly options: DeliveryOptions,
  ) {}

  async publish(receipts: readonly DeliveryReceipt[]): Promise<void> {
    for (let start = 0; start < receipts.length; start += this.options.receiptChunk) {
      const chunk = receipts.slice(start, start + this.options.receiptChunk);
      await this.producer.publish(
        Topic.DeliveryReceipts,
        chunk.map((receipt) => ({ key: receipt.alertId, value: receipt })),
      );
    }
  }
}
