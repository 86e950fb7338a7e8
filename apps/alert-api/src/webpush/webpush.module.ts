import { type DynamicModule, Module } from '@nestjs/common';
import { resolveVapidPublicKey } from './vapid-public-key';
import { VAPID_PUBLIC_KEY, WebpushController } from './webpush.controller';

export interface WebpushModuleOptions {
  /** VAPID_PUBLIC_KEY; '' outside production reads (or makes) the shared key file. */
  vapidPublicKey: string;
  vapidKeyFile: string;
  production: boolean;
}

/** GET /v1/webpush/vapid-public-key and /sw.js: what the public pages need to subscribe to web push. */
@Module({})
export class WebpushModule {
  static forRoot(options: WebpushModuleOptions): DynamicModule {
    return {
      module: WebpushModule,
      controllers: [WebpushController],
      providers: [
        {
          provide: VAPID_PUBLIC_KEY,
          useFactory: () =>
            resolveVapidPublicKey({
              publicKey: options.vapidPublicKey,
              keyFile: options.vapidKeyFile,
              production: options.production,
            }) ?? null,
        },
      ],
    };
  }
}
