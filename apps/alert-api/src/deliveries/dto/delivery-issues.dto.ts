import { ApiProperty } from '@nestjs/swagger';
import { CHANNELS } from '@childalert/contracts';

export class DeadLetterDto {
  @ApiProperty({ enum: CHANNELS }) channel!: string;
  @ApiProperty({ description: "The channel's recipient id (a subscription, a token's id, a partner)" })
  recipientId!: string;
  @ApiProperty() version!: number;
  @ApiProperty({ description: 'Sends that reached the provider and were answered' }) attempts!: number;
  @ApiProperty({ nullable: true, type: String }) lastError!: string | null;
  @ApiProperty({ format: 'date-time' }) at!: string;
}

export class DeadLettersDto {
  @ApiProperty({ format: 'uuid' }) alertId!: string;
  @ApiProperty({ description: 'Every dead letter of the alert' }) total!: number;
  @ApiProperty({ type: [DeadLetterDto], description: 'The newest 100' }) items!: DeadLetterDto[];
}

export class PartnerAckDto {
  @ApiProperty() version!: number;
  @ApiProperty({ format: 'date-time' }) receivedAt!: string;
}

export class PartnerAcksItemDto {
  @ApiProperty({ format: 'uuid' }) partnerId!: string;
  @ApiProperty({ example: 'BG' }) country!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'The version that first matched the partner' }) matchedVersion!: number;
  @ApiProperty({ description: 'Why it matched (partnerReasons)' }) reasons!: unknown;
  @ApiProperty({ format: 'date-time' }) matchedAt!: string;
  @ApiProperty({ type: [PartnerAckDto] }) acks!: PartnerAckDto[];
}

export class PartnerAcksDto {
  @ApiProperty({ format: 'uuid' }) alertId!: string;
  @ApiProperty({ type: [PartnerAcksItemDto] }) items!: PartnerAcksItemDto[];
}
