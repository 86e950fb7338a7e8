import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { Topic } from '@childalert/contracts';
import { DeliveryRunner } from '@childalert/delivery';
import { ConsumeBatch, type ConsumedMessage, ConsumeMessage } from '@childalert/messaging';
import { InboundAckService } from './inbound-ack.service';

/** dispatch.partner.v1 → the delivery runtime with the partner adapter; partners.inbound.v1 → receipts to partners. */
@Controller()
export class PartnerConsumers {
  constructor(
    private readonly runner: DeliveryRunner,
    private readonly acks: InboundAckService,
  ) {}

  @ConsumeBatch(Topic.DispatchPartner)
  async deliver(@Payload() messages: ConsumedMessage<Topic.DispatchPartner>[]): Promise<void> {
    await this.runner.deliver(messages.map((message) => message.value));
  }

  @ConsumeMessage(Topic.PartnersInbound)
  async acknowledge(@Payload() message: ConsumedMessage<Topic.PartnersInbound>): Promise<void> {
    await this.acks.acknowledge(message.value);
  }
}
