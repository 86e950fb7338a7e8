import { Controller, Get, Headers, Param, ParseUUIDPipe, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@childalert/auth';
import type { Response } from 'express';
import { PublicAlertViews } from './alert-views.provider';
import { publicAlertPage } from './public-alert-page.renderer';
import { chooseLanguage } from './public-pages.texts';

/** Pages people open from a notification: no script, inline styles, images from here only. */
export const PUBLIC_PAGE_CSP =
  "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'self'";

/**
 * The public page of an alert (the `web` link of its CAP message, feed entry
 * and notifications): server-rendered, light, without script. Built from the
 * public view only, so once the alert ends it shows the outcome and nothing personal.
 */
@ApiTags('pages')
@Controller('alerts')
@Public()
export class PublicAlertPageController {
  constructor(private readonly views: PublicAlertViews) {}

  @Get(':id')
  @ApiOperation({
    summary: 'The public HTML page of an alert, in the visitor’s language (?lang= or Accept-Language)',
  })
  @ApiOkResponse({ content: { 'text/html': {} } })
  async page(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query('lang') requested: string | undefined,
    @Headers('accept-language') acceptLanguage: string | undefined,
    @Res() response: Response,
  ): Promise<void> {
    const view = await this.views.one(id);
    const languages = view.alert?.languages ?? Object.keys(view.messages ?? {});
    const language = chooseLanguage(languages, requested, acceptLanguage);
    response.setHeader('Cache-Control', 'public, max-age=30');
    response.setHeader('Vary', 'Accept-Language');
    response.setHeader('Content-Security-Policy', PUBLIC_PAGE_CSP);
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.type('html').send(publicAlertPage(view, language, languages));
  }
}
