import { Body, Controller, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { auditActorOfUser, type AuthenticatedUser, CurrentUser, Role, Roles } from '@childalert/auth';
import { PartnerCreateDto } from './dto/partner-create.dto';
import { PartnerRegistryService } from './partner-registry.service';
import { PartnerReissueService } from './partner-reissue.service';
import { PartnerRepository } from './partner.repository';
import { inboundAlertView, partnerView } from './partner-view';

/** The NGO admin's register of partner systems, and the operators' view of what partners sent in. */
@ApiTags('partners')
@Controller('v1/partners')
export class PartnersController {
  constructor(
    private readonly registry: PartnerRegistryService,
    private readonly reissue: PartnerReissueService,
    private readonly partners: PartnerRepository,
  ) {}

  @Post()
  @Roles(Role.NgoAdmin)
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({ summary: 'Registers a partner system; answers its API key, shown this once' })
  async create(@Body() body: PartnerCreateDto, @CurrentUser() user: AuthenticatedUser) {
    const { partner, apiKey } = await this.registry.create(body, user);
    return { partner: partnerView(partner), apiKey };
  }

  @Get()
  @Roles(Role.NgoAdmin, Role.NgoOperator)
  async list() {
    return { items: (await this.registry.list()).map(partnerView) };
  }

  @Get('inbound-alerts')
  @Roles(Role.NgoOperator, Role.NgoAdmin)
  @ApiOperation({ summary: "Partners' alerts received, newest first, with their re-issue here" })
  async inbound() {
    return { items: (await this.partners.inboundAlerts()).map(inboundAlertView) };
  }

  @Post('inbound-alerts/:id/reissue')
  @Roles(Role.NgoOperator)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary:
      "Makes the partner's alert a local VALIDATED alert linked to it; then preview and activate it as any alert",
  })
  async reissueOne(@Param('id', new ParseUUIDPipe()) id: string, @CurrentUser() user: AuthenticatedUser) {
    return this.reissue.prepare(id, auditActorOfUser(user));
  }

  @Get(':id')
  @Roles(Role.NgoAdmin, Role.NgoOperator)
  async get(@Param('id', new ParseUUIDPipe()) id: string) {
    return partnerView(await this.registry.get(id));
  }

  @Post(':id/disable')
  @Roles(Role.NgoAdmin)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Stops every exchange with the partner and revokes its API key' })
  async disable(@Param('id', new ParseUUIDPipe()) id: string, @CurrentUser() user: AuthenticatedUser) {
    return partnerView(await this.registry.disable(id, user));
  }
}
