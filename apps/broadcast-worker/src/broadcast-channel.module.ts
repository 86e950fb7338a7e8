import { type DynamicModule, Module } from '@nestjs/common';
import { BroadcastChannelAdapter } from './broadcast-channel.adapter';
import { BROADCAST_SETTINGS, type BroadcastSettings } from './broadcast.settings';
import { BroadcasterContactsRepository } from './broadcasters/broadcaster-contacts.repository';
import { PublicationReader } from './payload/publication.reader';

/** The broadcast adapter and what it needs. */
@Module({})
export class BroadcastChannelModule {
  static forRoot(settings: BroadcastSettings): DynamicModule {
    return {
      module: BroadcastChannelModule,
      providers: [
        { provide: BROADCAST_SETTINGS, useValue: settings },
        BroadcasterContactsRepository,
        PublicationReader,
        BroadcastChannelAdapter,
      ],
      exports: [BroadcastChannelAdapter, BROADCAST_SETTINGS],
    };
  }
}
