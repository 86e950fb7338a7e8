import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { Admin } from 'kafkajs';
import { createKafkaClient, messagingLogger } from './kafka-client.factory';
import { errorMessage, type MessagingLogger } from './messaging.logger';
import { MESSAGING_OPTIONS, type MessagingOptions } from './messaging.options';
import { TopicNames, type TopicSpec } from './topic-names';

const TOPICS_READY_TIMEOUT_MS = 15_000;
const NOT_YET_SERVED = new Set([
  'UNKNOWN_TOPIC_OR_PARTITION',
  'LEADER_NOT_AVAILABLE',
  'NOT_LEADER_FOR_PARTITION',
]);

export interface ClusterInfo {
  brokers: number;
  clusterId: string;
}

/**
 * Creates the deployment's topics (auto-creation is off on the broker) and
 * answers whether the cluster is reachable. Safe when several processes start
 * at once: a topic another process created first is fine.
 */
@Injectable()
export class TopicAdmin implements OnApplicationShutdown {
  private readonly names: TopicNames;
  private readonly logger: MessagingLogger;
  /** Creates topics; retries as the client does by default. */
  private readonly admin: AdminConnection;
  /** Answers health checks; no retries, so that a check tells how things are now. */
  private readonly probe: AdminConnection;
  private ensured: Promise<void> | undefined;

  constructor(@Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions) {
    this.names = new TopicNames(options);
    this.logger = messagingLogger(options);
    this.admin = new AdminConnection(() => createKafkaClient(options, this.logger).admin());
    this.probe = new AdminConnection(() => createKafkaClient(options, this.logger, { retries: 0 }).admin());
  }

  /** Creates every topic of the contracts and its dead-letter topic; once per instance when it succeeds. */
  ensureTopics(): Promise<void> {
    this.ensured ??= this.createMissingTopics().catch((err: unknown) => {
      this.ensured = undefined;
      throw err;
    });
    return this.ensured;
  }

  /** Cluster metadata within `timeoutMs`, or a rejection naming why not. */
  async describeCluster(timeoutMs: number): Promise<ClusterInfo> {
    return withTimeout(
      (async () => {
        const probe = await this.probe.connected();
        const cluster = await probe.describeCluster();
        return { brokers: cluster.brokers.length, clusterId: cluster.clusterId };
      })(),
      timeoutMs,
      `Kafka did not answer within ${timeoutMs} ms`,
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.disconnect();
  }

  async disconnect(): Promise<void> {
    await Promise.all([this.admin.disconnect(), this.probe.disconnect()]);
  }

  private async createMissingTopics(): Promise<void> {
    const admin = await this.admin.connected();
    const wanted = this.names.all();
    const existing = new Set(await admin.listTopics());
    const missing = wanted.filter((spec) => !existing.has(spec.name));
    if (missing.length > 0) {
      // Resolves false, not an error, when another process created them all first.
      const created = await admin.createTopics({
        waitForLeaders: false,
        topics: missing.map((spec) => ({
          topic: spec.name,
          numPartitions: spec.partitions,
          replicationFactor: this.options.replicationFactor ?? -1,
        })),
      });
      this.logger.info({ topics: missing.map((spec) => spec.name), created }, 'created topics');
    }
    const current = await this.waitUntilServed(admin, wanted);
    await this.growPartitions(admin, wanted, current);
  }

  /**
   * A new topic takes a moment to appear in the broker's metadata (KRaft
   * propagates it asynchronously); kafkajs's own wait gives up on "unknown
   * topic". Waits until every topic has a leader for every partition (and,
   * after growing, the partitions it was given).
   */
  private async waitUntilServed(
    admin: Admin,
    wanted: TopicSpec[],
    grown = false,
  ): Promise<Map<string, number>> {
    const deadline = Date.now() + TOPICS_READY_TIMEOUT_MS;
    const least = new Map(wanted.map((spec) => [spec.name, grown ? spec.partitions : 1]));
    for (;;) {
      try {
        const { topics } = await admin.fetchTopicMetadata({ topics: wanted.map((spec) => spec.name) });
        const served = topics.every(
          (t) => t.partitions.length >= (least.get(t.name) ?? 1) && t.partitions.every((p) => p.leader >= 0),
        );
        if (served && topics.length === wanted.length) {
          return new Map(topics.map((t) => [t.name, t.partitions.length]));
        }
      } catch (err) {
        const type = (err as { type?: string }).type ?? '';
        if (!NOT_YET_SERVED.has(type) || Date.now() > deadline) throw err;
      }
      if (Date.now() > deadline)
        throw new Error(`messaging: topics not served within ${TOPICS_READY_TIMEOUT_MS} ms`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Config may ask for more partitions than a topic has (scaling out); Kafka can only add. */
  private async growPartitions(
    admin: Admin,
    wanted: TopicSpec[],
    current: Map<string, number>,
  ): Promise<void> {
    const grown: TopicSpec[] = [];
    for (const spec of wanted) {
      const count = current.get(spec.name) ?? spec.partitions;
      if (count > spec.partitions) {
        this.logger.warn(
          { topic: spec.name, partitions: count, configured: spec.partitions },
          'topic has more partitions than configured; Kafka cannot remove partitions',
        );
      }
      if (count >= spec.partitions) continue;
      try {
        await admin.createPartitions({ topicPartitions: [{ topic: spec.name, count: spec.partitions }] });
        this.logger.info({ topic: spec.name, from: count, to: spec.partitions }, 'added partitions');
        grown.push(spec);
      } catch (err) {
        // Another process grew it at the same time.
        if ((err as { type?: string }).type !== 'INVALID_PARTITIONS') throw err;
        this.logger.debug({ topic: spec.name, error: errorMessage(err) }, 'partitions already added');
      }
    }
    if (grown.length > 0) await this.waitUntilServed(admin, grown, true);
  }
}

/** One lazily connected kafkajs admin client; a failed connect is tried again on the next use. */
class AdminConnection {
  private admin: Admin | undefined;
  private connecting: Promise<Admin> | undefined;

  constructor(private readonly create: () => Admin) {}

  connected(): Promise<Admin> {
    if (this.admin !== undefined) return Promise.resolve(this.admin);
    this.connecting ??= (async () => {
      const admin = this.create();
      try {
        await admin.connect();
      } catch (err) {
        this.connecting = undefined;
        await admin.disconnect().catch(() => undefined);
        throw err;
      }
      this.admin = admin;
      return admin;
    })();
    return this.connecting;
  }

  async disconnect(): Promise<void> {
    const admin = this.admin;
    this.admin = undefined;
    this.connecting = undefined;
    await admin?.disconnect();
  }
}

export async function withTimeout<T>(work: Promise<T>, timeoutMs: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(message)), timeoutMs);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
