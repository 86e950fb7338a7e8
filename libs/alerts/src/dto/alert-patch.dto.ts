import { ApiExtraModels, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsISO31661Alpha2,
  IsISO6391,
  IsOptional,
  IsUUID,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { LIMITS } from '../model/alert-limits';
import { ChildPatchDto } from './child.dto';
import { HasAnyOf, IsIsoDateTime, UniqueItems } from './input-validators';
import { LanguageMapOf } from './language-map.decorator';
import { LastSeenPatchDto } from './last-seen.dto';
import { LocalisedTextsPatchDto } from './localised-texts.dto';
import { PoliceContactPatchDto } from './police-contact.dto';
import { SuspectDto } from './suspect.dto';
import { TargetAreaDto } from './target-area.dto';
import { VEHICLE_FIELDS, VehiclePatchDto } from './vehicle.dto';

/** Present and not null: required fields may be replaced, never removed. */
const present = (_: object, value: unknown) => value !== undefined;

/**
 * `PATCH /v1/alerts/{id}` (a DRAFT) and the body of `POST /v1/alerts/{id}/versions`
 * (an update of an ACTIVE alert): JSON Merge Patch (RFC 7396) over the
 * current content. Objects merge, lists replace, `null` removes an optional
 * field (`vehicle: null`, `texts: { "el": { "headline": null } }`); a language
 * dropped from `languages` takes its texts with it. `exercise` cannot change.
 * The merged content is checked again as a whole (languages against texts).
 */
@ApiExtraModels(LocalisedTextsPatchDto)
export class AlertPatchDto {
  @ApiPropertyOptional({ type: ChildPatchDto })
  @ValidateIf(present)
  @ValidateNested({ message: '$property must be an object (it cannot be removed)' })
  @Type(() => ChildPatchDto)
  child?: ChildPatchDto;

  @ApiPropertyOptional({ type: [String], format: 'uuid' })
  @ValidateIf(present)
  @IsArray({ message: '$property must be a list of photo ids' })
  @ArrayMaxSize(LIMITS.maxPhotos, { message: `$property must list at most ${LIMITS.maxPhotos} photos` })
  @UniqueItems()
  @IsUUID('all', { each: true, message: '$property must hold ids returned by the photo upload' })
  photoIds?: string[];

  @ApiPropertyOptional({ type: LastSeenPatchDto })
  @ValidateIf(present)
  @ValidateNested({ message: '$property must be an object (it cannot be removed)' })
  @Type(() => LastSeenPatchDto)
  lastSeen?: LastSeenPatchDto;

  @ApiPropertyOptional({ type: [SuspectDto] })
  @ValidateIf(present)
  @IsArray({ message: '$property must be a list; send [] to remove every suspect' })
  @ArrayMaxSize(LIMITS.maxSuspects, { message: `$property must list at most ${LIMITS.maxSuspects} suspects` })
  @ValidateNested({ each: true })
  @Type(() => SuspectDto)
  suspects?: SuspectDto[];

  @ApiPropertyOptional({ type: VehiclePatchDto, nullable: true, description: 'null removes the vehicle' })
  @IsOptional()
  @HasAnyOf(VEHICLE_FIELDS)
  @ValidateNested()
  @Type(() => VehiclePatchDto)
  vehicle?: VehiclePatchDto | null;

  @ApiPropertyOptional({ type: PoliceContactPatchDto })
  @ValidateIf(present)
  @ValidateNested({ message: '$property must be an object (it cannot be removed)' })
  @Type(() => PoliceContactPatchDto)
  policeContact?: PoliceContactPatchDto;

  @ApiPropertyOptional({ type: [String] })
  @ValidateIf(present)
  @IsArray({ message: '$property must be a list of ISO 639-1 codes such as el, en' })
  @ArrayMinSize(1, { message: '$property must list at least one language' })
  @ArrayMaxSize(LIMITS.maxLanguages, {
    message: `$property must list at most ${LIMITS.maxLanguages} languages`,
  })
  @UniqueItems()
  @IsISO6391({ each: true, message: '$property must hold ISO 639-1 codes such as el, en' })
  languages?: string[];

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { $ref: '#/components/schemas/LocalisedTextsPatchDto' },
    description:
      "Per language, merged into that language's texts. A language dropped from `languages` loses its texts; one added needs them.",
  })
  @ValidateIf(present)
  @LanguageMapOf(LocalisedTextsPatchDto, 'an object of texts; to drop a language, drop it from languages')
  texts?: Map<string, LocalisedTextsPatchDto>;

  @ApiPropertyOptional({ type: TargetAreaDto, description: 'Replaces the area as a whole' })
  @ValidateIf(present)
  @ValidateNested({ message: '$property must be an object (it cannot be removed)' })
  @Type(() => TargetAreaDto)
  area?: TargetAreaDto;

  @ApiPropertyOptional({ format: 'date-time' })
  @ValidateIf(present)
  @IsIsoDateTime('future')
  expiresAt?: string;

  @ApiPropertyOptional({ type: [String] })
  @ValidateIf(present)
  @IsArray({ message: '$property must be a list of ISO 3166-1 alpha-2 codes' })
  @ArrayMaxSize(LIMITS.maxDestinationCountries, {
    message: `$property must list at most ${LIMITS.maxDestinationCountries} countries`,
  })
  @UniqueItems()
  @IsISO31661Alpha2({ each: true, message: '$property must hold ISO 3166-1 alpha-2 codes such as AL, BG' })
  destinationCountries?: string[];
}
