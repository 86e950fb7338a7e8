import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Post,
  Query,
  Req,
  Res,
  UseFilters,
  UseGuards,
  UsePipes,
} from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { EmailSubscriptionService } from '@childalert/audience';
import { Public } from '@childalert/auth';
import { AudienceErrorFilter } from './audience-error.filter';
import { subscriberAreaOf } from './dto/area.dto';
import { EmailSubscriptionDto, LinkTokenQueryDto } from './dto/email-subscription.dto';
import {
  EmailConfirmedDto,
  EmailSubscriptionAcceptedDto,
  EmailUnsubscribeStatusDto,
} from './dto/subscription-responses.dto';
import { SubscriptionRateLimitGuard } from './rate-limit/subscription-rate-limit.guard';
import { reply } from './subscription-pages';
import { subscriptionValidationPipe } from './subscription-validation.pipe';

const ACCEPTED_MESSAGE =
  'If this address can receive e-mail, a confirmation link is on its way. ' +
  'Alerts start once the link is followed.';

/**
 * Double opt-in e-mail subscriptions. The links in e-mails land on GET
 * routes that change nothing but confirming (mail scanners follow links;
 * confirming twice is harmless); deleting needs a POST, the RFC 8058
 * one-click request a mail client sends, or the button of the GET page.
 */
@ApiTags('subscriptions')
@ApiTooManyRequestsResponse({ description: 'Rate limited per client IP; see Retry-After' })
@Controller('v1/subscriptions/email')
@Public()
@UseGuards(SubscriptionRateLimitGuard)
@UseFilters(AudienceErrorFilter)
@UsePipes(subscriptionValidationPipe)
export class EmailSubscriptionsController {
  constructor(private readonly subscriptions: EmailSubscriptionService) {}

  /** 202 whether the address is new, pending or already subscribed: the answer reveals nothing. */
  @Post()
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiAcceptedResponse({ type: EmailSubscriptionAcceptedDto })
  async subscribe(@Body() body: EmailSubscriptionDto): Promise<EmailSubscriptionAcceptedDto> {
    await this.subscriptions.subscribe({
      address: body.address,
      language: body.language,
      area: subscriberAreaOf(body.area),
    });
    return { status: 'confirmation_pending', message: ACCEPTED_MESSAGE };
  }

  @Get('confirm')
  @ApiOkResponse({ type: EmailConfirmedDto, description: 'A page for browsers, JSON otherwise' })
  async confirm(
    @Query() query: LinkTokenQueryDto,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const status = await this.subscriptions.confirm(query.token);
    const body: EmailConfirmedDto = { status };
    reply(request, response, HttpStatus.OK, body, {
      title: 'page.confirmed.title',
      text: 'page.confirmed.text',
    });
  }

  /** Asks before deleting: a page with one button (which POSTs here). */
  @Get('unsubscribe')
  @ApiOkResponse({ type: EmailUnsubscribeStatusDto })
  async confirmUnsubscribe(
    @Query() query: LinkTokenQueryDto,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const { subscribed } = await this.subscriptions.checkUnsubscribe(query.token);
    const body: EmailUnsubscribeStatusDto = { status: subscribed ? 'subscribed' : 'unsubscribed' };
    reply(
      request,
      response,
      HttpStatus.OK,
      body,
      subscribed
        ? {
            title: 'page.unsubscribe.title',
            text: 'page.unsubscribe.text',
            button: 'page.unsubscribe.button',
          }
        : { title: 'page.unsubscribed.title', text: 'page.unsubscribed.text' },
    );
  }

  /** RFC 8058 one-click (`List-Unsubscribe=One-Click`) or the page's button: deletes the record. */
  @Post('unsubscribe')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: EmailUnsubscribeStatusDto })
  async unsubscribe(
    @Query() query: LinkTokenQueryDto,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    await this.subscriptions.unsubscribe(query.token);
    const body: EmailUnsubscribeStatusDto = { status: 'unsubscribed' };
    reply(request, response, HttpStatus.OK, body, {
      title: 'page.unsubscribed.title',
      text: 'page.unsubscribed.text',
    });
  }
}
