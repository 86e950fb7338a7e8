import { Controller, Get, Header, Headers, Query, Res } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@childalert/auth';
import type { Response } from 'express';
import { chooseLanguage, PAGE_LANGUAGES } from './public-pages.texts';
import { SUBSCRIBE_SCRIPT } from './subscribe-page.script';
import { subscribePage, unsubscribePage } from './subscribe-pages.renderer';

/** Its own script only; it calls this API alone (push subscriptions go to the browser's push service). */
const SUBSCRIBE_CSP =
  "default-src 'none'; script-src 'self'; connect-src 'self'; worker-src 'self'; style-src 'unsafe-inline'; " +
  "img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/** Where the public subscribes (web push or e-mail) for an area and a language, and unsubscribes. */
@ApiTags('pages')
@Controller()
@Public()
export class SubscribePagesController {
  @Get('subscribe')
  @ApiOperation({ summary: 'The public subscription page (area, language; browser notifications or e-mail)' })
  @ApiOkResponse({ content: { 'text/html': {} } })
  subscribe(
    @Query('lang') requested: string | undefined,
    @Headers('accept-language') acceptLanguage: string | undefined,
    @Res() response: Response,
  ): void {
    this.send(response, subscribePage(chooseLanguage(PAGE_LANGUAGES, requested, acceptLanguage)));
  }

  @Get('unsubscribe')
  @ApiOperation({
    summary: 'How to stop alerts: e-mail (the link in each message) and this browser (a button)',
  })
  @ApiOkResponse({ content: { 'text/html': {} } })
  unsubscribe(
    @Query('lang') requested: string | undefined,
    @Headers('accept-language') acceptLanguage: string | undefined,
    @Res() response: Response,
  ): void {
    this.send(response, unsubscribePage(chooseLanguage(PAGE_LANGUAGES, requested, acceptLanguage)));
  }

  @Get('subscribe.js')
  @ApiExcludeEndpoint()
  @Header('Content-Type', 'text/javascript; charset=utf-8')
  @Header('Cache-Control', 'public, max-age=300')
  @Header('X-Content-Type-Options', 'nosniff')
  script(): string {
    return SUBSCRIBE_SCRIPT;
  }

  private send(response: Response, html: string): void {
    response.setHeader('Cache-Control', 'public, max-age=300');
    response.setHeader('Vary', 'Accept-Language');
    response.setHeader('Content-Security-Policy', SUBSCRIBE_CSP);
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.type('html').send(html);
  }
}
