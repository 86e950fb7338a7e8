import {
  Body,
  Controller,
  Delete,
  HttpCode,
  HttpStatus,
  Param,
  Post,
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
import { MobileSubscriptionDto } from './dto/mobile-subscription.dto';
import { SubscriptionCreatedDto } from './dto/subscription-responses.dto';
import { SubscriptionRateLimitGuard } from './rate-limit/subscription-rate-limit.guard';
import { subscriptionValidationPipe } from './subscription-validation.pipe';

@ApiTags('subscriptions')
@ApiTooManyRequestsResponse({ description: 'Rate limited per client IP; see Retry-After' })
@Controller('v1/subscriptions/mobile')
@Public()
@UseGuards(SubscriptionRateLimitGuard)
@UseFilters(AudienceErrorFilter)
@UsePipes(subscriptionValidationPipe)
export class MobileSubscriptionsController {
  constructor(private readonly subscriptions: SubscriptionService) {}

  /** An app installation's FCM token; the same token again updates it. */
  @Post()
  @HttpCode(HttpStatus.CREATED)
  @ApiCreatedResponse({ type: SubscriptionCreatedDto })
  async subscribe(@Body() body: MobileSubscriptionDto): Promise<SubscriptionCreatedDto> {
    return this.subscriptions.subscribeMobile({
      token: body.token,
      platform: body.platform,
      languages: body.languages,
      area: subscriberAreaOf(body.area),
    });
  }

  /** Deletes the subscription of a token (only the app knows it); 204 whether or not it existed. */
  @Delete(':token')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse()
  async unsubscribe(@Param('token') token: string): Promise<void> {
    await this.subscriptions.unsubscribeMobile(token);
  }
}
