import { type DynamicModule, Module } from '@nestjs/common';
import { AudienceModule, type AudienceModuleOptions } from '@childalert/audience';
import { EmailModule, type EmailTransport, type SmtpEmailOptions } from '@childalert/email';
import { EmailSubscriptionsController } from './email-subscriptions.controller';
import { MobileSubscriptionsController } from './mobile-subscriptions.controller';
import { SubscriptionRateLimitGuard } from './rate-limit/subscription-rate-limit.guard';
import { TestAudienceController } from './test-audience.controller';
import { WebpushSubscriptionsController } from './webpush-subscriptions.controller';

export interface SubscriptionsModuleOptions {
  audience: AudienceModuleOptions;
  /**
   * The SMTP relay for confirmation e-mails (or any EmailTransport). Leave out
   * when the app provides EMAIL_TRANSPORT itself (EmailModule.forRoot).
   */
  email?: SmtpEmailOptions | { transport: EmailTransport };
}

/**
 * The public subscription API of alert-api: web push, mobile and e-mail
 * (double opt-in, signed links, one-click unsubscribe), rate limited per
 * client IP, and the ngo_admin's test-audience routes. Needs
 * PersistenceModule, AuditModule and AuthModule in the app.
 */
@Module({})
export class SubscriptionsModule {
  static forRoot(options: SubscriptionsModuleOptions): DynamicModule {
    return {
      module: SubscriptionsModule,
      imports: [
        AudienceModule.forRoot(options.audience),
        ...(options.email ? [EmailModule.forRoot(options.email)] : []),
      ],
      controllers: [
        WebpushSubscriptionsController,
        MobileSubscriptionsController,
        EmailSubscriptionsController,
        TestAudienceController,
      ],
      // One instance: one budget per client IP across every subscription route.
      providers: [SubscriptionRateLimitGuard],
    };
  }
}
