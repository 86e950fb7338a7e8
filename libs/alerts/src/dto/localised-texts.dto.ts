import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';
import { TEXT_LIMITS } from '../model/alert-limits';
import { MaxChars, NotBlank } from './input-validators';

/** The prose of an alert in one language; the value of `texts[<ISO 639-1 code>]`. */
export class LocalisedTextsDto {
  @ApiPropertyOptional({
    maxLength: TEXT_LIMITS.headline.max,
    description: 'Defaults to "Missing child: {name}, {age}"',
  })
  @IsOptional()
  @IsString({ message: '$property must be text' })
  @NotBlank('$property must not be empty; leave it out for the default headline')
  @MaxChars(TEXT_LIMITS.headline)
  headline?: string;

  @ApiProperty({ maxLength: TEXT_LIMITS.description.max })
  @IsString({ message: '$property is required and must be text' })
  @NotBlank()
  @MaxChars(TEXT_LIMITS.description)
  description!: string;

  @ApiProperty({ maxLength: TEXT_LIMITS.circumstances.max })
  @IsString({ message: '$property is required and must be text' })
  @NotBlank()
  @MaxChars(TEXT_LIMITS.circumstances)
  circumstances!: string;

  @ApiPropertyOptional({
    maxLength: TEXT_LIMITS.instruction.max,
    description: 'Defaults to "call 116 000 or the police"',
  })
  @IsOptional()
  @IsString({ message: '$property must be text' })
  @NotBlank('$property must not be empty; leave it out for the default instruction')
  @MaxChars(TEXT_LIMITS.instruction)
  instruction?: string;

  @ApiPropertyOptional({ maxLength: TEXT_LIMITS.areaDescription.max })
  @IsOptional()
  @IsString({ message: '$property must be text' })
  @NotBlank()
  @MaxChars(TEXT_LIMITS.areaDescription)
  areaDescription?: string;
}

/** For PATCH: merged into the language's texts; `null` removes an optional text (back to the default). */
export class LocalisedTextsPatchDto extends PartialType(LocalisedTextsDto) {}
