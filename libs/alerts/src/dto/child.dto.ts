import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString } from 'class-validator';
import { LIMITS, TEXT_LIMITS } from '../model/alert-limits';
import { SEXES, type Sex } from '../model/alert-content.types';
import { MaxChars, NotBlank, InRange } from './input-validators';

const REQUIRED = { message: '$property is required and must be text' };

export class ChildDto {
  @ApiProperty({ maxLength: TEXT_LIMITS.childName.max, example: 'Maria Papadopoulou' })
  @IsString(REQUIRED)
  @NotBlank()
  @MaxChars(TEXT_LIMITS.childName)
  name!: string;

  @ApiProperty({ minimum: 0, maximum: LIMITS.maxChildAge, example: 7 })
  @IsInt({ message: '$property must be a whole number of years' })
  @InRange(
    0,
    LIMITS.maxChildAge,
    `$property must be from 0 to ${LIMITS.maxChildAge}: AMBER alerts are for children under 18`,
  )
  age!: number;

  @ApiProperty({ enum: SEXES })
  @IsIn(SEXES, { message: `$property must be one of ${SEXES.join(', ')}` })
  sex!: Sex;

  @ApiPropertyOptional({ minimum: LIMITS.minHeightCm, maximum: LIMITS.maxHeightCm, example: 120 })
  @IsOptional()
  @IsInt({ message: '$property must be a whole number of centimetres' })
  @InRange(
    LIMITS.minHeightCm,
    LIMITS.maxHeightCm,
    `$property must be from ${LIMITS.minHeightCm} to ${LIMITS.maxHeightCm} (centimetres)`,
  )
  heightCm?: number;

  @ApiPropertyOptional({ maxLength: TEXT_LIMITS.shortFact.max, example: 'slim' })
  @IsOptional()
  @IsString({ message: '$property must be text' })
  @MaxChars(TEXT_LIMITS.shortFact)
  build?: string;

  @ApiPropertyOptional({ maxLength: TEXT_LIMITS.shortFact.max, example: 'long, brown' })
  @IsOptional()
  @IsString({ message: '$property must be text' })
  @MaxChars(TEXT_LIMITS.shortFact)
  hair?: string;

  @ApiPropertyOptional({ maxLength: TEXT_LIMITS.shortFact.max, example: 'brown' })
  @IsOptional()
  @IsString({ message: '$property must be text' })
  @MaxChars(TEXT_LIMITS.shortFact)
  eyes?: string;

  @ApiPropertyOptional({ maxLength: TEXT_LIMITS.clothing.max, example: 'red jacket, blue jeans' })
  @IsOptional()
  @IsString({ message: '$property must be text' })
  @MaxChars(TEXT_LIMITS.clothing)
  clothing?: string;

  @ApiPropertyOptional({ maxLength: TEXT_LIMITS.distinguishingMarks.max })
  @IsOptional()
  @IsString({ message: '$property must be text' })
  @MaxChars(TEXT_LIMITS.distinguishingMarks)
  distinguishingMarks?: string;
}

/** For PATCH (JSON Merge Patch): every field optional, `null` removes an optional one. */
export class ChildPatchDto extends PartialType(ChildDto) {}
