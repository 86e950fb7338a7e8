import { ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  Length,
} from 'class-validator';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../../auth-options';
import { ALL_ROLES, type Role } from '../../role';

/** Every field optional; at least one must be given. */
export class UpdateUserDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 120)
  displayName?: string;

  @ApiPropertyOptional({
    enum: ALL_ROLES,
    isArray: true,
    description: "Roles of the user's own organisation",
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(ALL_ROLES.length)
  @ArrayUnique()
  @IsIn(ALL_ROLES, { each: true })
  roles?: Role[];

  @ApiPropertyOptional({ description: 'Disabling also ends every session of the user' })
  @IsOptional()
  @IsBoolean()
  disabled?: boolean;

  @ApiPropertyOptional({
    minLength: MIN_PASSWORD_LENGTH,
    maxLength: MAX_PASSWORD_LENGTH,
    writeOnly: true,
    description: 'Password reset: ends every session and lifts a lockout',
  })
  @IsOptional()
  @IsString()
  @Length(MIN_PASSWORD_LENGTH, MAX_PASSWORD_LENGTH)
  password?: string;

  @ApiPropertyOptional({ description: 'true lifts a lockout after failed logins' })
  @IsOptional()
  @IsIn([true], { message: 'unlock can only be true' })
  unlock?: true;
}
