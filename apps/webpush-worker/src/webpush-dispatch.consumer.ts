import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { Topic } from '@childalert/contracts';
import { DeliveryRunner } from '@childalert/delivery';
import { ConsumeBatch, type ConsumedMessage } from '@childalert/messaging';

/** dispatch.webpush.v1 → the delivery runtime with the web push adapter. */
@Controller()
export class WebpushDispatchConsumer {
  constructor(private readonly runner: DeliveryRunner) {}

  @ConsumeBatch(Topic.DispatchWebpush)
  async handle(@Payload() messages: ConsumedMessage<Topic.DispatchWebpush>[]): Promise<void> {
    await this.runner.deliver(messages.map((message) => message.value));
  }
}
