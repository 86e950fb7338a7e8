import {
  BadRequestException,
  Body,
  Controller,
  Delete,
  HttpCode,
  HttpStatus,
  Post,
  Query,
  UseFilters,
  UseGuards,
  UsePipes,
} from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import { SubscriptionService } from '@childalert/audience';
import { Public } from '@childalert/auth';
import { AudienceErrorFilter } from './audience-error.filter';
import { subscriberAreaOf } from './dto/area.dto';
import { SubscriptionCreatedDto } from './dto/subscription-responses.dto';
import { WebpushSubscriptionDto, WebpushUnsubscribeDto } from './dto/webpush-subscription.dto';
import { SubscriptionRateLimitGuard } from './rate-limit/subscription-rate-limit.guard';
import { subscriptionValidationPipe } from './subscription-validation.pipe';

@ApiTags('subscriptions')
@ApiTooManyRequestsResponse({ description: 'Rate limited per client IP; see Retry-After' })
@Controller('v1/subscriptions/webpush')
@Public()
@UseGuards(SubscriptionRateLimitGuard)
@UseFilters(AudienceErrorFilter)
@UsePipes(subscriptionValidationPipe)
export class WebpushSubscriptionsController {
  constructor(private readonly subscriptions: SubscriptionService) {}

  /** A browser's PushSubscription; the same endpoint again updates it. */
  @Post()
  @HttpCode(HttpStatus.CREATED)
  @ApiCreatedResponse({ type: SubscriptionCreatedDto })
  async subscribe(@Body() body: WebpushSubscriptionDto): Promise<SubscriptionCreatedDto> {
    return this.subscriptions.subscribeWebpush({
      subscription: { endpoint: body.subscription.endpoint, keys: body.subscription.keys },
      languages: body.languages,
      area: subscriberAreaOf(body.area),
    });
  }

  /** Deletes the subscription of an endpoint (body or `?endpoint=`); 204 whether or not it existed. */
  @Delete()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse()
  async unsubscribe(
    @Body() body: WebpushUnsubscribeDto,
    @Query() query: WebpushUnsubscribeDto,
  ): Promise<void> {
    const endpoint = body.endpoint ?? query.endpoint;
    if (!endpoint) {
      throw new BadRequestException(
        'endpoint is required: send the PushSubscription endpoint in the body ({"endpoint": ...}) or as ?endpoint=',
      );
    }
    await this.subscriptions.unsubscribeWebpush(endpoint);
  }
}
