import { ALL_TOPICS, type Topic, type TopicPayload } from '@childalert/contracts';
import { MessageProducer } from '@childalert/messaging';
import { PG_POOL } from '@childalert/persistence';
import { messageOf } from '@childalert/platform';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';
import { OUTBOX_OPTIONS, type OutboxOptions } from './outbox.options';

/** Any fixed number, the same in every process: only the holder relays. */
const RELAY_LOCK_KEY = 7_316_400_001;

interface PendingRow {
  id: string;
  event_id: string;
  topic: string;
  message_key: string;
  payload: unknown;
  headers: Record<string, string>;
}

/**
 * Publishes the outbox to Kafka in id order and marks what it published.
 * One relay at a time holds a session advisory lock (so events of one alert
 * leave in the order they were written); the others wait as hot standbys.
 * Rows are marked only after the broker acknowledged them: a crash in between
 * publishes them again, never loses them.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(OutboxRelay.name);
  private readonly topics = new Set<string>(ALL_TOPICS);
  private running = false;
  private wake: (() => void) | undefined;
  /** A notification that arrived while the relay was busy: the next sleep returns at once. */
  private notified = false;
  private loop: Promise<void> | undefined;
  private listener: PoolClient | undefined;

  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    private readonly producer: MessageProducer,
    @Inject(OUTBOX_OPTIONS) private readonly options: Required<OutboxOptions>,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.options.relay) return;
    this.running = true;
    this.loop = this.run();
  }

  async onModuleDestroy(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  /** Publishes everything pending now; returns how many rows it published. For tests and tools. */
  async drainOnce(): Promise<number> {
    let total = 0;
    for (;;) {
      const published = await this.publishBatch(this.pool);
      total += published;
      if (published < this.options.batchSize) return total;
    }
  }

  private async run(): Promise<void> {
    while (this.running) {
      let lockClient: PoolClient | undefined;
      try {
        lockClient = await this.pool.connect();
        const { rows } = await lockClient.query<{ locked: boolean }>(
          'select pg_try_advisory_lock($1) as locked',
          [RELAY_LOCK_KEY],
        );
        if (!rows[0]?.locked) {
          lockClient.release();
          lockClient = undefined;
          await this.sleep(this.options.standbyPollMs);
          continue;
        }
        await this.listen();
        while (this.running) {
          const published = await this.publishBatch(lockClient);
          if (published < this.options.batchSize) await this.sleep(this.options.pollMs);
        }
        await lockClient.query('select pg_advisory_unlock($1)', [RELAY_LOCK_KEY]);
      } catch (err) {
        this.logger.error(`outbox relay failed, retrying: ${messageOf(err)}`);
        // A broken connection drops the advisory lock with it.
        lockClient?.release(true);
        lockClient = undefined;
        await this.sleep(this.options.errorBackoffMs);
      } finally {
        lockClient?.release();
        await this.unlisten();
      }
    }
  }

  private async publishBatch(db: Pool | PoolClient): Promise<number> {
    const { rows } = await db.query<PendingRow>(
      `select id, event_id, topic, message_key, payload, headers
         from outbox where published_at is null order by id limit $1`,
      [this.options.batchSize],
    );
    if (rows.length === 0) return 0;
    // Publish per topic, keeping id order within each (and so per key).
    const byTopic = new Map<Topic, PendingRow[]>();
    for (const row of rows) {
      if (!this.topics.has(row.topic))
        throw new Error(`outbox row ${row.id} names unknown topic ${row.topic}`);
      const topic = row.topic as Topic;
      byTopic.set(topic, [...(byTopic.get(topic) ?? []), row]);
    }
    for (const [topic, topicRows] of byTopic) {
      // Validated again by the producer: a row written by an older release must still fit the contract.
      await this.producer.publish(
        topic,
        topicRows.map((row) => ({
          key: row.message_key,
          value: row.payload as TopicPayload<typeof topic>,
          headers: row.headers,
        })),
      );
    }
    await db.query('update outbox set published_at = now() where id = any($1::bigint[])', [
      rows.map((r) => r.id),
    ]);
    return rows.length;
  }

  private async listen(): Promise<void> {
    this.listener = await this.pool.connect();
    this.listener.on('notification', () => {
      this.notified = true;
      this.wake?.();
    });
    await this.listener.query('listen outbox');
  }

  private async unlisten(): Promise<void> {
    const listener = this.listener;
    this.listener = undefined;
    if (listener === undefined) return;
    try {
      await listener.query('unlisten outbox');
      listener.release();
    } catch {
      listener.release(true);
    }
  }

  private sleep(ms: number): Promise<void> {
    if (this.notified) {
      this.notified = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wake = undefined;
        this.notified = false;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }
}
