import type { Topic } from '@childalert/contracts';
import type { Consumer, EachBatchPayload, KafkaMessage } from 'kafkajs';
import { createKafkaClient, messagingLogger } from '../kafka-client.factory';
import { errorMessage, type MessagingLogger } from '../messaging.logger';
import { messagingMetrics } from '../messaging.metrics';
import {
  resolveConsumerOptions,
  type MessagingOptions,
  type ResolvedConsumerOptions,
} from '../messaging.options';
import { TopicNames } from '../topic-names';
import type { ConsumedMessage, DeliveryInfo } from './consumed-message';
import { DeadLetterPublisher, type DeadLetterEvent } from './dead-letter.publisher';
import { Deferred } from './deferred';
import { decideAfterFailure } from './failure-policy';
import { InFlightLimiter } from './in-flight-limiter';
import { decodeMessage, type DecodedMessage } from './message-decoder';
import { OffsetTracker } from './offset-tracker';
import { RetrySchedule } from './retry-schedule';

export type ConsumeMode = 'batch' | 'message';

/** What the runtime calls for one topic. */
export interface ConsumerRoute {
  topic: Topic;
  /** 'message': one message a call, in partition order; 'batch': up to maxBatchSize messages of one partition. */
  mode: ConsumeMode;
  /** Resolves once the work of these messages is recorded; a rejection retries them. */
  handle(messages: ConsumedMessage[], info: DeliveryInfo): Promise<void>;
}

export type ConsumerState = 'idle' | 'starting' | 'running' | 'stopping' | 'stopped' | 'crashed';

/** An offset committed: everything of the partition before it is done. */
export interface CommitEvent {
  topic: Topic;
  partition: number;
  /** The next offset the group will read. */
  offset: string;
}

export interface BatchConsumerEvents {
  state?: (state: ConsumerState) => void;
  deadLetter?: (event: DeadLetterEvent) => void;
  commit?: (event: CommitEvent) => void;
}

type ChunkOutcome = 'done' | 'paused' | 'handed-back';
type HandlerOutcome = { kind: 'ok' } | { kind: 'failed'; error: unknown } | { kind: 'handed-back' };

/** A retry due this soon is waited for in place rather than by pausing the partition. */
const INLINE_WAIT_MS = 50;

/**
 * The consumer runtime: a Kafka consumer group reading batches, handing
 * validated messages to routes, committing only what is done, dead-lettering
 * what cannot be done. kafkajs stays inside this class.
 */
export class BatchConsumer {
  private readonly config: ResolvedConsumerOptions;
  private readonly names: TopicNames;
  private readonly logger: MessagingLogger;
  private readonly metrics = messagingMetrics();
  private readonly limiter: InFlightLimiter;
  private readonly deadLetters: DeadLetterPublisher;
  private readonly groupId: string;
  private readonly routes = new Map<Topic, ConsumerRoute>();
  private readonly retries = new RetrySchedule();
  private readonly resumeTimers = new Set<NodeJS.Timeout>();
  /** Settles when shutdown begins: no new chunk starts. */
  private readonly stopRequested = new Deferred();
  /** Settles when shutdown stops waiting for the chunk in hand: it is handed back uncommitted. */
  private readonly abandoned = new Deferred();
  private consumer: Consumer | undefined;
  private starting: Promise<void> | undefined;
  private stopping: Promise<void> | undefined;
  private currentState: ConsumerState = 'idle';

  constructor(
    private readonly options: MessagingOptions,
    private readonly events: BatchConsumerEvents = {},
  ) {
    if (!options.groupId) throw new Error('messaging: groupId is required to consume');
    this.config = resolveConsumerOptions(options.consumer);
    this.names = new TopicNames(options);
    this.groupId = this.names.group(options.groupId);
    this.logger = messagingLogger(options);
    this.limiter = new InFlightLimiter(this.config.maxInFlight);
    this.deadLetters = new DeadLetterPublisher(options, this.logger, (event) =>
      this.events.deadLetter?.(event),
    );
  }

  get state(): ConsumerState {
    return this.currentState;
  }

  /** Joins the group and starts consuming; resolves after the first join. */
  start(routes: readonly ConsumerRoute[]): Promise<void> {
    if (this.starting !== undefined || this.stopping !== undefined) {
      throw new Error(`messaging: consumer cannot start when ${this.currentState}`);
    }
    this.starting = this.startConsuming(routes);
    return this.starting;
  }

  private async startConsuming(routes: readonly ConsumerRoute[]): Promise<void> {
    if (routes.length === 0) throw new Error('messaging: nothing to consume');
    for (const route of routes) {
      if (this.routes.has(route.topic)) throw new Error(`messaging: two routes for ${route.topic}`);
      this.routes.set(route.topic, route);
    }
    this.setState('starting');
    try {
      await this.deadLetters.connect();
      if (this.stopping !== undefined) throw new Error('messaging: consumer stopped while starting');
      await this.runConsumer(routes);
    } catch (err) {
      this.setState('crashed');
      await this.disconnectAll().catch(() => undefined);
      throw err;
    }
    this.logger.info({ group: this.groupId, topics: [...this.routes.keys()] }, 'consumer started');
  }

