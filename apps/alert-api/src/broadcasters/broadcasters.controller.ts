import { Body, Controller, Get, HttpCode, HttpStatus, Param, Patch, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser, Role, Roles } from '@childalert/auth';
import { BroadcasterService, type BroadcasterCredentials } from './broadcaster.service';
import {
  BroadcasterCreateDto,
  BroadcasterDisableDto,
  BroadcasterUpdateDto,
} from './dto/broadcaster-input.dto';
import { BroadcasterCredentialsDto, BroadcasterViewDto, toBroadcasterView } from './dto/broadcaster-view.dto';

/** The NGO admin's register of media broadcasters. */
@ApiTags('broadcasters')
@Controller('v1/broadcasters')
@Roles(Role.NgoAdmin)
export class BroadcastersController {
  constructor(private readonly broadcasters: BroadcasterService) {}

  @Post()
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({
    summary: 'Registers a broadcaster; answers its signing secret and API key, shown this once',
  })
  @ApiCreatedResponse({ type: BroadcasterCredentialsDto })
  async create(
    @Body() body: BroadcasterCreateDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<BroadcasterCredentialsDto> {
    return credentialsOf(await this.broadcasters.create(body, user));
  }

  @Get()
  @ApiOkResponse({ type: [BroadcasterViewDto] })
  async list(): Promise<{ items: BroadcasterViewDto[] }> {
    return { items: (await this.broadcasters.list()).map(toBroadcasterView) };
  }

  @Get(':id')
  @ApiOkResponse({ type: BroadcasterViewDto })
  async get(@Param('id') id: string): Promise<BroadcasterViewDto> {
    return toBroadcasterView(await this.broadcasters.get(id));
  }

  @Patch(':id')
  @ApiOkResponse({ type: BroadcasterViewDto })
  async update(
    @Param('id') id: string,
    @Body() body: BroadcasterUpdateDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<BroadcasterViewDto> {
    return toBroadcasterView(await this.broadcasters.update(id, body, user));
  }

  @Post(':id/disable')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Stops webhooks and the feed for this broadcaster' })
  async disable(
    @Param('id') id: string,
    @Body() body: BroadcasterDisableDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<BroadcasterViewDto> {
    return toBroadcasterView(await this.broadcasters.setActive(id, false, user, body.reason));
  }

  @Post(':id/enable')
  @HttpCode(HttpStatus.OK)
  async enable(@Param('id') id: string, @CurrentUser() user: AuthenticatedUser): Promise<BroadcasterViewDto> {
    return toBroadcasterView(await this.broadcasters.setActive(id, true, user));
  }

  @Post(':id/rotate-secret')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'A new signing secret, shown once; the old one also signs for 24 hours' })
  async rotateSecret(
    @Param('id') id: string,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<BroadcasterCredentialsDto> {
    return credentialsOf(await this.broadcasters.rotateSecret(id, user));
  }

  @Post(':id/rotate-api-key')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'A new API key, shown once; the old one stops working at once' })
  async rotateApiKey(
    @Param('id') id: string,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<BroadcasterCredentialsDto> {
    return credentialsOf(await this.broadcasters.rotateApiKey(id, user));
  }
}

function credentialsOf(credentials: BroadcasterCredentials): BroadcasterCredentialsDto {
  return {
    broadcaster: toBroadcasterView(credentials.broadcaster),
    ...(credentials.signingSecret !== undefined ? { signingSecret: credentials.signingSecret } : {}),
    ...(credentials.apiKey !== undefined ? { apiKey: credentials.apiKey } : {}),
  };
}
