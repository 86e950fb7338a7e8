import { type DynamicModule, Module } from '@nestjs/common';
import { PartnerCapBuilder } from './partner-cap.builder';
import { PartnerChannelAdapter } from './partner-channel.adapter';
import { PartnerDirectory } from './partner-directory';
import { PartnerHttpClient } from './partner-http.client';
import { PARTNER_SETTINGS, type PartnerSettings } from './partner.settings';

/** The partner adapter and what it needs. */
@Module({})
export class PartnerChannelModule {
  static forRoot(settings: PartnerSettings): DynamicModule {
    return {
      module: PartnerChannelModule,
      providers: [
        { provide: PARTNER_SETTINGS, useValue: settings },
        PartnerDirectory,
        PartnerCapBuilder,
        PartnerHttpClient,
        PartnerChannelAdapter,
      ],
      exports: [PartnerChannelAdapter, PartnerHttpClient, PARTNER_SETTINGS],
    };
  }
}