  private async runConsumer(routes: readonly ConsumerRoute[]): Promise<void> {
    const consumer = createKafkaClient(this.options, this.logger).consumer({
      groupId: this.groupId,
      sessionTimeout: this.config.sessionTimeoutMs,
      rebalanceTimeout: this.config.rebalanceTimeoutMs,
      heartbeatInterval: this.config.heartbeatIntervalMs,
      maxWaitTimeInMs: this.config.maxWaitTimeMs,
      allowAutoTopicCreation: false,
    });
    this.consumer = consumer;
    consumer.on(consumer.events.GROUP_JOIN, () => this.setState('running'));
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      this.logger.error(
        { group: this.groupId, error: payload.error, restart: payload.restart },
        'consumer crashed',
      );
      this.setState(payload.restart ? 'starting' : 'crashed');
    });
    await consumer.connect();
    await consumer.subscribe({
      topics: routes.map((route) => this.names.wire(route.topic)),
      fromBeginning: this.config.fromBeginning,
    });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.config.partitionsConsumedConcurrently,
      eachBatch: (payload) => this.processBatch(payload),
    });
  }

  /**
   * Starts no new work, waits for the chunks in hand (at most shutdownTimeoutMs,
   * then hands them back uncommitted), commits what is done, leaves the group.
   */
  stop(): Promise<void> {
    this.stopping ??= this.shutdown();
    return this.stopping;
  }

  private async shutdown(): Promise<void> {
    if (this.starting === undefined) {
      this.setState('stopped');
      return;
    }
    this.setState('stopping');
    this.stopRequested.resolve();
    // A start in progress finishes (or fails) first, so that no consumer is left running behind us.
    await this.starting.catch(() => undefined);
    for (const timer of this.resumeTimers) clearTimeout(timer);
    this.resumeTimers.clear();
    const abandonTimer = setTimeout(() => this.abandoned.resolve(), this.config.shutdownTimeoutMs);
    try {
      await this.disconnectAll();
    } finally {
      clearTimeout(abandonTimer);
      this.setState('stopped');
      this.logger.info({ group: this.groupId }, 'consumer stopped');
    }
  }

  private async disconnectAll(): Promise<void> {
    try {
      await this.consumer?.disconnect();
    } finally {
      await this.deadLetters.disconnect();
    }
  }

  private setState(state: ConsumerState): void {
    // Once shutdown began, late client events (a join, a crash) change nothing.
    if (this.stopping !== undefined && state !== 'stopping' && state !== 'stopped') return;
    if (state === this.currentState) return;
    this.currentState = state;
    this.events.state?.(state);
  }

  /** One partition's batch: chunks in order, each handled, retried or dead-lettered, then committed. */
  private async processBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    const topic = this.names.topicOf(batch.topic);
    const route = this.routes.get(topic);
    if (route === undefined) throw new Error(`messaging: no route for ${topic}`);
    const tracker = new OffsetTracker(
      batch.messages.map((m) => m.offset),
      batch.lastOffset(),
    );
    let position = BigInt(batch.messages[0]?.offset ?? batch.lastOffset());
    let lastCommitAt = Date.now();
    const commit = async (): Promise<void> => {
      const next = tracker.pendingCommit();
      if (next !== undefined) {
        await payload.commitOffsetsIfNecessary({
          topics: [{ topic: batch.topic, partitions: [{ partition: batch.partition, offset: next }] }],
        });
        tracker.markCommitted(next);
        position = BigInt(next);
      }
      lastCommitAt = Date.now();
      const lag = BigInt(batch.highWatermark) - position;
      this.metrics.lag.set(
        { topic, partition: String(batch.partition), group: this.groupId },
        Number(lag > 0n ? lag : 0n),
      );
      if (next !== undefined) this.events.commit?.({ topic, partition: batch.partition, offset: next });
    };

    const size = route.mode === 'batch' ? Math.min(this.config.maxBatchSize, this.config.maxInFlight) : 1;
    try {
      for (let start = 0; start < batch.messages.length; start += size) {
        if (this.stopRequested.settled || !payload.isRunning() || payload.isStale()) break;
        const chunk = batch.messages.slice(start, start + size);
        const outcome = await this.processChunk(route, batch.partition, chunk, payload);
        if (outcome !== 'done') break;
        for (const message of chunk) tracker.markDone(message.offset);
        payload.resolveOffset(tracker.lastDoneOffset()!);
        if (Date.now() - lastCommitAt >= this.config.commitIntervalMs) await commit();
        // Between chunks: keeps the membership alive, and surfaces a rebalance.
        await payload.heartbeat();
      }
      await commit();
    } catch (err) {
      // A rebalance or a failed dead letter: keep what is done, then let the client rejoin or retry.
      await commit().catch((commitErr: unknown) =>
        this.logger.warn(
          { topic, partition: batch.partition, error: errorMessage(commitErr) },
          'commit failed',
        ),
      );
      throw err;
    }
  }

  private async processChunk(
    route: ConsumerRoute,
    partition: number,
    chunk: KafkaMessage[],
    payload: EachBatchPayload,
  ): Promise<ChunkOutcome> {
    const { topic } = route;
    const key = `${topic}|${partition}`;
    const decoded = chunk.map((raw) => decodeMessage(topic, partition, raw));
    const valid = decoded.filter((d): d is Extract<DecodedMessage, { ok: true }> => d.ok);
    const invalid = decoded.filter((d): d is Extract<DecodedMessage, { ok: false }> => !d.ok);

    const retry = this.retries.lookup(
      key,
      chunk.map((m) => m.offset),
    );
    if (retry !== undefined) {
      const wait = retry.notBefore - Date.now();
      if (wait > INLINE_WAIT_MS) {
        this.pauseFor(payload, wait);
        return 'paused';
      }
      if (wait > 0 && !(await this.sleepUnlessStopping(wait))) return 'handed-back';
    }

    if (valid.length > 0) {
      const attempt = (retry?.failedAttempts ?? 0) + 1;
      const messages = valid.map((d) => d.message);
      const outcome = await this.runHandler(route, messages, { topic, partition, attempt }, payload);
      switch (outcome.kind) {
        case 'handed-back':
          return 'handed-back';
        case 'ok':
          this.metrics.consumed.inc({ topic }, messages.length);
          break;
        case 'failed': {
          const reason = errorMessage(outcome.error);
          const fields = {
            topic,
            partition,
            offset: chunk[0].offset,
            count: messages.length,
            attempt,
            reason,
          };
          const decision = decideAfterFailure(outcome.error, attempt, this.config);
          if (decision.kind === 'retry') {
            this.retries.schedule(key, {
              offset: BigInt(chunk[0].offset),
              failedAttempts: decision.failedAttempts,
              notBefore: Date.now() + decision.delayMs,
            });
            this.logger[decision.askedByHandler ? 'info' : 'warn'](
              { ...fields, delayMs: decision.delayMs },
              decision.askedByHandler
                ? 'handler asked to retry later; partition paused'
                : 'handler failed; partition paused until the retry',
            );
            this.pauseFor(payload, decision.delayMs);
            return 'paused';
          }
          this.logger.error(fields, 'handler failed on its last attempt; dead-lettering');
          await this.deadLetters.publish(
            topic,
            partition,
            valid.map((d) => ({ raw: d.raw, reason, correlationId: d.message.correlationId })),
          );
          break;
        }
      }
    }
    this.retries.clear(key);
    await this.deadLetters.publish(topic, partition, invalid);
    return 'done';
  }

  /**
   * Back-pressure: the partition is not fetched until the delay is over, and
   * the fetcher moves on with the other partitions meanwhile. Unresolved
   * messages are fetched again on resume.
   */
  private pauseFor(payload: EachBatchPayload, delayMs: number): void {
    const resume = payload.pause();
    const timer = setTimeout(() => {
      this.resumeTimers.delete(timer);
      try {
        resume();
      } catch (err) {
        // The client restarted meanwhile: its new group state is not paused.
        this.logger.debug({ error: errorMessage(err) }, 'resume after a restart');
      }
    }, delayMs);
    this.resumeTimers.add(timer);
  }

  private async runHandler(
    route: ConsumerRoute,
    messages: ConsumedMessage[],
    info: DeliveryInfo,
    payload: EachBatchPayload,
  ): Promise<HandlerOutcome> {
    const stop = this.stopRequested.subscribe();
    const release = await this.limiter.acquire(messages.length, stop.promise).finally(stop.dispose);
    if (release === undefined) return { kind: 'handed-back' };
    // A long handler must not cost the group membership.
    const beat = setInterval(() => {
      payload
        .heartbeat()
        .catch((err: unknown) =>
          this.logger.debug({ error: errorMessage(err) }, 'heartbeat during a handler failed'),
        );
    }, this.config.heartbeatIntervalMs);
    const abandoned = this.abandoned.subscribe();
    try {
      const work = route.handle(messages, info).then(
        (): HandlerOutcome => ({ kind: 'ok' }),
        (error: unknown): HandlerOutcome => ({ kind: 'failed', error }),
      );
      const handedBack = abandoned.promise.then((): HandlerOutcome => ({ kind: 'handed-back' }));
      const outcome = await Promise.race([work, handedBack]);
      if (outcome.kind === 'handed-back') {
        this.logger.warn(
          {
            topic: info.topic,
            partition: info.partition,
            offset: messages[0]?.offset,
            count: messages.length,
          },
          'shutdown timeout: handing the batch in hand back uncommitted',
        );
      }
      return outcome;
    } finally {
      abandoned.dispose();
      clearInterval(beat);
      release();
    }
  }

  /** False when shutdown began during the wait. */
  private async sleepUnlessStopping(ms: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const slept = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(true), ms);
    });
    const stop = this.stopRequested.subscribe();
    try {
      return await Promise.race([slept, stop.promise.then(() => false)]);
    } finally {
      stop.dispose();
      clearTimeout(timer);
    }
  }
}
