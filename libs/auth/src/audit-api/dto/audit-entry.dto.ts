import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

class AuditActorDto {
  @ApiProperty({ enum: ['user', 'api_key', 'system', 'anonymous'] })
  type!: 'user' | 'api_key' | 'system' | 'anonymous';

  @ApiProperty({ type: String, nullable: true })
  id!: string | null;

  @ApiProperty()
  name!: string;
}

class AuditSubjectDto {
  @ApiProperty({ type: String, nullable: true })
  type!: string | null;

  @ApiProperty({ type: String, nullable: true })
  id!: string | null;
}

export class AuditEntryDto {
  @ApiProperty()
  seq!: number;

  @ApiProperty({ format: 'date-time' })
  at!: string;

  @ApiProperty({ type: AuditActorDto })
  actor!: AuditActorDto;

  @ApiProperty({ example: 'user.created' })
  action!: string;

  @ApiProperty({ type: AuditSubjectDto })
  subject!: AuditSubjectDto;

  @ApiProperty({ type: Object })
  details!: unknown;

  @ApiProperty({ type: String, nullable: true })
  correlationId!: string | null;

  @ApiProperty({ description: 'SHA-256 (hex) of the previous row' })
  prevHash!: string;

  @ApiProperty({ description: 'SHA-256 (hex) of this row, prevHash included' })
  hash!: string;
}

export class AuditPageDto {
  @ApiProperty({ type: [AuditEntryDto] })
  items!: AuditEntryDto[];

  @ApiProperty({ type: Number, nullable: true, description: 'Pass as `before` for the next, older page' })
  nextBefore!: number | null;
}

export class AuditVerificationDto {
  @ApiProperty()
  ok!: boolean;

  @ApiProperty({ description: 'Rows checked' })
  rows!: number;

  @ApiPropertyOptional({
    description: 'Last row of an intact chain (seq, hash): keep it to detect truncation later',
  })
  head?: { seq: number; hash: string } | null;

  @ApiPropertyOptional({ description: 'When broken: the first seq missing, altered or unlinked' })
  firstBrokenSeq?: number;

  @ApiPropertyOptional()
  reason?: string;
}
