import { ApiExtraModels, ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsDefined,
  IsISO31661Alpha2,
  IsISO6391,
  IsOptional,
  IsUUID,
  ValidateNested,
} from 'class-validator';
import { LIMITS } from '../model/alert-limits';
import { ChildDto } from './child.dto';
import { HasAnyOf, IsIsoDateTime, SameLanguagesAs, UniqueItems } from './input-validators';
import { LanguageMapOf } from './language-map.decorator';
import { LastSeenDto } from './last-seen.dto';
import { LocalisedTextsDto } from './localised-texts.dto';
import { PoliceContactDto } from './police-contact.dto';
import { SuspectDto } from './suspect.dto';
import { TargetAreaDto } from './target-area.dto';
import { VEHICLE_FIELDS, VehicleDto } from './vehicle.dto';

const NESTED = (what: string) => ({ message: `$property must be an object with ${what}` });

/** `POST /v1/alerts`: a new DRAFT. Photos can follow by PATCH; at least one is needed to submit. */
@ApiExtraModels(LocalisedTextsDto)
export class AlertCreateDto {
  @ApiProperty({ type: ChildDto })
  @IsDefined({ message: '$property is required' })
  @ValidateNested(NESTED('name, age and sex'))
  @Type(() => ChildDto)
  child!: ChildDto;

  @ApiPropertyOptional({ type: [String], format: 'uuid', maxItems: LIMITS.maxPhotos })
  @IsOptional()
  @IsArray({ message: '$property must be a list of photo ids' })
  @ArrayMaxSize(LIMITS.maxPhotos, { message: `$property must list at most ${LIMITS.maxPhotos} photos` })
  @UniqueItems()
  @IsUUID('all', { each: true, message: '$property must hold ids returned by the photo upload' })
  photoIds?: string[];

  @ApiProperty({ type: LastSeenDto })
  @IsDefined({ message: '$property is required' })
  @ValidateNested(NESTED('at and place'))
  @Type(() => LastSeenDto)
  lastSeen!: LastSeenDto;

  @ApiPropertyOptional({ type: [SuspectDto], maxItems: LIMITS.maxSuspects })
  @IsOptional()
  @IsArray({ message: '$property must be a list' })
  @ArrayMaxSize(LIMITS.maxSuspects, { message: `$property must list at most ${LIMITS.maxSuspects} suspects` })
  @ValidateNested({ each: true, message: '$property must hold objects with a description' })
  @Type(() => SuspectDto)
  suspects?: SuspectDto[];

  @ApiPropertyOptional({ type: VehicleDto })
  @IsOptional()
  @HasAnyOf(VEHICLE_FIELDS)
  @ValidateNested(NESTED('make, model, colour or plate'))
  @Type(() => VehicleDto)
  vehicle?: VehicleDto;

  @ApiProperty({ type: PoliceContactDto })
  @IsDefined({ message: '$property is required' })
  @ValidateNested(NESTED('unit and phone'))
  @Type(() => PoliceContactDto)
  policeContact!: PoliceContactDto;

  @ApiProperty({
    type: [String],
    example: ['el', 'en'],
    description: 'ISO 639-1; the first is the primary language',
  })
  @IsArray({ message: '$property must be a list of ISO 639-1 codes such as el, en' })
  @ArrayMinSize(1, { message: '$property must list at least one language' })
  @ArrayMaxSize(LIMITS.maxLanguages, {
    message: `$property must list at most ${LIMITS.maxLanguages} languages`,
  })
  @UniqueItems()
  @IsISO6391({ each: true, message: '$property must hold ISO 639-1 codes such as el, en' })
  @SameLanguagesAs('texts')
  languages!: string[];

  @ApiProperty({
    type: 'object',
    additionalProperties: { $ref: '#/components/schemas/LocalisedTextsDto' },
    description: 'One entry per language of `languages`, keyed by its code',
  })
  @IsDefined({ message: '$property is required: one entry per language' })
  @LanguageMapOf(LocalisedTextsDto, 'an object with description and circumstances')
  texts!: Map<string, LocalisedTextsDto>;

  @ApiProperty({ type: TargetAreaDto })
  @IsDefined({ message: '$property is required' })
  @ValidateNested(NESTED('kind and the fields of that kind'))
  @Type(() => TargetAreaDto)
  area!: TargetAreaDto;

  @ApiPropertyOptional({ format: 'date-time', description: 'Defaults to the configured alert lifetime' })
  @IsOptional()
  @IsIsoDateTime('future')
  expiresAt?: string;

  @ApiPropertyOptional({
    default: false,
    description: 'Runs the whole pipeline, labelled EXERCISE, to test audiences only',
  })
  @IsOptional()
  @IsBoolean({ message: '$property must be true or false' })
  exercise?: boolean;

  @ApiPropertyOptional({ type: [String], example: ['AL', 'MK'] })
  @IsOptional()
  @IsArray({ message: '$property must be a list of ISO 3166-1 alpha-2 codes' })
  @ArrayMaxSize(LIMITS.maxDestinationCountries, {
    message: `$property must list at most ${LIMITS.maxDestinationCountries} countries`,
  })
  @UniqueItems()
  @IsISO31661Alpha2({ each: true, message: '$property must hold ISO 3166-1 alpha-2 codes such as AL, BG' })
  destinationCountries?: string[];
}
