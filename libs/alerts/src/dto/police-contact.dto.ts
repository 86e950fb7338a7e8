import { ApiProperty, PartialType } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';
import { PHONE_NUMBER, TEXT_LIMITS } from '../model/alert-limits';
import { MaxChars, NotBlank } from './input-validators';

export class PoliceContactDto {
  @ApiProperty({
    maxLength: TEXT_LIMITS.policeUnit.max,
    example: 'Attica Police Directorate, Missing Persons',
  })
  @IsString({ message: '$property is required and must be text' })
  @NotBlank()
  @MaxChars(TEXT_LIMITS.policeUnit)
  unit!: string;

  @ApiProperty({ example: '+30 210 000 0000' })
  @IsString({ message: '$property is required and must be text' })
  @Matches(PHONE_NUMBER, { message: '$property must be a phone number as dialled, e.g. +30 210 000 0000' })
  phone!: string;
}

export class PoliceContactPatchDto extends PartialType(PoliceContactDto) {}
