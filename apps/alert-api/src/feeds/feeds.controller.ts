import { Controller, Get, Param, ParseUUIDPipe, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Public } from '@childalert/auth';
import { ATOM_MIME_TYPE, CAP_MIME_TYPE } from '@childalert/cap';
import type { Request, Response } from 'express';
import { ApiError } from '../common/api.error';
import { etagMatches } from '../common/http-cache';
import { type FeedDocument, FeedService } from './feed.service';

/** Feeds change at most once a publication; 30 s keeps an ended alert's data out of caches within a minute. */
const FEED_CACHE_CONTROL = 'public, max-age=30';

@ApiTags('feeds')
@Controller('feeds')
@Public()
export class FeedsController {
  constructor(private readonly feeds: FeedService) {}

  @Get('alerts.atom')
  @ApiOperation({
    summary: 'Atom feed of live alerts, each entry linking its CAP message (ETag, If-None-Match)',
  })
  @ApiQuery({ name: 'exercise', required: false, description: 'true: the feed of EXERCISE alerts instead' })
  @ApiQuery({
    name: 'lang',
    required: false,
    description: 'ISO 639-1: entries in this language where the alert has it',
  })
  @ApiOkResponse({ content: { [ATOM_MIME_TYPE]: {} } })
  async atom(
    @Query('exercise') exercise: string | undefined,
    @Query('lang') language: string | undefined,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    if (exercise !== undefined && exercise !== 'true' && exercise !== 'false') {
      throw ApiError.badRequest('invalid_input', 'exercise must be true or false');
    }
    const feed = await this.feeds.atom({ exercise: exercise === 'true', ...(language ? { language } : {}) });
    send(request, response, feed, `${ATOM_MIME_TYPE}; charset=utf-8`);
  }

  @Get('alerts/:id.cap.xml')
  @ApiOperation({ summary: "The alert's latest CAP 1.2 message, byte for byte as published" })
  @ApiOkResponse({ content: { [CAP_MIME_TYPE]: {} } })
  async cap(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    send(request, response, await this.feeds.cap(id), `${CAP_MIME_TYPE}; charset=utf-8`);
  }
}

function send(request: Request, response: Response, document: FeedDocument, contentType: string): void {
  response.setHeader('ETag', document.etag);
  response.setHeader('Cache-Control', FEED_CACHE_CONTROL);
  response.setHeader('X-Content-Type-Options', 'nosniff');
  if (etagMatches(request.headers['if-none-match'], document.etag)) {
    response.status(304).end();
    return;
  }
  response.setHeader('Content-Type', contentType);
  // A Buffer, so Express sends the stored bytes as they are (no re-encoding, no weak ETag of its own).
  response.status(200).send(Buffer.from(document.body, 'utf8'));
}
