import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsString,
  Length,
  Matches,
} from 'class-validator';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, USERNAME_PATTERN } from '../../auth-options';
import { ALL_ROLES, type Role } from '../../role';

const lowerCase = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.trim().toLowerCase() : value;

export class CreateUserDto {
  @ApiProperty({ example: 'j.papadopoulos', pattern: USERNAME_PATTERN.source })
  @Transform(lowerCase)
  @IsString()
  @Matches(USERNAME_PATTERN, {
    message: 'username must be 3–64 characters: lower case letters, digits, dot, dash or underscore',
  })
  username!: string;

  @ApiProperty({ minLength: MIN_PASSWORD_LENGTH, maxLength: MAX_PASSWORD_LENGTH, writeOnly: true })
  @IsString()
  @Length(MIN_PASSWORD_LENGTH, MAX_PASSWORD_LENGTH)
  password!: string;

  @ApiProperty({ example: 'Ioanna Papadopoulou' })
  @IsString()
  @Length(1, 120)
  displayName!: string;

  @ApiProperty({ enum: ALL_ROLES, isArray: true, description: 'Roles of one organisation only' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(ALL_ROLES.length)
  @ArrayUnique()
  @IsIn(ALL_ROLES, { each: true })
  roles!: Role[];
}
