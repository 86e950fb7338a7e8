import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ALERT_STATES, CLOSURE_OUTCOMES, HOTLINE_116000 } from '@childalert/alerts';
import { ALERT_EVENT_TYPES, CHANNELS } from '@childalert/contracts';

const OBJECT = { type: 'object', additionalProperties: true } as const;

export class PhotoUrlsDto {
  @ApiProperty() original!: string;
  @ApiProperty({ description: '192×192 notification icon' }) push!: string;
  @ApiProperty({ description: '600 px wide' }) email!: string;
  @ApiProperty({ description: '1200×675 card' }) social!: string;
}

export class PublicPhotoDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: PhotoUrlsDto }) urls!: PhotoUrlsDto;
}

/** What a live alert says, for everyone. */
export class PublicAlertContentDto {
  @ApiProperty(OBJECT) child!: Record<string, unknown>;
  @ApiProperty({ type: [PublicPhotoDto] }) photos!: PublicPhotoDto[];
  @ApiProperty(OBJECT) lastSeen!: Record<string, unknown>;
  @ApiProperty({ type: 'array', items: OBJECT }) suspects!: Record<string, unknown>[];
  @ApiPropertyOptional(OBJECT) vehicle?: Record<string, unknown>;
  @ApiProperty(OBJECT) policeContact!: Record<string, unknown>;
  @ApiProperty({ example: HOTLINE_116000 }) hotline!: string;
  @ApiProperty({ type: [String] }) languages!: string[];
  @ApiProperty({ ...OBJECT, description: 'Per language: headline, description, circumstances, instruction' })
  texts!: Record<string, unknown>;
  @ApiProperty(OBJECT) area!: Record<string, unknown>;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
}

export class ClosureMessageDto {
  @ApiProperty() label!: string;
  @ApiProperty() text!: string;
}

/** The public view: a live alert's content, or after the end only the outcome (no personal data). */
export class PublicAlertDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['ACTIVE', 'RESOLVED', 'CANCELLED', 'EXPIRED'] }) status!: string;
  @ApiProperty({ description: 'An exercise: labelled EXERCISE everywhere, not a real alert' })
  exercise!: boolean;
  @ApiProperty({ description: 'The published version the public sees' }) version!: number;
  @ApiProperty({ format: 'date-time', description: 'When that version was published' }) updatedAt!: string;
  @ApiProperty() capUrl!: string;
  @ApiProperty() pageUrl!: string;
  @ApiPropertyOptional({ type: PublicAlertContentDto, description: 'ACTIVE only' })
  alert?: PublicAlertContentDto;
  @ApiPropertyOptional({ enum: CLOSURE_OUTCOMES, description: 'Ended alerts only' }) outcome?: string;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { $ref: '#/components/schemas/ClosureMessageDto' },
    description: 'Ended alerts only: the message per language',
  })
  messages?: Record<string, ClosureMessageDto>;
}

export class PublicAlertListDto {
  @ApiProperty({ type: [PublicAlertDto] }) items!: PublicAlertDto[];
}

export class VersionDto {
  @ApiProperty() version!: number;
  @ApiProperty({ enum: ['content', 'closure'] }) kind!: string;
  @ApiProperty({ ...OBJECT, description: 'The content exactly as stored (canonical JSON)' })
  content!: Record<string, unknown>;
  @ApiProperty() contentHash!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty() createdBy!: string;
}

export class DecisionDto {
  @ApiProperty() version!: number;
  @ApiProperty() by!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiPropertyOptional(OBJECT) criteria?: Record<string, unknown>;
  @ApiPropertyOptional(OBJECT) prosecutorOrder?: Record<string, unknown>;
  @ApiPropertyOptional() reason?: string;
}

export class CandidateDto {
  @ApiProperty({ enum: ['DRAFT', 'PENDING_VALIDATION', 'VALIDATED', 'REJECTED'] }) state!: string;
  @ApiProperty({ type: VersionDto }) version!: VersionDto;
  @ApiProperty({ type: [String], description: 'Who wrote it: none of them may validate it' })
  editors!: string[];
  @ApiPropertyOptional({ type: DecisionDto }) validation?: DecisionDto;
  @ApiPropertyOptional({ type: DecisionDto }) rejection?: DecisionDto;
}

export class PublicationDto {
  @ApiProperty() version!: number;
  @ApiProperty({ enum: ALERT_EVENT_TYPES }) type!: string;
  @ApiProperty({ enum: ['Alert', 'Update', 'Cancel'] }) msgType!: string;
  @ApiProperty() identifier!: string;
  @ApiProperty({ format: 'date-time' }) sent!: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'The alerts.lifecycle.v1 event that announced it' })
  eventId?: string;
}

export class StaffPhotoDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'date-time' }) uploadedAt!: string;
  @ApiProperty({ type: PhotoUrlsDto }) urls!: PhotoUrlsDto;
  @ApiProperty({ description: 'sha256 of the stripped original' }) sha256!: string;
}

/** The restricted record (police and NGO): every version, decision and publication. */
export class AlertDetailDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ALERT_STATES }) state!: string;
  @ApiProperty() exercise!: boolean;
  @ApiProperty() authorId!: string;
  @ApiProperty() authorOrganisation!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty() latestVersion!: number;
  @ApiPropertyOptional({ type: VersionDto, description: 'What the public sees (the closure after the end)' })
  live?: VersionDto;
  @ApiPropertyOptional({ type: VersionDto, description: 'The last content that was live' })
  lastContent?: VersionDto;
  @ApiPropertyOptional({ type: CandidateDto, description: 'The draft, or an update of a live alert' })
  candidate?: CandidateDto;
  @ApiPropertyOptional({ enum: CHANNELS, isArray: true }) channels?: string[];
  @ApiPropertyOptional({ format: 'date-time' }) expiresAt?: string;
  @ApiProperty({ type: [PublicationDto] }) publications!: PublicationDto[];
  @ApiProperty({ type: [StaffPhotoDto] }) photos!: StaffPhotoDto[];
  @ApiProperty() capUrl!: string;
  @ApiProperty() pageUrl!: string;
}

export class AlertSummaryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ALERT_STATES }) state!: string;
  @ApiPropertyOptional({ enum: ['DRAFT', 'PENDING_VALIDATION', 'VALIDATED', 'REJECTED'] })
  candidateState?: string;
  @ApiProperty() exercise!: boolean;
  @ApiProperty() latestVersion!: number;
  @ApiPropertyOptional() childName?: string;
  @ApiPropertyOptional() childAge?: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiPropertyOptional({ format: 'date-time' }) expiresAt?: string;
}

export class AlertSummaryListDto {
  @ApiProperty({ type: [AlertSummaryDto] }) items!: AlertSummaryDto[];
}

export class PhotoUploadDto {
  @ApiProperty({ format: 'uuid' }) photoId!: string;
  @ApiPropertyOptional({ description: 'The draft version that now lists it (DRAFT alerts)' })
  attachedToVersion?: number;
  @ApiProperty({ type: PhotoUrlsDto }) urls!: PhotoUrlsDto;
}
