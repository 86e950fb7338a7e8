import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CHANNELS } from '@childalert/contracts';
import { CONFIRM_INTENTS } from '../confirmation-token.service';

export class PreviewCapDto {
  @ApiProperty() identifier!: string;
  @ApiProperty({ enum: ['Alert', 'Update', 'Cancel'] }) msgType!: string;
  @ApiProperty({
    description: 'The CAP 1.2 XML, validated against the OASIS schema (sent is set at publication)',
  })
  xml!: string;
}

export class PushPreviewDto {
  @ApiProperty() language!: string;
  @ApiProperty() title!: string;
  @ApiProperty() body!: string;
  @ApiProperty() url!: string;
  @ApiProperty() tag!: string;
  @ApiPropertyOptional() icon?: string;
  @ApiProperty() requireInteraction!: boolean;
  @ApiProperty() exercise!: boolean;
}

export class EmailPreviewDto {
  @ApiProperty() language!: string;
  @ApiProperty() subject!: string;
  @ApiProperty() text!: string;
  @ApiProperty() html!: string;
}

export class SocialPreviewDto {
  @ApiProperty() language!: string;
  @ApiProperty() text!: string;
  @ApiProperty() weightedLength!: number;
  @ApiPropertyOptional() imageUrl?: string;
}

export class LanguagePreviewDto {
  @ApiProperty({ type: PushPreviewDto }) push!: PushPreviewDto;
  @ApiProperty({ type: EmailPreviewDto }) email!: EmailPreviewDto;
  @ApiProperty({ type: SocialPreviewDto }) social!: SocialPreviewDto;
}

export class PartnerPreviewDto {
  @ApiProperty({ format: 'uuid' }) partnerId!: string;
  @ApiProperty({ description: 'ISO 3166-1 alpha-2' }) country!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: [String], description: 'Every reason it receives the alert' }) reasons!: string[];
}

/** Every rendering of the exact version that would go out, and the token that confirms it. */
export class AlertPreviewDto {
  @ApiProperty({ format: 'uuid' }) alertId!: string;
  @ApiProperty({ enum: CONFIRM_INTENTS }) intent!: string;
  @ApiProperty({ description: 'The version that would go out' }) version!: number;
  @ApiProperty({ description: 'true when confirming makes this version (a changed area, or the end)' })
  newVersion!: boolean;
  @ApiProperty({ description: 'sha256 of the canonical content of that version' }) contentHash!: string;
  @ApiProperty({ enum: CHANNELS, isArray: true }) channels!: string[];
  @ApiProperty() exercise!: boolean;
  @ApiProperty({
    type: [PartnerPreviewDto],
    description: 'Partner systems that will receive it (partner channel) and why; empty without that channel',
  })
  partners!: PartnerPreviewDto[];
  @ApiProperty({ type: PreviewCapDto }) cap!: PreviewCapDto;
  @ApiProperty({
    type: 'object',
    additionalProperties: { $ref: '#/components/schemas/LanguagePreviewDto' },
    description: 'Per language: push, e-mail and social renderings',
  })
  renderings!: Record<string, LanguagePreviewDto>;
  @ApiProperty({ description: 'Send it back with the publishing command; bound to this version and to you' })
  confirmationToken!: string;
  @ApiProperty({ format: 'date-time' }) confirmationExpiresAt!: string;
}
