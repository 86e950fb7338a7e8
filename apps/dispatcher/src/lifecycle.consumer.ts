import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { Topic } from '@childalert/contracts';
import { ConsumeMessage, type ConsumedMessage } from '@childalert/messaging';
import { DispatchService } from './dispatch.service';

/** One alert event at a time, in order per alert (the topic is keyed by alert id). */
@Controller()
export class LifecycleConsumer {
  constructor(private readonly dispatch: DispatchService) {}

  @ConsumeMessage(Topic.AlertsLifecycle)
  async onLifecycleEvent(@Payload() message: ConsumedMessage<Topic.AlertsLifecycle>): Promise<void> {
    await this.dispatch.dispatch(message.value);
  }
}
