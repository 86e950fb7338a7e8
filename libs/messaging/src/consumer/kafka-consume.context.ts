import type { Topic } from '@childalert/contracts';
import { BaseRpcContext } from '@nestjs/microservices';

/** What a handler can learn about the delivery in hand, with `@Ctx()`. */
export class KafkaConsumeContext extends BaseRpcContext<[Topic, number, number]> {
  getTopic(): Topic {
    return this.args[0];
  }

  getPartition(): number {
    return this.args[1];
  }

  /** 1 on the first delivery, more on retries of the same messages. */
  getAttempt(): number {
    return this.args[2];
  }
}
