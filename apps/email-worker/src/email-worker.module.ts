import { type DynamicModule, Module } from '@nestjs/common';
import { AppConfigModule } from '@childalert/config';
import { DeliveryModule, deliveryOptionsFrom, dispatchConsumerOptions } from '@childalert/delivery';
import { EmailModule, type EmailTransport, smtpOptionsFrom } from '@childalert/email';
import { MessagingHealth, MessagingModule, messagingOptionsFor } from '@childalert/messaging';
import { DatabaseHealth, PersistenceModule } from '@childalert/persistence';
import { PlatformModule } from '@childalert/platform';
import { EmailChannelAdapter } from './email-channel.adapter';
import { EmailChannelModule } from './email-channel.module';
import { EmailDispatchConsumer } from './email-dispatch.consumer';
import type { EmailWorkerConfig } from './email-worker.config';
import { emailSettingsOf } from './email.settings';

/** Sends dispatch batches as e-mail over pooled SMTP. */
@Module({})
export class EmailWorkerModule {
  /** `transport` replaces the SMTP transport from configuration (another driver). */
  static forRoot(config: EmailWorkerConfig, overrides: { transport?: EmailTransport } = {}): DynamicModule {
    const channel = EmailChannelModule.forRoot(emailSettingsOf(config));
    return {
      module: EmailWorkerModule,
      imports: [
        AppConfigModule.forRoot(config),
        PersistenceModule.forRoot({
          url: config.DATABASE_URL,
          poolSize: config.DATABASE_POOL_SIZE,
          applicationName: 'email-worker',
        }),
        PlatformModule.forRoot({ app: 'email-worker', readiness: [DatabaseHealth, MessagingHealth] }),
        MessagingModule.forRoot(messagingOptionsFor(config, { consumer: dispatchConsumerOptions(config) })),
        EmailModule.forRoot(
          overrides.transport ? { transport: overrides.transport } : smtpOptionsFrom(config),
        ),
        DeliveryModule.forChannel({
          adapter: { useExisting: EmailChannelAdapter },
          imports: [channel],
          options: deliveryOptionsFrom(config),
        }),
      ],
      controllers: [EmailDispatchConsumer],
    };
  }
}
