import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsIn, IsString, MaxLength, ValidateNested } from 'class-validator';
import { AreaDto } from './area.dto';
import { IsLanguageList } from './languages.decorator';

const PLATFORMS = ['android', 'ios', 'web'] as const;

export class MobileSubscriptionDto {
  @ApiProperty({ description: 'FCM registration token of the app installation' })
  @IsString()
  @MaxLength(4096)
  token!: string;

  @ApiProperty({ enum: PLATFORMS })
  @IsIn(PLATFORMS, { message: 'platform must be one of: android, ios, web' })
  platform!: (typeof PLATFORMS)[number];

  @IsLanguageList()
  languages!: string[];

  @ApiProperty({ type: AreaDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => AreaDto)
  area!: AreaDto;
}
