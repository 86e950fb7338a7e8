import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsNumber,
  IsString,
  Matches,
  Max,
  Min,
  ValidateIf,
} from 'class-validator';
import { MAX_SUBSCRIBER_RADIUS_KM, MAX_SUBSCRIBER_REGIONS, type SubscriberArea } from '@childalert/audience';

const AREA_KINDS = ['circle', 'regions', 'country'] as const;

/**
 * A point with a radius, ISO 3166 region codes, or a whole country. Messages
 * name the field without its parent: the ValidationPipe prefixes `area.`.
 */
export class AreaDto {
  @ApiProperty({ enum: AREA_KINDS, example: 'circle' })
  @IsIn(AREA_KINDS, {
    message: 'kind must be one of: circle (lat, lon, radiusKm), regions (codes), country (code)',
  })
  kind!: (typeof AREA_KINDS)[number];

  @ApiPropertyOptional({ example: 37.9838, description: 'circle: latitude, WGS 84' })
  @ValidateIf((area: AreaDto) => area.kind === 'circle')
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-90)
  @Max(90)
  lat?: number;

  @ApiPropertyOptional({ example: 23.7275, description: 'circle: longitude, WGS 84' })
  @ValidateIf((area: AreaDto) => area.kind === 'circle')
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-180)
  @Max(180)
  lon?: number;

  @ApiPropertyOptional({ example: 10, maximum: MAX_SUBSCRIBER_RADIUS_KM })
  @ValidateIf((area: AreaDto) => area.kind === 'circle')
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0.1)
  @Max(MAX_SUBSCRIBER_RADIUS_KM, {
    message: `radiusKm must not be greater than ${MAX_SUBSCRIBER_RADIUS_KM}; for a whole country use kind "country"`,
  })
  radiusKm?: number;

  @ApiPropertyOptional({
    example: ['GR-I', 'GR-M'],
    description: 'regions: ISO 3166-1 alpha-2 or ISO 3166-2 codes',
  })
  @ValidateIf((area: AreaDto) => area.kind === 'regions')
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_SUBSCRIBER_REGIONS)
  @IsString({ each: true })
  @Matches(/^[A-Za-z]{2}(-[A-Za-z0-9]{1,3})?$/, {
    each: true,
    message: 'codes must hold ISO 3166 codes: a country (GR) or a region (GR-I)',
  })
  codes?: string[];

  @ApiPropertyOptional({ example: 'GR', description: 'country: ISO 3166-1 alpha-2' })
  @ValidateIf((area: AreaDto) => area.kind === 'country')
  @IsString()
  @Matches(/^[A-Za-z]{2}$/, { message: 'code must be an ISO 3166-1 alpha-2 country code such as GR' })
  code?: string;
}

export function subscriberAreaOf(area: AreaDto): SubscriberArea {
  switch (area.kind) {
    case 'circle':
      return { kind: 'circle', lat: area.lat!, lon: area.lon!, radiusKm: area.radiusKm! };
    case 'regions':
      return { kind: 'regions', codes: area.codes! };
    case 'country':
      return { kind: 'country', code: area.code! };
  }
}
