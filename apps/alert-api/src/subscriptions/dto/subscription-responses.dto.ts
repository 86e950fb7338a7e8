import { ApiProperty } from '@nestjs/swagger';

export class SubscriptionCreatedDto {
  @ApiProperty({
    example: '1042',
    description:
      'Subscription id (for support and the test-audience admin); it gives no power over the subscription',
  })
  id!: string;
}

export class EmailSubscriptionAcceptedDto {
  @ApiProperty({ example: 'confirmation_pending' })
  status!: 'confirmation_pending';

  @ApiProperty()
  message!: string;
}

export class EmailConfirmedDto {
  @ApiProperty({ enum: ['confirmed', 'already_confirmed'] })
  status!: 'confirmed' | 'already_confirmed';
}

export class EmailUnsubscribeStatusDto {
  @ApiProperty({ enum: ['subscribed', 'unsubscribed'] })
  status!: 'subscribed' | 'unsubscribed';
}
