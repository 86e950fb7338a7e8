import { type DynamicModule, Module } from '@nestjs/common';
import { AudienceModule } from '@childalert/audience';
import { WebpushChannelAdapter } from './webpush-channel.adapter';
import { WEBPUSH_SETTINGS, type WebpushSettings } from './webpush.settings';

/** The web push adapter and what it needs. */
@Module({})
export class WebpushChannelModule {
  static forRoot(settings: WebpushSettings): DynamicModule {
    return {
      module: WebpushChannelModule,
      imports: [AudienceModule.forWorkers()],
      providers: [{ provide: WEBPUSH_SETTINGS, useValue: settings }, WebpushChannelAdapter],
      exports: [WebpushChannelAdapter, WEBPUSH_SETTINGS],
    };
  }
}
