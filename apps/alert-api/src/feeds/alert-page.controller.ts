import { Controller, Get, Param, ParseUUIDPipe, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { escapeHtml, HOTLINE_116000, HOTLINE_116000_DIAL } from '@childalert/alerts';
import { Public } from '@childalert/auth';
import { t } from '@childalert/i18n';
import type { Response } from 'express';
import { AlertViewService } from '../alerts/alert-view.service';
import type { PublicAlertDto } from '../alerts/dto/alert-view.dto';

/**
 * The public page of an alert (the `web` link of its CAP message, Atom
 * entry and notifications). Built from the public view only, so once the
 * alert ends the page shows the outcome and nothing personal.
 */
@ApiTags('pages')
@Controller('alerts')
@Public()
export class AlertPageController {
  constructor(private readonly views: AlertViewService) {}

  @Get(':id')
  @ApiOperation({ summary: 'The public HTML page of an alert' })
  @ApiOkResponse({ content: { 'text/html': {} } })
  async page(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query('lang') language: string | undefined,
    @Res() response: Response,
  ): Promise<void> {
    const view = await this.views.publicDetail(id);
    response.setHeader('Cache-Control', 'public, max-age=30');
    response.setHeader(
      'Content-Security-Policy',
      "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'",
    );
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.type('html').send(pageOf(view, language));
  }
}

function pageOf(view: PublicAlertDto, requested: string | undefined): string {
  const languages = view.alert?.languages ?? Object.keys(view.messages ?? {});
  const language = requested && languages.includes(requested) ? requested : (languages[0] ?? 'en');
  const label = view.exercise
    ? `<p class="exercise">${escapeHtml(t(language, 'alert.label.exercise'))}</p>`
    : '';
  let main: string;
  let title: string;
  if (view.alert) {
    const content = view.alert;
    const child = content.child as { name: string; age: number };
    const texts = (content.texts[language] ?? {}) as {
      headline?: string;
      description?: string;
      circumstances?: string;
    };
    title = texts.headline ?? `${t(language, 'alert.brand')}: ${child.name}, ${child.age}`;
    const photos = content.photos
      .map(
        (photo) => `<img src="${escapeHtml(photo.urls.email)}" alt="${escapeHtml(child.name)}" width="300">`,
      )
      .join('');
    main = [
      photos,
      `<p>${escapeHtml(texts.description ?? '')}</p>`,
      `<p>${escapeHtml(texts.circumstances ?? '')}</p>`,
      `<p class="call"><a href="tel:${HOTLINE_116000_DIAL}">${escapeHtml(HOTLINE_116000)}</a></p>`,
    ].join('\n');
  } else {
    const message = view.messages?.[language] ?? { label: '', text: '' };
    title = message.label;
    main = `<p>${escapeHtml(message.text)}</p>`;
  }
  return `<!doctype html>
<html lang="${escapeHtml(language)}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="alternate" type="application/cap+xml" href="${escapeHtml(view.capUrl)}">
<style>body{font-family:sans-serif;max-width:40em;margin:auto;padding:1em}.exercise{background:#fc0;font-weight:bold;padding:.5em}.call{font-size:1.5em}</style>
</head>
<body>
${label}<h1>${escapeHtml(title)}</h1>
${main}
</body>
</html>
`;
}
