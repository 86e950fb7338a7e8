import { type DynamicModule, Module } from '@nestjs/common';
import { AudienceModule } from '@childalert/audience';
import { EmailChannelAdapter } from './email-channel.adapter';
import { EMAIL_SETTINGS, type EmailSettings } from './email.settings';
import { AlertEmailTemplates } from './templates/alert-email.templates';

/** The e-mail adapter and what it needs; EMAIL_TRANSPORT comes from the app's (global) EmailModule. */
@Module({})
export class EmailChannelModule {
  static forRoot(settings: EmailSettings): DynamicModule {
    return {
      module: EmailChannelModule,
      imports: [
        AudienceModule.forWorkers({
          links: { publicBaseUrl: settings.publicBaseUrl, signingSecret: settings.signingSecret },
        }),
      ],
      providers: [{ provide: EMAIL_SETTINGS, useValue: settings }, AlertEmailTemplates, EmailChannelAdapter],
      exports: [EmailChannelAdapter, EMAIL_SETTINGS],
    };
  }
}
