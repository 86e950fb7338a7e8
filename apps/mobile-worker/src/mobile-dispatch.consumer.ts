import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { Topic } from '@childalert/contracts';
import { DeliveryRunner } from '@childalert/delivery';
import { ConsumeBatch, type ConsumedMessage } from '@childalert/messaging';

/** dispatch.mobile.v1 → the delivery runtime with the FCM adapter. */
@Controller()
export class MobileDispatchConsumer {
  constructor(private readonly runner: DeliveryRunner) {}

  @ConsumeBatch(Topic.DispatchMobile)
  async handle(@Payload() messages: ConsumedMessage<Topic.DispatchMobile>[]): Promise<void> {
    await this.runner.deliver(messages.map((message) => message.value));
  }
}
