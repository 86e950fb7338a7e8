import { ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';
import { TEXT_LIMITS } from '../model/alert-limits';
import { MaxChars, NotBlank } from './input-validators';

/** Whatever is known; the parent property requires at least one field (HasAnyOf). */
export class VehicleDto {
  @ApiPropertyOptional({ maxLength: TEXT_LIMITS.vehicleField.max, example: 'Toyota' })
  @IsOptional()
  @IsString({ message: '$property must be text' })
  @NotBlank()
  @MaxChars(TEXT_LIMITS.vehicleField)
  make?: string;

  @ApiPropertyOptional({ maxLength: TEXT_LIMITS.vehicleField.max, example: 'Yaris' })
  @IsOptional()
  @IsString({ message: '$property must be text' })
  @NotBlank()
  @MaxChars(TEXT_LIMITS.vehicleField)
  model?: string;

  @ApiPropertyOptional({ maxLength: TEXT_LIMITS.vehicleField.max, example: 'silver' })
  @IsOptional()
  @IsString({ message: '$property must be text' })
  @NotBlank()
  @MaxChars(TEXT_LIMITS.vehicleField)
  colour?: string;

  @ApiPropertyOptional({ maxLength: TEXT_LIMITS.plate.max, example: 'ΙΚΥ-1234' })
  @IsOptional()
  @IsString({ message: '$property must be text' })
  @NotBlank()
  @MaxChars(TEXT_LIMITS.plate)
  plate?: string;
}

export class VehiclePatchDto extends PartialType(VehicleDto) {}

export const VEHICLE_FIELDS = ['make', 'model', 'colour', 'plate'] as const;
