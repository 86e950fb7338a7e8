import { Body, Controller, Get, Param, Put, UseFilters, UsePipes } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { SubscriptionService, toSubscriberArea } from '@childalert/audience';
import { type AuthenticatedUser, CurrentUser, Role, Roles } from '@childalert/auth';
import { AudienceErrorFilter } from './audience-error.filter';
import {
  TestAudienceChangeDto,
  TestAudienceListDto,
  TestAudienceParamsDto,
  TestAudienceStateDto,
} from './dto/test-audience.dto';
import { subscriptionValidationPipe } from './subscription-validation.pipe';

/**
 * The test audience: subscriptions (staff devices and mailboxes) that
 * exercise alerts reach, and the only ones they reach. Marked by an
 * ngo_admin with the id the device got when it subscribed; every change is
 * in the audit log. No contact data (endpoint, token, address) is shown.
 */
@ApiTags('subscriptions')
@Controller('v1/subscriptions')
@Roles(Role.NgoAdmin)
@UseFilters(AudienceErrorFilter)
@UsePipes(subscriptionValidationPipe)
export class TestAudienceController {
  constructor(private readonly subscriptions: SubscriptionService) {}

  @Get('test-audience')
  @ApiOkResponse({ type: TestAudienceListDto })
  async list(): Promise<TestAudienceListDto> {
    const entries = await this.subscriptions.listTestAudience();
    return {
      items: entries.map((entry) => ({
        channel: entry.channel,
        id: entry.id,
        area: toSubscriberArea(entry.area),
        languages: entry.languages,
        createdAt: entry.createdAt.toISOString(),
      })),
    };
  }

  @Put(':channel/:id/test-audience')
  @ApiOkResponse({ type: TestAudienceStateDto })
  async set(
    @Param() params: TestAudienceParamsDto,
    @Body() body: TestAudienceChangeDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<TestAudienceStateDto> {
    await this.subscriptions.setTestAudience(
      { type: 'user', id: user.id, name: user.username },
      params.channel,
      params.id,
      body.testAudience,
    );
    return { channel: params.channel, id: params.id, testAudience: body.testAudience };
  }
}
