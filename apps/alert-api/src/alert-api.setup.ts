import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { API_KEY_HEADER, API_KEY_SECURITY_NAME } from '@childalert/auth';

/**
 * What alert-api sets up on the app itself: the OpenAPI document at
 * /docs-json and its UI at /docs. main.ts runs it before listening; the
 * e2e tests run it too, so they serve what production serves.
 */
export function setUpAlertApi(app: INestApplication): void {
  // An alert in 14 languages at the channels' text limits is a few hundred kB of JSON, over the 100 kB default.
  (app as NestExpressApplication).useBodyParser('json', { limit: '1mb' });
  const config = new DocumentBuilder()
    .setTitle('childalert alert-api')
    .setDescription(
      'AMBER-style child alerts: drafting by police, validation against the criteria with a prosecutor’s order, ' +
        'activation by the NGO after a preview, updates, resolution; public feeds (Atom, CAP 1.2) and JSON. ' +
        'Log in with POST /v1/auth/token and send the token as a Bearer credential.',
    )
    .setVersion('1')
    .addBearerAuth()
    .addApiKey({ type: 'apiKey', in: 'header', name: API_KEY_HEADER }, API_KEY_SECURITY_NAME)
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, config), {
    jsonDocumentUrl: 'docs-json',
  });
}
