import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CHANNELS, type Channel } from '@childalert/contracts';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  ValidateNested,
} from 'class-validator';
import { TEXT_LIMITS } from '../model/alert-limits';
import { MaxChars, MinChars, NotBlank, UniqueItems } from './input-validators';
import { TargetAreaDto } from './target-area.dto';

const TOKEN_LIMIT = { max: 4096, why: 'it is not a token the preview returned' };
const TOKEN = {
  message: '$property is required: take it from the preview you confirmed',
};

/** Resolve, publish an update: the confirmation token of the preview the operator saw. */
export class AlertConfirmDto {
  @ApiProperty({ description: 'The confirmation token returned by the preview' })
  @IsString(TOKEN)
  @NotBlank()
  @MaxChars(TOKEN_LIMIT)
  confirmationToken!: string;
}

/** `POST /v1/alerts/{id}/activate` (ngo_operator). */
export class AlertActivateDto extends AlertConfirmDto {
  @ApiProperty({ enum: CHANNELS, isArray: true, example: ['email', 'webpush', 'social'] })
  @IsArray({ message: `$property must be a list of channels: ${CHANNELS.join(', ')}` })
  @ArrayMinSize(1, { message: '$property must list at least one channel' })
  @UniqueItems()
  @IsIn(CHANNELS, { each: true, message: `$property must hold channels from: ${CHANNELS.join(', ')}` })
  channels!: Channel[];

  @ApiPropertyOptional({
    type: TargetAreaDto,
    description: 'Another area than the validated one (makes a new version)',
  })
  @IsOptional()
  @ValidateNested({ message: '$property must be an object with kind and the fields of that kind' })
  @Type(() => TargetAreaDto)
  area?: TargetAreaDto;

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    description:
      'Partner systems the NGO operator chooses to send to, beyond those the rules match (with the partner channel)',
  })
  @IsOptional()
  @IsArray({ message: '$property must be a list of partner ids' })
  @ArrayMaxSize(50)
  @UniqueItems()
  @IsUUID('all', { each: true, message: '$property must hold partner ids (uuid)' })
  partnerIds?: string[];
}

/** `POST /v1/alerts/{id}/cancel`: why, and for a live alert the preview's token. */
export class AlertCancelDto {
  @ApiProperty({ maxLength: TEXT_LIMITS.reason.max })
  @IsString({ message: '$property is required and must be text' })
  @MinChars(3, '$property must say why, in a few words at least')
  @MaxChars(TEXT_LIMITS.reason)
  reason!: string;

  @ApiPropertyOptional({
    description: 'Required when the alert is ACTIVE: the token of the cancellation preview',
  })
  @IsOptional()
  @IsString({ message: '$property must be the token the preview returned' })
  @MaxChars(TOKEN_LIMIT)
  confirmationToken?: string;
}
