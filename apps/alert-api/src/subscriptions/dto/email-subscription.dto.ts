import { ApiProperty } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsDefined, IsEmail, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import { AreaDto } from './area.dto';

export class EmailSubscriptionDto {
  @ApiProperty({ example: 'name@example.org' })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @MaxLength(254)
  @IsEmail({}, { message: 'address must be an e-mail address such as name@example.org' })
  address!: string;

  @ApiProperty({ example: 'el', description: 'ISO 639-1 code of the language of the e-mails' })
  @IsString()
  @Matches(/^[A-Za-z]{2}$/, { message: 'language must be an ISO 639-1 code such as "el" or "en"' })
  language!: string;

  @ApiProperty({ type: AreaDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => AreaDto)
  area!: AreaDto;
}

/** `?token=` of a signed link in an e-mail. */
export class LinkTokenQueryDto {
  @ApiProperty({ description: 'The signed token of the link, as it is in the e-mail' })
  @IsString()
  @MaxLength(256)
  token!: string;
}
