import { type MiddlewareConsumer, Module, type NestModule, RequestMethod } from '@nestjs/common';
import { DEFAULT_XML_LIMITS } from '@childalert/cap';
import { raw } from 'express';
import { PartnerExchangeController } from './partner-exchange.controller';
import { PartnerInboundService } from './partner-inbound.service';
import { PartnerRegistryService } from './partner-registry.service';
import { PartnerReissueService } from './partner-reissue.service';
import { PartnerRepository } from './partner.repository';
import { PartnersController } from './partners.controller';

/** XML a partner may post: the body is read as bytes, refused (413) beyond the CAP reader's limit while it streams in. */
const INBOUND_TYPES = ['application/cap+xml', 'application/xml', 'text/xml'];

/**
 * Cross-border exchange on alert-api's side: the partner register (NGO
 * admin), what partners send in (checked, stored, acknowledged through
 * partner-worker, re-issued here), and their feed. Needs PersistenceModule,
 * AuditModule, AuthModule, OutboxModule and AlertsModule in the app.
 */
@Module({
  // The exchange first: its fixed paths (feed, inbound) must win over the register's `:id`.
  controllers: [PartnerExchangeController, PartnersController],
  providers: [PartnerRepository, PartnerRegistryService, PartnerInboundService, PartnerReissueService],
})
export class PartnersModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(raw({ type: INBOUND_TYPES, limit: DEFAULT_XML_LIMITS.maxBytes }))
      .forRoutes({ path: 'v1/partners/inbound', method: RequestMethod.POST });
  }
}
