import { Injectable } from '@nestjs/common';
import { KafkaBatchServer } from './consumer/kafka-batch.server';
import { errorMessage } from './messaging.logger';
import { TopicAdmin } from './topic-admin.service';

export interface MessagingHealthResult {
  ok: boolean;
  detail?: string;
}

/** How long readiness waits for the cluster before calling it unreachable. */
const CLUSTER_TIMEOUT_MS = 2_000;

/** For /health/ready: the cluster answers, and this app's consumer (if any) is in its group. */
@Injectable()
export class MessagingHealth {
  /** Its key in /health/ready. */
  readonly name = 'kafka';

  constructor(
    private readonly admin: TopicAdmin,
    private readonly server: KafkaBatchServer,
  ) {}

  async check(): Promise<MessagingHealthResult> {
    try {
      const cluster = await this.admin.describeCluster(CLUSTER_TIMEOUT_MS);
      if (cluster.brokers === 0) return { ok: false, detail: 'Kafka cluster has no brokers' };
    } catch (err) {
      return { ok: false, detail: `Kafka unreachable: ${errorMessage(err)}` };
    }
    const consumer = this.server.health();
    return consumer.ok ? { ok: true } : { ok: false, detail: consumer.detail };
  }
}
