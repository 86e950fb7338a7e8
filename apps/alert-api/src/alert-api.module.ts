import { type DynamicModule, Module, ValidationPipe } from '@nestjs/common';
import { APP_FILTER, APP_PIPE, DiscoveryModule } from '@nestjs/core';
import { VALIDATION_OPTIONS } from '@childalert/alerts';
import { subscriptionSigningSecretOf } from '@childalert/audience';
import { AuditModule } from '@childalert/audit';
import { smtpOptionsFrom } from '@childalert/email';
import { AuthModule } from '@childalert/auth';
import { AppConfigModule } from '@childalert/config';
import { MessagingModule, messagingOptionsFor } from '@childalert/messaging';
import { OutboxModule } from '@childalert/outbox';
import { DatabaseHealth, PersistenceModule } from '@childalert/persistence';
import { PlatformModule } from '@childalert/platform';
import { type AlertApiConfig, publicBaseUrlOf } from './alert-api.config';
import { secretsOf } from './alert-api.auth';
import { AlertsModule } from './alerts/alerts.module';
import { BroadcastersModule } from './broadcasters/broadcasters.module';
import { ConsoleModule } from './console/console.module';
import { DeliveriesModule } from './deliveries/deliveries.module';
import { PartnersModule } from './partners/partners.module';
import { SubscriptionsModule } from './subscriptions/subscriptions.module';
import { WebpushModule } from './webpush/webpush.module';
import { ApiExceptionFilter } from './common/api-exception.filter';
import { STARTUP_NOTICES, StartupNotices } from './startup-notices';

/** HTTP API, auth, lifecycle, feeds, console; writes the outbox. */
@Module({})
export class AlertApiModule {
  static forRoot(config: AlertApiConfig): DynamicModule {
    const secrets = secretsOf(config);
    return {
      module: AlertApiModule,
      imports: [
        AppConfigModule.forRoot(config),
        PersistenceModule.forRoot({
          url: config.DATABASE_URL,
          poolSize: config.DATABASE_POOL_SIZE,
          applicationName: 'alert-api',
          // The one app that migrates at start, so a plain deployment needs no extra step;
          // the advisory lock makes it safe beside `npm start`'s own run.
          migrate: true,
        }),
        // Readiness is the database only: alerts are accepted while Kafka is away (the outbox keeps them).
        PlatformModule.forRoot({ app: 'alert-api', readiness: [DatabaseHealth] }),
        // The producer of the outbox relay, and the consumer of delivery receipts.
        MessagingModule.forRoot(
          messagingOptionsFor(config, {
            // Receipts are small and counted in bulk.
            consumer: { maxBatchSize: 500 },
          }),
        ),
        DiscoveryModule,
        AuditModule,
        AuthModule.forRoot(secrets.auth),
        OutboxModule.forRoot({ relay: config.OUTBOX_RELAY }),
        // Before AlertsModule: its /alerts/:id page is the one Express matches first.
        ConsoleModule,
        AlertsModule.forRoot({
          publicBaseUrl: publicBaseUrlOf(config),
          capSender: config.CAP_SENDER,
          capSenderName: config.CAP_SENDER_NAME,
          timeZone: config.ALERT_TIME_ZONE,
          defaultExpiryHours: config.ALERT_DEFAULT_EXPIRY_HOURS,
          photoMaxBytes: config.PHOTO_MAX_BYTES,
          documentMaxBytes: config.DOCUMENT_MAX_BYTES,
          confirmationTtlSeconds: config.CONFIRMATION_TTL_SECONDS,
          confirmationSecret: secrets.confirmationSecret,
          expiryIntervalMs: config.EXPIRY_INTERVAL_MS,
          feedEndedHours: config.FEED_ENDED_HOURS,
          retentionDays: config.RETENTION_DAYS,
          retentionIntervalMs: config.RETENTION_INTERVAL_MS,
        }),
        SubscriptionsModule.forRoot({
          audience: {
            publicBaseUrl: publicBaseUrlOf(config),
            signingSecret: subscriptionSigningSecretOf(config),
            allowPrivateEndpoints: config.ALLOW_PRIVATE_ENDPOINTS,
            rateLimit: { perMinute: config.SUBSCRIPTION_RATE_LIMIT_PER_MINUTE },
            mailFrom: config.MAIL_FROM,
          },
          email: smtpOptionsFrom(config),
        }),
        DeliveriesModule.forRoot({ streamPollMs: config.DELIVERIES_STREAM_POLL_MS }),
        BroadcastersModule,
        PartnersModule,
        WebpushModule.forRoot({
          vapidPublicKey: config.VAPID_PUBLIC_KEY,
          vapidKeyFile: config.VAPID_KEY_FILE,
          production: config.NODE_ENV === 'production',
        }),
      ],
      providers: [
        // Global, so every controller (alerts, auth, users, audit) validates and answers errors alike.
        { provide: APP_PIPE, useValue: new ValidationPipe({ ...VALIDATION_OPTIONS, transform: true }) },
        { provide: APP_FILTER, useClass: ApiExceptionFilter },
        { provide: STARTUP_NOTICES, useValue: secrets.notices },
        StartupNotices,
      ],
    };
  }
}
