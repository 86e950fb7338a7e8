import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuditService, type AuditVerification } from '@childalert/audit';
import { Roles } from '../access/access-rule';
import { Role } from '../role';
import { AuditPageDto, AuditVerificationDto } from './dto/audit-entry.dto';
import { AuditQueryDto } from './dto/audit-query.dto';

/** The audit trail, for auditors only. Lives here (not in libs/audit) so libs/audit does not depend on auth. */
@ApiTags('audit')
@Controller('v1/audit')
@Roles(Role.Auditor)
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiOkResponse({ type: AuditPageDto })
  list(@Query() query: AuditQueryDto): Promise<AuditPageDto> {
    return this.audit.list({
      actor: query.actor,
      action: query.action,
      subjectType: query.subjectType,
      subjectId: query.subjectId,
      from: query.from !== undefined ? new Date(query.from) : undefined,
      to: query.to !== undefined ? new Date(query.to) : undefined,
      before: query.before,
      limit: query.limit,
    });
  }

  @Get('verify')
  @ApiOkResponse({ type: AuditVerificationDto })
  verify(): Promise<AuditVerification> {
    return this.audit.verify();
  }
}
