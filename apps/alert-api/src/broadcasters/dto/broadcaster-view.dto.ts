import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { type SubscriberArea, toSubscriberArea } from '@childalert/audience';
import type { Broadcaster } from '../broadcaster.types';

/** What the API shows of a broadcaster: never its secret nor its API key. */
export class BroadcasterViewDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() webhookUrl!: string;
  @ApiProperty({ type: [String] }) languages!: string[];
  @ApiProperty({ type: Object }) area!: SubscriberArea;
  @ApiProperty({ type: [String] }) formats!: string[];
  @ApiProperty() active!: boolean;
  @ApiPropertyOptional({ type: String, nullable: true }) disabledReason!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) disabledAt!: string | null;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'The API key id (the key itself is shown once)',
  })
  apiKeyId!: string | null;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'Until when the previous secret still signs',
  })
  previousSecretExpiresAt!: string | null;
  @ApiProperty() createdBy!: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}

/** Answer of a creation or rotation: the credentials, shown this once. */
export class BroadcasterCredentialsDto {
  @ApiProperty({ type: BroadcasterViewDto }) broadcaster!: BroadcasterViewDto;
  @ApiPropertyOptional({
    description: 'Standard Webhooks secret (whsec_…): verify webhook-signature with it',
  })
  signingSecret?: string;
  @ApiPropertyOptional({ description: 'API key of the feed and image cards: send it as X-API-Key' })
  apiKey?: string;
}

export function toBroadcasterView(broadcaster: Broadcaster): BroadcasterViewDto {
  return {
    id: broadcaster.id,
    name: broadcaster.name,
    webhookUrl: broadcaster.webhookUrl,
    languages: broadcaster.languages,
    area: toSubscriberArea(broadcaster.area),
    formats: broadcaster.formats,
    active: broadcaster.active,
    disabledReason: broadcaster.disabledReason,
    disabledAt: broadcaster.disabledAt?.toISOString() ?? null,
    apiKeyId: broadcaster.apiKeyId,
    previousSecretExpiresAt: broadcaster.previousSecretExpiresAt?.toISOString() ?? null,
    createdBy: broadcaster.createdBy,
    createdAt: broadcaster.createdAt.toISOString(),
    updatedAt: broadcaster.updatedAt.toISOString(),
  };
}
