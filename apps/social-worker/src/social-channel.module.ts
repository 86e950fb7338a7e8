import { type DynamicModule, Module } from '@nestjs/common';
import { PhotoStore } from './photos/photo.store';
import { SocialPostRepository } from './posts/social-post.repository';
import { SocialChannelAdapter } from './social-channel.adapter';
import { SOCIAL_SETTINGS, type SocialSettings } from './social.settings';
import { XClients } from './x/x-clients';

/** The social adapter and what it needs. */
@Module({})
export class SocialChannelModule {
  static forRoot(settings: SocialSettings): DynamicModule {
    return {
      module: SocialChannelModule,
      providers: [
        { provide: SOCIAL_SETTINGS, useValue: settings },
        XClients,
        SocialPostRepository,
        PhotoStore,
        SocialChannelAdapter,
      ],
      exports: [SocialChannelAdapter, SOCIAL_SETTINGS],
    };
  }
}
