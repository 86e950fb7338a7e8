import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Role, Roles } from '@childalert/auth';
import { ApiError } from '../common/api.error';
import { DeliveryIssuesRepository } from './delivery-issues.repository';
import { DeadLettersDto, PartnerAcksDto } from './dto/delivery-issues.dto';

const uuid = () => new ParseUUIDPipe({ version: undefined });

/** Read-only lists for the NGO's live dashboard (the access guard denies every other role). */
@ApiTags('deliveries')
@Controller('v1/alerts/:id')
@Roles(Role.NgoOperator, Role.NgoAdmin)
export class DeliveryIssuesController {
  constructor(private readonly issues: DeliveryIssuesRepository) {}

  @Get('dead-letters')
  @ApiOperation({
    summary: 'Recipients the workers gave up on (failed for good), newest first, with the last error',
  })
  @ApiOkResponse({ type: DeadLettersDto })
  async deadLetters(@Param('id', uuid()) id: string): Promise<DeadLettersDto> {
    await this.assertAlertExists(id);
    return { alertId: id, ...(await this.issues.deadLetters(id)) };
  }

  @Get('partner-acks')
  @ApiOperation({
    summary: 'Partner systems this alert concerns, why, and the versions each acknowledged (CAP Ack)',
  })
  @ApiOkResponse({ type: PartnerAcksDto })
  async partnerAcks(@Param('id', uuid()) id: string): Promise<PartnerAcksDto> {
    await this.assertAlertExists(id);
    return { alertId: id, items: await this.issues.partnerAcks(id) };
  }

  private async assertAlertExists(id: string): Promise<void> {
    if (!(await this.issues.alertExists(id))) throw ApiError.notFound(`alert ${id}`);
  }
}
