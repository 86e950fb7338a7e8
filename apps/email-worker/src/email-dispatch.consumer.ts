import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { Topic } from '@childalert/contracts';
import { DeliveryRunner } from '@childalert/delivery';
import { ConsumeBatch, type ConsumedMessage } from '@childalert/messaging';

/** dispatch.email.v1 → the delivery runtime with the e-mail adapter. */
@Controller()
export class EmailDispatchConsumer {
  constructor(private readonly runner: DeliveryRunner) {}

  @ConsumeBatch(Topic.DispatchEmail)
  async handle(@Payload() messages: ConsumedMessage<Topic.DispatchEmail>[]): Promise<void> {
    await this.runner.deliver(messages.map((message) => message.value));
  }
}
