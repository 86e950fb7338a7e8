import { ApiProperty, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsNumber, IsString, ValidateNested } from 'class-validator';
import { TEXT_LIMITS } from '../model/alert-limits';
import { MaxChars, NotBlank, InRange, IsIsoDateTime } from './input-validators';

export class PlaceDto {
  @ApiProperty({ minimum: -90, maximum: 90, example: 37.9838 })
  @IsNumber(
    { allowNaN: false, allowInfinity: false },
    { message: '$property must be a number (decimal degrees)' },
  )
  @InRange(-90, 90, '$property must be between -90 and 90')
  lat!: number;

  @ApiProperty({ minimum: -180, maximum: 180, example: 23.7275 })
  @IsNumber(
    { allowNaN: false, allowInfinity: false },
    { message: '$property must be a number (decimal degrees)' },
  )
  @InRange(-180, 180, '$property must be between -180 and 180')
  lon!: number;

  @ApiProperty({ maxLength: TEXT_LIMITS.address.max, example: 'Omonoia Square, Athens' })
  @IsString({ message: '$property is required and must be text' })
  @NotBlank()
  @MaxChars(TEXT_LIMITS.address)
  address!: string;
}

export class LastSeenDto {
  @ApiProperty({ format: 'date-time', example: '2026-03-01T14:30:00+02:00' })
  @IsIsoDateTime('past')
  at!: string;

  @ApiProperty({ type: PlaceDto })
  @IsDefined({ message: '$property is required' })
  @ValidateNested({ message: '$property must be an object with lat, lon and address' })
  @Type(() => PlaceDto)
  place!: PlaceDto;
}

/** For PATCH: `at` and/or a whole new `place`. */
export class LastSeenPatchDto extends PartialType(LastSeenDto) {}
