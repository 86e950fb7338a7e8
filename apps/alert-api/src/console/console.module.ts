import { Module } from '@nestjs/common';
import { PublicAlertViews } from './alert-views.provider';
import { ConsoleAssetsController } from './console-assets.controller';
import { PublicAlertPageController } from './public-alert-page.controller';
import { SubscribePagesController } from './subscribe-pages.controller';
import { WidgetController } from './widget.controller';

/**
 * What people see in a browser: the operator console (the single-page app
 * built from web/ into dist/web, under /console) and the public pages
 * (an alert's page, subscribe and unsubscribe, the embeddable widget).
 * Imported before AlertsModule, so its /alerts/:id page is the one served.
 */
@Module({
  controllers: [
    ConsoleAssetsController,
    PublicAlertPageController,
    SubscribePagesController,
    WidgetController,
  ],
  providers: [PublicAlertViews],
})
export class ConsoleModule {}
