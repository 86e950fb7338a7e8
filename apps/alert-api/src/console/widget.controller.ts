import { BadRequestException, Controller, Get, Header, Headers, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { type AlertArea, AlertAreaMatcher, REGION_CODE_PATTERN, toStoredArea } from '@childalert/audience';
import { Public } from '@childalert/auth';
import type { Response } from 'express';
import { PublicAlertViews } from './alert-views.provider';
import { chooseLanguage, PAGE_LANGUAGES } from './public-pages.texts';
import { WIDGET_SCRIPT, widgetPage } from './widget.renderer';

/**
 * Embeddable anywhere: no frame-ancestors at all (even `*` refuses a parent
 * of opaque origin, e.g. a sandboxed or local page); it runs no script and loads only from here.
 */
const WIDGET_CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; base-uri 'none'";

/** The widget any website can embed: active alerts for a region (an iframe, or widget.js that adds it). */
@ApiTags('pages')
@Controller()
@Public()
export class WidgetController {
  constructor(private readonly views: PublicAlertViews) {}

  @Get('widget')
  @ApiOperation({ summary: 'Active alerts for a region, as a small HTML page to embed in an iframe' })
  @ApiQuery({ name: 'region', example: 'GR-I', description: 'ISO 3166-1 or ISO 3166-2 code' })
  @ApiQuery({ name: 'lang', required: false, example: 'el' })
  @ApiOkResponse({ content: { 'text/html': {} } })
  async widget(
    @Query('region') region: string | undefined,
    @Query('lang') requested: string | undefined,
    @Query('exercise') exercise: string | undefined,
    @Headers('accept-language') acceptLanguage: string | undefined,
    @Res() response: Response,
  ): Promise<void> {
    const code = (region ?? 'GR').trim().toUpperCase();
    if (!REGION_CODE_PATTERN.test(code)) {
      throw new BadRequestException('region must be an ISO 3166 code such as GR or GR-I');
    }
    const language = chooseLanguage(PAGE_LANGUAGES, requested, acceptLanguage);
    // The same matching as the audience: the alert's area against a subscriber of that region.
    const area = toStoredArea({ kind: 'regions', codes: [code] }, 'region');
    const alerts = (await this.views.active(exercise === 'true')).filter((view) =>
      new AlertAreaMatcher(view.alert!.area as unknown as AlertArea).matches(area),
    );
    response.setHeader('Cache-Control', 'public, max-age=60');
    response.setHeader('Vary', 'Accept-Language');
    response.setHeader('Content-Security-Policy', WIDGET_CSP);
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.type('html').send(widgetPage(alerts, code, language));
  }

  @Get('widget.js')
  @ApiOperation({ summary: 'A script tag that adds the widget: data-region, data-lang, data-height' })
  @Header('Content-Type', 'text/javascript; charset=utf-8')
  @Header('Cache-Control', 'public, max-age=3600')
  @Header('Access-Control-Allow-Origin', '*')
  @Header('X-Content-Type-Options', 'nosniff')
  script(): string {
    return WIDGET_SCRIPT;
  }
}
