import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsIn, Matches } from 'class-validator';
import { SUBSCRIPTION_CHANNELS, type SubscriberArea, type SubscriptionChannel } from '@childalert/audience';

export class TestAudienceParamsDto {
  @ApiProperty({ enum: SUBSCRIPTION_CHANNELS })
  @IsIn(SUBSCRIPTION_CHANNELS, { message: 'channel must be one of: webpush, mobile, email' })
  channel!: SubscriptionChannel;

  @ApiProperty({ example: '1042' })
  @Matches(/^[1-9]\d{0,15}$/, { message: 'id must be a subscription id (digits)' })
  id!: string;
}

export class TestAudienceChangeDto {
  @ApiProperty({ description: 'true: exercise alerts reach this subscription; false: they no longer do' })
  @IsBoolean()
  testAudience!: boolean;
}

export class TestAudienceStateDto {
  @ApiProperty({ enum: SUBSCRIPTION_CHANNELS })
  channel!: SubscriptionChannel;

  @ApiProperty()
  id!: string;

  @ApiProperty()
  testAudience!: boolean;
}

export class TestAudienceEntryDto {
  @ApiProperty({ enum: SUBSCRIPTION_CHANNELS })
  channel!: SubscriptionChannel;

  @ApiProperty()
  id!: string;

  @ApiProperty({ description: 'The area as subscribed' })
  area!: SubscriberArea;

  @ApiProperty({ type: [String] })
  languages!: string[];

  @ApiProperty()
  createdAt!: string;
}

export class TestAudienceListDto {
  @ApiProperty({ type: [TestAudienceEntryDto] })
  items!: TestAudienceEntryDto[];
}
