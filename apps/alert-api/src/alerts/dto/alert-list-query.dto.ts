import { ApiPropertyOptional } from '@nestjs/swagger';
import { ALERT_STATES, type AlertState } from '@childalert/alerts';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';

function booleanText({ value }: { value: unknown }): unknown {
  if (value === 'true') return true;
  if (value === 'false') return false;
  return value;
}

/** `GET /v1/alerts`. */
export class AlertListQueryDto {
  @ApiPropertyOptional({ enum: ALERT_STATES, description: 'Staff only: alerts in this state' })
  @IsOptional()
  @IsIn(ALERT_STATES, { message: `$property must be one of ${ALERT_STATES.join(', ')}` })
  state?: AlertState;

  @ApiPropertyOptional({
    description: 'true: exercise alerts only; false: real ones only (the public default)',
  })
  @IsOptional()
  @Transform(booleanText)
  @IsBoolean({ message: '$property must be true or false' })
  exercise?: boolean;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: '$property must be a whole number' })
  @Min(1, { message: '$property must be at least 1' })
  @Max(200, { message: '$property must be at most 200' })
  limit?: number;

  @ApiPropertyOptional({ minimum: 0, default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: '$property must be a whole number' })
  @Min(0, { message: '$property must not be negative' })
  offset?: number;
}
