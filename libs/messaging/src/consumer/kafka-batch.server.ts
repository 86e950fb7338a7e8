import { ALL_TOPICS, type Topic } from '@childalert/contracts';
import { withCorrelationId } from '@childalert/platform';
import type { OnModuleDestroy } from '@nestjs/common';
import { Server, type CustomTransportStrategy, type MessageHandler } from '@nestjs/microservices';
import { EventEmitter } from 'node:events';
import { isObservable, lastValueFrom } from 'rxjs';
import { messagingLogger } from '../kafka-client.factory';
import type { MessagingLogger } from '../messaging.logger';
import type { MessagingOptions } from '../messaging.options';
import { TopicAdmin } from '../topic-admin.service';
import {
  BatchConsumer,
  type CommitEvent,
  type ConsumeMode,
  type ConsumerRoute,
  type ConsumerState,
} from './batch-consumer';
import type { ConsumedMessage, DeliveryInfo } from './consumed-message';
import type { DeadLetterEvent } from './dead-letter.publisher';
import { KafkaConsumeContext } from './kafka-consume.context';

/** Handlers may name this transport in `@EventPattern(topic, KAFKA_BATCH_TRANSPORT)` to bind to it alone. */
export const KAFKA_BATCH_TRANSPORT = Symbol('KAFKA_BATCH_TRANSPORT');

export type KafkaBatchServerEvents = {
  status: (status: ConsumerState) => void;
  deadLetter: (event: DeadLetterEvent) => void;
  commit: (event: CommitEvent) => void;
};

export interface ConsumerHealth {
  ok: boolean;
  detail: string;
}

const TOPICS = new Set<string>(ALL_TOPICS);

/**
 * A Nest microservice transport over our consumer runtime: `@EventPattern`
 * (or `@ConsumeMessage` / `@ConsumeBatch`) handlers on topics of
 * libs/contracts, batching, manual commits, retries and dead letters ours.
 * One server is one consumer group (`groupId`, used as is).
 */
export class KafkaBatchServer
  extends Server<KafkaBatchServerEvents, ConsumerState>
  implements CustomTransportStrategy, OnModuleDestroy
{
  override readonly transportId = KAFKA_BATCH_TRANSPORT;
  private readonly log: MessagingLogger;
  private readonly admin: TopicAdmin;
  private readonly ownsAdmin: boolean;
  private readonly emitter = new EventEmitter();
  private consumer: BatchConsumer | undefined;
  private closing: Promise<void> | undefined;

  constructor(
    private readonly options: MessagingOptions,
    admin?: TopicAdmin,
  ) {
    super();
    this.log = messagingLogger(options);
    this.ownsAdmin = admin === undefined;
    this.admin = admin ?? new TopicAdmin(options);
  }

  listen(callback: (...optionalParams: unknown[]) => unknown): void {
    this.start().then(
      () => callback(),
      (err: unknown) => callback(err),
    );
  }

  async close(): Promise<void> {
    this.closing ??= (async () => {
      await this.consumer?.stop();
      if (this.ownsAdmin) await this.admin.disconnect();
    })();
    return this.closing;
  }

  /** Nest closes microservices after onModuleDestroy; stopping here first lets the batch in hand still use the producer and the database. */
  async onModuleDestroy(): Promise<void> {
    await this.close();
  }

  on<EventKey extends keyof KafkaBatchServerEvents, EventCallback extends KafkaBatchServerEvents[EventKey]>(
    event: EventKey,
    callback: EventCallback,
  ): this {
    this.emitter.on(event, callback);
    return this;
  }

  /** The consumer runtime (undefined before listen or without handlers). */
  unwrap<T>(): T {
    return this.consumer as T;
  }

  /** For readiness: an app without handlers, or not listening, is not waiting for a consumer. */
  health(): ConsumerHealth {
    if (this.consumer === undefined) return { ok: true, detail: 'no consumer' };
    const state = this.consumer.state;
    return { ok: state === 'running', detail: `consumer ${state}` };
  }

  private async start(): Promise<void> {
    const routes = this.routesFromHandlers();
    if (routes.length === 0) {
      this.log.info({}, 'no @EventPattern handlers: this app consumes nothing');
      return;
    }
    await this.admin.ensureTopics();
    this.consumer = new BatchConsumer(this.options, {
      state: (state) => {
        this._status$.next(state);
        this.emitter.emit('status', state);
      },
      deadLetter: (event) => this.emitter.emit('deadLetter', event),
      commit: (event) => this.emitter.emit('commit', event),
    });
    await this.consumer.start(routes);
  }

  private routesFromHandlers(): ConsumerRoute[] {
    return [...this.getHandlers()].map(([pattern, handler]) => {
      if (!TOPICS.has(pattern)) {
        throw new Error(`messaging: handler pattern '${pattern}' is not a Topic of libs/contracts`);
      }
      const topic = pattern as Topic;
      const mode = this.modeOf(topic, handler);
      return {
        topic,
        mode,
        handle: (messages, info) =>
          mode === 'batch'
            ? this.invoke(handler, messages, messages[0], info)
            : this.invoke(handler, messages[0], messages[0], info),
      };
    });
  }

  private modeOf(topic: Topic, head: MessageHandler): ConsumeMode {
    if (!head.isEventHandler) {
      throw new Error(
        `messaging: ${topic} has a @MessagePattern handler; Kafka topics take @EventPattern handlers`,
      );
    }
    const modes = new Set<ConsumeMode>();
    // Several handlers of one pattern are chained by Nest and get the same argument.
    for (
      let h: MessageHandler | undefined = head;
      h !== undefined;
      h = h.next as MessageHandler | undefined
    ) {
      modes.add(h.extras?.batch === true ? 'batch' : 'message');
    }
    if (modes.size > 1) throw new Error(`messaging: ${topic} has both batch and single-message handlers`);
    return modes.has('batch') ? 'batch' : 'message';
  }

  /** Runs the Nest handler under the message's correlation id; resolves when its work is done. */
  private invoke(
    handler: MessageHandler,
    data: ConsumedMessage | ConsumedMessage[],
    first: ConsumedMessage,
    info: DeliveryInfo,
  ): Promise<void> {
    const context = new KafkaConsumeContext([info.topic, info.partition, info.attempt]);
    return withCorrelationId(first.correlationId, async () => {
      const result: unknown = await handler(data, context);
      // Nest hands errors back as an erroring Observable.
      if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined });
    });
  }
}
