import { type DynamicModule, Module } from '@nestjs/common';
import { AudienceModule } from '@childalert/audience';
import { MobileChannelAdapter } from './mobile-channel.adapter';
import { MOBILE_SETTINGS, type MobileSettings } from './mobile.settings';

/** The FCM adapter and what it needs. */
@Module({})
export class MobileChannelModule {
  static forRoot(settings: MobileSettings): DynamicModule {
    return {
      module: MobileChannelModule,
      imports: [AudienceModule.forWorkers()],
      providers: [{ provide: MOBILE_SETTINGS, useValue: settings }, MobileChannelAdapter],
      exports: [MobileChannelAdapter, MOBILE_SETTINGS],
    };
  }
}
