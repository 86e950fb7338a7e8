import { type DynamicModule, Module } from '@nestjs/common';
import { KafkaBatchServer } from './consumer/kafka-batch.server';
import { MessageProducer } from './message-producer.service';
import { MessagingHealth } from './messaging-health.service';
import { assertMessagingOptions, MESSAGING_OPTIONS, type MessagingOptions } from './messaging.options';
import { TopicAdmin } from './topic-admin.service';
import { TopicNames } from './topic-names';

/**
 * Kafka for one app, global. Provides MessageProducer, TopicAdmin,
 * MessagingHealth and the app's KafkaBatchServer, which main.ts connects:
 * `app.connectMicroservice({ strategy: app.get(KafkaBatchServer) })`.
 */
@Module({})
export class MessagingModule {
  static forRoot(options: MessagingOptions): DynamicModule {
    assertMessagingOptions(options);
    new TopicNames(options).all(); // checks every partition count
    return {
      module: MessagingModule,
      global: true,
      providers: [
        { provide: MESSAGING_OPTIONS, useValue: options },
        TopicAdmin,
        MessageProducer,
        MessagingHealth,
        {
          provide: KafkaBatchServer,
          useFactory: (admin: TopicAdmin) => new KafkaBatchServer(options, admin),
          inject: [TopicAdmin],
        },
      ],
      exports: [MESSAGING_OPTIONS, TopicAdmin, MessageProducer, MessagingHealth, KafkaBatchServer],
    };
  }
}
