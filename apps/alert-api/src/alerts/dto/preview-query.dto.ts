import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { TargetAreaDto } from '@childalert/alerts';
import { CHANNELS, type Channel } from '@childalert/contracts';
import { plainToInstance, Transform } from 'class-transformer';
import { ArrayMinSize, IsArray, IsIn, IsOptional, IsUUID, ValidateNested } from 'class-validator';
import { CONFIRM_INTENTS, type ConfirmIntent } from '../confirmation-token.service';

function commaList({ value }: { value: unknown }): unknown {
  return typeof value === 'string'
    ? value
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item !== '')
    : value;
}

function jsonArea({ value }: { value: unknown }): unknown {
  if (typeof value !== 'string') return value;
  try {
    return plainToInstance(TargetAreaDto, JSON.parse(value) as object);
  } catch {
    return value;
  }
}

/** `GET /v1/alerts/{id}/preview`: what the person is about to confirm. */
export class PreviewQueryDto {
  @ApiProperty({
    enum: CONFIRM_INTENTS,
    description:
      'activate (VALIDATED alert), publish_update (ACTIVE alert with a validated update), resolve, cancel (ACTIVE alert)',
  })
  @IsIn(CONFIRM_INTENTS, { message: `$property must be one of ${CONFIRM_INTENTS.join(', ')}` })
  intent!: ConfirmIntent;

  @ApiPropertyOptional({
    type: String,
    example: 'email,webpush,social',
    description: 'activate only: the channels, comma separated',
  })
  @IsOptional()
  @Transform(commaList)
  @IsArray({ message: '$property must be a comma separated list of channels' })
  @ArrayMinSize(1, { message: '$property must list at least one channel' })
  @IsIn(CHANNELS, { each: true, message: `$property must hold channels from: ${CHANNELS.join(', ')}` })
  channels?: Channel[];

  @ApiPropertyOptional({
    type: String,
    example: '{"kind":"circle","lat":37.98,"lon":23.73,"radiusKm":80}',
    description: 'activate only: another target area than the validated one, as JSON (makes a new version)',
  })
  @IsOptional()
  @Transform(jsonArea)
  @ValidateNested({ message: '$property must be a JSON object with kind and the fields of that kind' })
  area?: TargetAreaDto;

  @ApiPropertyOptional({
    type: String,
    description: 'activate only: partner ids the operator chooses beyond the rules, comma separated',
  })
  @IsOptional()
  @Transform(commaList)
  @IsArray({ message: '$property must be a comma separated list of partner ids' })
  @IsUUID('all', { each: true, message: '$property must hold partner ids (uuid)' })
  partners?: string[];
}
