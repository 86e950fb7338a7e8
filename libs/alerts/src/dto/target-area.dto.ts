import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsNumber, Matches, ValidateIf } from 'class-validator';
import { LIMITS, REGION_CODE } from '../model/alert-limits';
import { InRange, IsClosedSimplePolygon, OnlyForKind, UniqueItems } from './input-validators';

export const AREA_KINDS = ['circle', 'polygon', 'regions'] as const;
export type AreaKind = (typeof AREA_KINDS)[number];

type AreaInput = { kind?: unknown };
const is = (kind: AreaKind, property: string) => (o: AreaInput & Record<string, unknown>) =>
  o.kind === kind || o[property] !== undefined;

/**
 * One of: `{ kind: 'circle', lat, lon, radiusKm }`, `{ kind: 'polygon', points }`
 * (closed `[lat, lon]` ring) or `{ kind: 'regions', codes }` (ISO 3166-1/-2).
 * Fields of another kind are refused rather than ignored.
 */
export class TargetAreaDto {
  @ApiProperty({ enum: AREA_KINDS })
  @IsIn(AREA_KINDS, { message: `$property must be one of ${AREA_KINDS.join(', ')}` })
  kind!: AreaKind;

  @ApiPropertyOptional({ minimum: -90, maximum: 90 })
  @ValidateIf(is('circle', 'lat'))
  @OnlyForKind('circle')
  @IsNumber(
    { allowNaN: false, allowInfinity: false },
    { message: '$property must be a number (decimal degrees)' },
  )
  @InRange(-90, 90, '$property must be between -90 and 90')
  lat?: number;

  @ApiPropertyOptional({ minimum: -180, maximum: 180 })
  @ValidateIf(is('circle', 'lon'))
  @OnlyForKind('circle')
  @IsNumber(
    { allowNaN: false, allowInfinity: false },
    { message: '$property must be a number (decimal degrees)' },
  )
  @InRange(-180, 180, '$property must be between -180 and 180')
  lon?: number;

  @ApiPropertyOptional({ minimum: LIMITS.minRadiusKm, maximum: LIMITS.maxRadiusKm })
  @ValidateIf(is('circle', 'radiusKm'))
  @OnlyForKind('circle')
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: '$property must be a number (kilometres)' })
  @InRange(
    LIMITS.minRadiusKm,
    LIMITS.maxRadiusKm,
    `$property must be from ${LIMITS.minRadiusKm} to ${LIMITS.maxRadiusKm} km`,
  )
  radiusKm?: number;

  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'array', items: { type: 'number' }, minItems: 2, maxItems: 2 },
    description: 'Closed ring of [lat, lon] points: at least 4, first equal to last, not crossing itself',
  })
  @ValidateIf(is('polygon', 'points'))
  @OnlyForKind('polygon')
  @IsClosedSimplePolygon()
  points?: [number, number][];

  @ApiPropertyOptional({ type: [String], example: ['GR-I', 'GR-A'] })
  @ValidateIf(is('regions', 'codes'))
  @OnlyForKind('regions')
  @IsArray({ message: '$property must be a list of ISO 3166 codes' })
  @ArrayMinSize(1, { message: '$property must list at least one region' })
  @ArrayMaxSize(LIMITS.maxRegions, { message: `$property must list at most ${LIMITS.maxRegions} regions` })
  @UniqueItems()
  @Matches(REGION_CODE, {
    each: true,
    message: '$property must hold ISO 3166-1 alpha-2 or ISO 3166-2 codes such as GR or GR-I',
  })
  codes?: string[];
}
