import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString } from 'class-validator';
import { LIMITS, TEXT_LIMITS } from '../model/alert-limits';
import { MaxChars, NotBlank, InRange } from './input-validators';

export class SuspectDto {
  @ApiPropertyOptional({ maxLength: TEXT_LIMITS.suspectName.max })
  @IsOptional()
  @IsString({ message: '$property must be text' })
  @MaxChars(TEXT_LIMITS.suspectName)
  name?: string;

  @ApiPropertyOptional({ minimum: 0, maximum: LIMITS.maxSuspectAge })
  @IsOptional()
  @IsInt({ message: '$property must be a whole number of years' })
  @InRange(0, LIMITS.maxSuspectAge, `$property must be from 0 to ${LIMITS.maxSuspectAge}`)
  age?: number;

  @ApiProperty({ maxLength: TEXT_LIMITS.suspectDescription.max, example: 'man, about 40, grey beard' })
  @IsString({ message: '$property is required and must be text' })
  @NotBlank()
  @MaxChars(TEXT_LIMITS.suspectDescription)
  description!: string;
}
