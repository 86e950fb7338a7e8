import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { CHANNELS } from '@childalert/contracts';
import { PARTNER_RULES } from '@childalert/config';

export class PartnerReachDto {
  @ApiProperty() @IsNumber() @Min(1) @Max(300) speedKmh!: number;
  @ApiProperty() @IsNumber() @Min(0) @Max(2000) minKm!: number;
  @ApiProperty() @IsNumber() @Min(1) @Max(5000) maxKm!: number;
}

/** `POST /v1/partners` (ngo_admin): a neighbouring country's alert system. */
export class PartnerCreateDto {
  @ApiProperty({ example: 'BG', description: 'ISO 3166-1 alpha-2, a country of config/countries' })
  @IsString()
  @Matches(/^[A-Z]{2}$/, { message: '$property must be an ISO 3166-1 alpha-2 code such as BG' })
  country!: string;

  @ApiProperty({ example: 'Bulgarian missing children alert system' })
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  name!: string;

  @ApiProperty({ example: 'https://alerts.example.bg/v1/partners/inbound' })
  @IsString()
  @MaxLength(2048)
  inboundUrl!: string;

  @ApiPropertyOptional({ example: ['bg', 'en'], description: "Defaults to the country's languages" })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(8)
  @Matches(/^[a-z]{2}$/, { each: true, message: '$property must hold ISO 639-1 codes' })
  languages?: string[];

  @ApiPropertyOptional({ enum: PARTNER_RULES, isArray: true, description: "Defaults to the country's rules" })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @IsIn(PARTNER_RULES, { each: true, message: `$property must hold rules from: ${PARTNER_RULES.join(', ')}` })
  rules?: string[];

  @ApiPropertyOptional({
    type: PartnerReachDto,
    description: "Travel reach of the border rule; defaults to the country's",
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => PartnerReachDto)
  reach?: PartnerReachDto;

  @ApiProperty({ description: 'PEM X.509 certificate their inbound messages are signed with' })
  @IsString()
  @MaxLength(20_000)
  certificatePem!: string;

  @ApiPropertyOptional({ description: 'A standing agreement: their alerts are re-issued here at once' })
  @IsOptional()
  @IsBoolean()
  autoReissue?: boolean;

  @ApiPropertyOptional({ enum: CHANNELS, isArray: true, description: 'Channels of such a re-issue' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @IsIn(CHANNELS, { each: true })
  reissueChannels?: string[];
}

/** `POST /v1/partners/inbound-alerts/{id}/reissue` (ngo_operator). */
export class PartnerReissueDto {}
