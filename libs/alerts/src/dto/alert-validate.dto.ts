import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { Equals, IsDefined, IsIn, IsOptional, IsString, IsUUID, ValidateNested } from 'class-validator';
import { TEXT_LIMITS } from '../model/alert-limits';
import { FAMILY_CONSENT_VALUES, type FamilyConsent } from '../model/alert.types';
import { MaxChars, NotBlank, MinChars, IsIsoDateTime } from './input-validators';

const CONFIRM = (criterion: string) => ({
  message: `$property must be true: confirm that ${criterion}, or reject the alert with a reason`,
});

/** Each AMBER criterion, confirmed explicitly: a missing or false answer refuses the validation. */
export class CriteriaDto {
  @ApiProperty({ enum: [true] })
  @Equals(true, CONFIRM('the child is under 18'))
  childUnder18!: true;

  @ApiProperty({ enum: [true] })
  @Equals(true, CONFIRM('the police believe an abduction has occurred'))
  abductionBelieved!: true;

  @ApiProperty({ enum: [true] })
  @Equals(true, CONFIRM('the child is in imminent danger of serious harm'))
  imminentDanger!: true;

  @ApiProperty({ enum: [true] })
  @Equals(true, CONFIRM('there is enough descriptive information'))
  sufficientDescription!: true;

  @ApiProperty({ enum: FAMILY_CONSENT_VALUES })
  @IsIn(FAMILY_CONSENT_VALUES, {
    message: `$property must be one of ${FAMILY_CONSENT_VALUES.join(', ')}: without consent where the law requires it, reject the alert`,
  })
  familyConsent!: FamilyConsent;
}

export class ProsecutorOrderDto {
  @ApiProperty({ maxLength: TEXT_LIMITS.reference.max, example: 'ΕΓ-2026/1234' })
  @IsString({ message: '$property is required and must be text' })
  @NotBlank()
  @MaxChars(TEXT_LIMITS.reference)
  reference!: string;

  @ApiProperty({ maxLength: TEXT_LIMITS.policeUnit.max, example: "Athens Public Prosecutor's Office" })
  @IsString({ message: '$property is required and must be text' })
  @NotBlank()
  @MaxChars(TEXT_LIMITS.policeUnit)
  issuingOffice!: string;

  @ApiProperty({ format: 'date-time' })
  @IsIsoDateTime('past')
  issuedAt!: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Id of the uploaded scan of the order' })
  @IsOptional()
  @IsUUID('all', { message: '$property must be the id returned by the document upload' })
  documentId?: string;
}

/** `POST /v1/alerts/{id}/validate` (police_supervisor, not the author). */
export class AlertValidateDto {
  @ApiProperty({ type: CriteriaDto })
  @IsDefined({ message: '$property is required: confirm each criterion' })
  @ValidateNested({ message: '$property must be an object with one answer per criterion' })
  @Type(() => CriteriaDto)
  criteria!: CriteriaDto;

  @ApiProperty({ type: ProsecutorOrderDto })
  @IsDefined({ message: "$property is required: an alert goes out only on a prosecutor's order" })
  @ValidateNested({ message: '$property must be an object with reference, issuingOffice and issuedAt' })
  @Type(() => ProsecutorOrderDto)
  prosecutorOrder!: ProsecutorOrderDto;
}

/** `POST /v1/alerts/{id}/reject`, and the reason of a cancellation. */
export class AlertReasonDto {
  @ApiProperty({ maxLength: TEXT_LIMITS.reason.max })
  @IsString({ message: '$property is required and must be text' })
  @MinChars(3, '$property must say why, in a few words at least')
  @MaxChars(TEXT_LIMITS.reason)
  reason!: string;
}
