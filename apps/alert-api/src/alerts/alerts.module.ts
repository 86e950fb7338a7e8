import {
  type DynamicModule,
  Inject,
  type MiddlewareConsumer,
  Module,
  type NestModule,
  RequestMethod,
} from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { raw } from 'express';
import { Clock } from '../common/clock';
import { OptionalUserResolver } from '../common/optional-user.resolver';
import { DocumentRepository } from '../documents/document.repository';
import { DocumentService } from '../documents/document.service';
import { DOCUMENT_UPLOAD_TYPES, DocumentsController } from '../documents/documents.controller';
import { FeedService } from '../feeds/feed.service';
import { FeedsController } from '../feeds/feeds.controller';
import { PhotoRepository } from '../photos/photo.repository';
import { PhotoService } from '../photos/photo.service';
import { PHOTO_UPLOAD_TYPES, PhotosController } from '../photos/photos.controller';
import { AlertCommandService } from './alert-commands.service';
import { AlertPreviewService } from './alert-preview.service';
import { AlertRepository } from './alert.repository';
import { AlertViewService } from './alert-view.service';
import { AlertsController } from './alerts.controller';
import { ALERTS_SETTINGS, type AlertsSettings } from './alerts.settings';
import { CapMessageFactory } from './cap-message.factory';
import { ConfirmationTokenService } from './confirmation-token.service';
import { PartnerChoiceRepository } from './partner-choice.repository';
import { ExpiryJob } from './expiry.job';
import { RetentionJob } from './retention.job';

/**
 * Alerts over HTTP: the lifecycle, photos, previews and confirmations, the
 * public views and feeds, and the expiry and retention jobs. Needs PersistenceModule,
 * AuditModule, AuthModule and OutboxModule in the app.
 */
@Module({})
export class AlertsModule implements NestModule {
  constructor(@Inject(ALERTS_SETTINGS) private readonly settings: AlertsSettings) {}

  static forRoot(settings: AlertsSettings): DynamicModule {
    return {
      module: AlertsModule,
      imports: [
        // Multipart uploads: one file, refused (413) above the configured size while it streams in.
        MulterModule.register({
          limits: { fileSize: settings.photoMaxBytes, files: 1, fields: 0, parts: 1 },
        }),
      ],
      controllers: [AlertsController, PhotosController, DocumentsController, FeedsController],
      providers: [
        { provide: ALERTS_SETTINGS, useValue: settings },
        Clock,
        OptionalUserResolver,
        AlertRepository,
        PhotoRepository,
        DocumentRepository,
        DocumentService,
        CapMessageFactory,
        ConfirmationTokenService,
        PartnerChoiceRepository,
        AlertCommandService,
        AlertPreviewService,
        AlertViewService,
        PhotoService,
        FeedService,
        ExpiryJob,
        RetentionJob,
      ],
      exports: [AlertCommandService, AlertViewService, ExpiryJob, RetentionJob, Clock],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    // Raw photo bodies (the JSON parser leaves image/* alone); size refused with 413 as it streams in.
    consumer
      .apply(raw({ type: PHOTO_UPLOAD_TYPES, limit: this.settings.photoMaxBytes }))
      .forRoutes({ path: 'v1/alerts/:id/photos', method: RequestMethod.POST });
    consumer
      .apply(raw({ type: DOCUMENT_UPLOAD_TYPES, limit: this.settings.documentMaxBytes }))
      .forRoutes({ path: 'v1/alerts/:id/documents', method: RequestMethod.POST });
  }
}
