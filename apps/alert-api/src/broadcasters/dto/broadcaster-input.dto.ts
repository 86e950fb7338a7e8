import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { AreaDto } from '../../subscriptions/dto/area.dto';
import { IsLanguageList } from '../../subscriptions/dto/languages.decorator';
import { BROADCAST_FORMATS, type BroadcastFormat } from '../broadcaster.types';

/** A broadcaster as the NGO's admin registers it. */
export class BroadcasterCreateDto {
  @ApiProperty({ example: 'ERT News' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @ApiProperty({
    example: 'https://newsroom.example.gr/hooks/amber',
    description: 'https on a public address (ALLOW_PRIVATE_ENDPOINTS admits loopback and http in tests)',
  })
  @IsString()
  @MaxLength(2048)
  webhookUrl!: string;

  @IsLanguageList()
  languages!: string[];

  @ApiProperty({ type: AreaDto, description: 'The area it covers: a circle, ISO 3166 regions, or a country' })
  @ValidateNested()
  @Type(() => AreaDto)
  area!: AreaDto;

  @ApiProperty({ enum: BROADCAST_FORMATS, isArray: true, example: ['cap', 'json'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(2)
  @IsIn(BROADCAST_FORMATS, { each: true, message: 'formats must hold "cap" (CAP 1.2 XML) and/or "json"' })
  formats!: BroadcastFormat[];
}

/** Any of the fields; the others keep their value. */
export class BroadcasterUpdateDto extends PartialType(BroadcasterCreateDto) {}

export class BroadcasterDisableDto {
  @ApiPropertyOptional({ example: 'contract ended' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}
