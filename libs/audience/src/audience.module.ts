import { type DynamicModule, Module } from '@nestjs/common';
import {
  AUDIENCE_OPTIONS,
  type AudienceModuleOptions,
  type ResolvedAudienceOptions,
  resolveAudienceOptions,
} from './audience.options';
import { SubscriptionLinks, type SubscriptionLinkOptions } from './email/subscription-links';
import { AudienceRepository } from './repository/audience.repository';
import { SubscriptionsRepository } from './repository/subscriptions.repository';
import { EmailSubscriptionService } from './subscriptions/email-subscription.service';
import { SubscriptionService } from './subscriptions/subscription.service';
import { UnconfirmedPurger } from './subscriptions/unconfirmed.purger';

/**
 * Subscribers, areas, languages, geo matching.
 *
 * - `forRoot(options)` (alert-api): the public subscription services, signed
 *   links, the purge of unconfirmed addresses, and AudienceRepository. Needs
 *   PersistenceModule, AuditModule and EmailModule (EMAIL_TRANSPORT) in the app.
 * - `forWorkers(options)` (dispatcher, channel workers): AudienceRepository,
 *   and SubscriptionLinks when `links` is given (the e-mail worker, for
 *   List-Unsubscribe headers). Needs PersistenceModule.
 */
@Module({})
export class AudienceModule {
  /** Throws at once on options that cannot work (short secret, bad base URL...). */
  static forRoot(options: AudienceModuleOptions): DynamicModule {
    const resolved = resolveAudienceOptions(options);
    return {
      module: AudienceModule,
      providers: [
        { provide: AUDIENCE_OPTIONS, useValue: resolved },
        {
          provide: SubscriptionLinks,
          inject: [AUDIENCE_OPTIONS],
          useFactory: (o: ResolvedAudienceOptions) => new SubscriptionLinks(o),
        },
        AudienceRepository,
        SubscriptionsRepository,
        SubscriptionService,
        EmailSubscriptionService,
        UnconfirmedPurger,
      ],
      exports: [
        AUDIENCE_OPTIONS,
        SubscriptionLinks,
        AudienceRepository,
        SubscriptionService,
        EmailSubscriptionService,
        UnconfirmedPurger,
      ],
    };
  }

  static forWorkers(options: { links?: SubscriptionLinkOptions } = {}): DynamicModule {
    const links = options.links;
    return {
      module: AudienceModule,
      providers: [
        AudienceRepository,
        ...(links ? [{ provide: SubscriptionLinks, useFactory: () => new SubscriptionLinks(links) }] : []),
      ],
      exports: [AudienceRepository, ...(links ? [SubscriptionLinks] : [])],
    };
  }
}
