import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { Topic } from '@childalert/contracts';
import { DeliveryRunner } from '@childalert/delivery';
import { ConsumeBatch, type ConsumedMessage } from '@childalert/messaging';

/** dispatch.social.v1 → the delivery runtime with the X adapter. */
@Controller()
export class SocialDispatchConsumer {
  constructor(private readonly runner: DeliveryRunner) {}

  @ConsumeBatch(Topic.DispatchSocial)
  async handle(@Payload() messages: ConsumedMessage<Topic.DispatchSocial>[]): Promise<void> {
    await this.runner.deliver(messages.map((message) => message.value));
  }
}
