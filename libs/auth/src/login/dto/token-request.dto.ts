import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { MAX_PASSWORD_LENGTH } from '../../auth-options';

export class TokenRequestDto {
  @ApiProperty({ example: 'officer' })
  @IsString()
  @Length(1, 200)
  username!: string;

  @ApiProperty({ writeOnly: true })
  @IsString()
  @Length(1, MAX_PASSWORD_LENGTH)
  password!: string;
}
