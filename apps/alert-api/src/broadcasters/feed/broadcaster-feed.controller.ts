import { Controller, Get, Param, ParseUUIDPipe, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiKeyAuth, type AuthenticatedApiKey, CurrentApiKey, Role, Roles } from '@childalert/auth';
import { ATOM_MIME_TYPE } from '@childalert/cap';
import type { Request, Response } from 'express';
import { ApiError } from '../../common/api.error';
import { etagMatches } from '../../common/http-cache';
import { BROADCASTER_KEY_KIND } from '../broadcaster.types';
import { ImageCardService } from '../card/image-card.service';
import { BroadcasterFeedService } from './broadcaster-feed.service';

/** What a broadcaster pulls with its API key (X-API-Key): its feed and the image cards. */
@ApiTags('broadcast')
@Controller('v1/broadcast')
export class BroadcasterFeedController {
  constructor(
    private readonly feeds: BroadcasterFeedService,
    private readonly cards: ImageCardService,
  ) {}

  @Get('feed.atom')
  @ApiKeyAuth(BROADCASTER_KEY_KIND)
  @ApiOperation({
    summary: "Atom feed of the alerts of the broadcaster's area and languages, CAP 1.2 embedded",
  })
  @ApiOkResponse({ content: { [ATOM_MIME_TYPE]: {} } })
  async feed(
    @CurrentApiKey() key: AuthenticatedApiKey,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const broadcaster = await this.feeds.activeBroadcaster(key.ownerId);
    const feed = await this.feeds.feed(broadcaster);
    response.setHeader('ETag', feed.etag);
    // Private: the feed is per broadcaster; short, so an ended alert's data leaves caches quickly.
    response.setHeader('Cache-Control', 'private, max-age=30');
    response.setHeader('X-Content-Type-Options', 'nosniff');
    if (etagMatches(request.headers['if-none-match'], feed.etag)) {
      response.status(304).end();
      return;
    }
    response.setHeader('Content-Type', `${ATOM_MIME_TYPE}; charset=utf-8`);
    response.status(200).send(Buffer.from(feed.body, 'utf8'));
  }

  @Get('alerts/:id/card.png')
  @ApiKeyAuth(BROADCASTER_KEY_KIND)
  @Roles(Role.NgoOperator, Role.NgoAdmin)
  @ApiOperation({
    summary: 'Ready-to-air 1920×1080 PNG card of the alert as it stands (after the end: no personal data)',
  })
  @ApiQuery({
    name: 'lang',
    required: false,
    description: 'ISO 639-1; the alert’s primary language when absent or not written',
  })
  @ApiOkResponse({ content: { 'image/png': {} } })
  async card(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query('lang') language: string | undefined,
    @Req() request: Request & { apiKey?: AuthenticatedApiKey },
    @Res() response: Response,
  ): Promise<void> {
    if (language !== undefined && !/^[a-z]{2}$/.test(language)) {
      throw ApiError.badRequest('invalid_input', 'lang must be an ISO 639-1 code such as "el"');
    }
    if (request.apiKey) await this.feeds.activeBroadcaster(request.apiKey.ownerId);
    const card = await this.cards.card(id, language);
    response.setHeader('ETag', card.etag);
    response.setHeader('Cache-Control', 'private, max-age=30');
    response.setHeader('Content-Language', card.language);
    if (etagMatches(request.headers['if-none-match'], card.etag)) {
      response.status(304).end();
      return;
    }
    response.setHeader('Content-Type', 'image/png');
    response.status(200).send(card.png);
  }
}
