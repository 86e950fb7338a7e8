import { Module } from '@nestjs/common';
import { APP_CONFIG } from '@childalert/config';
import type { AlertApiConfig } from '../alert-api.config';
import { BroadcasterRepository } from './broadcaster.repository';
import { BroadcasterService } from './broadcaster.service';
import { BroadcastersController } from './broadcasters.controller';
import { BROADCASTERS_SETTINGS, broadcastersSettingsOf } from './broadcasters.settings';
import { ImageCardService } from './card/image-card.service';
import { BroadcastAlertsRepository } from './feed/broadcast-alerts.repository';
import { BroadcasterFeedController } from './feed/broadcaster-feed.controller';
import { BroadcasterFeedService } from './feed/broadcaster-feed.service';

/**
 * Media broadcasters: the NGO admin's register (signing secret and API key
 * shown once), and what a broadcaster pulls with its key: its own Atom/CAP
 * feed and the ready-to-air image cards. The webhooks themselves go out from
 * apps/broadcast-worker. Needs PersistenceModule, AuditModule and AuthModule.
 */
@Module({
  controllers: [BroadcastersController, BroadcasterFeedController],
  providers: [
    {
      provide: BROADCASTERS_SETTINGS,
      inject: [APP_CONFIG],
      useFactory: (config: AlertApiConfig) => broadcastersSettingsOf(config),
    },
    BroadcasterRepository,
    BroadcasterService,
    BroadcastAlertsRepository,
    BroadcasterFeedService,
    ImageCardService,
  ],
})
export class BroadcastersModule {}
