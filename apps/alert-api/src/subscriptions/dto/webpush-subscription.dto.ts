import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsNumber, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { MAX_ENDPOINT_LENGTH } from '@childalert/audience';
import { AreaDto } from './area.dto';
import { IsLanguageList } from './languages.decorator';

export class PushKeysDto {
  @ApiProperty({ description: "The browser's P-256 public key, base64url (65 bytes)" })
  @IsString()
  @MaxLength(200)
  p256dh!: string;

  @ApiProperty({ description: 'The 16-byte authentication secret, base64url' })
  @IsString()
  @MaxLength(100)
  auth!: string;
}

/** What `PushSubscription.toJSON()` gives in the browser. */
export class PushSubscriptionDto {
  @ApiProperty({ example: 'https://fcm.googleapis.com/fcm/send/dpH5...' })
  @IsString()
  @MaxLength(MAX_ENDPOINT_LENGTH)
  endpoint!: string;

  @ApiPropertyOptional({ nullable: true, description: 'Sent by browsers; not used' })
  @IsOptional()
  @IsNumber()
  expirationTime?: number | null;

  @ApiProperty({ type: PushKeysDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => PushKeysDto)
  keys!: PushKeysDto;
}

export class WebpushSubscriptionDto {
  @ApiProperty({ type: PushSubscriptionDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => PushSubscriptionDto)
  subscription!: PushSubscriptionDto;

  @IsLanguageList()
  languages!: string[];

  @ApiProperty({ type: AreaDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => AreaDto)
  area!: AreaDto;
}

/** DELETE /v1/subscriptions/webpush: in the body or the query. */
export class WebpushUnsubscribeDto {
  @ApiPropertyOptional({ description: 'The endpoint of the PushSubscription to delete' })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_ENDPOINT_LENGTH)
  endpoint?: string;
}
