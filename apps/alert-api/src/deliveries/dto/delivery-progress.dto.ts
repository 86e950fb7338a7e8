import { ApiProperty } from '@nestjs/swagger';
import { CHANNELS } from '@childalert/contracts';
import type { AlertDeliveryProgress, ProgressCounts, VersionProgress } from '@childalert/delivery';

export class DeliveryCountsDto {
  @ApiProperty({ description: 'Recipients the dispatcher planned' }) planned!: number;
  @ApiProperty() delivered!: number;
  @ApiProperty({ description: 'Refused for good or out of attempts (dead-lettered)' }) failed!: number;
  @ApiProperty({ description: 'Not sent on purpose: unsubscribed since, or the alert ended first' })
  skipped!: number;
  @ApiProperty({ description: 'Whose last attempt failed transiently: will be tried again' })
  retrying!: number;
  @ApiProperty({ description: 'Planned and not yet delivered, failed or skipped' }) pending!: number;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) firstDeliveryAt!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) lastDeliveryAt!: string | null;
}

export class VersionDeliveriesDto extends DeliveryCountsDto {
  @ApiProperty() version!: number;
  @ApiProperty({ nullable: true, type: String, example: 'activated' }) eventType!: string | null;
}

export class ChannelDeliveriesDto extends DeliveryCountsDto {
  @ApiProperty({ enum: CHANNELS }) channel!: string;
  @ApiProperty({ type: [VersionDeliveriesDto] }) versions!: VersionDeliveriesDto[];
}

/** Delivery progress of one alert: per channel, summed over its versions, and per version. */
export class AlertDeliveriesDto {
  @ApiProperty({ format: 'uuid' }) alertId!: string;
  @ApiProperty({ type: [ChannelDeliveriesDto] }) channels!: ChannelDeliveriesDto[];
}

function countsDto(counts: ProgressCounts): DeliveryCountsDto {
  return {
    planned: counts.planned,
    delivered: counts.delivered,
    failed: counts.failed,
    skipped: counts.skipped,
    retrying: counts.retrying,
    pending: counts.pending,
    firstDeliveryAt: counts.firstDeliveryAt?.toISOString() ?? null,
    lastDeliveryAt: counts.lastDeliveryAt?.toISOString() ?? null,
  };
}

function versionDto(version: VersionProgress): VersionDeliveriesDto {
  return { version: version.version, eventType: version.eventType, ...countsDto(version) };
}

export function toAlertDeliveriesDto(progress: AlertDeliveryProgress): AlertDeliveriesDto {
  return {
    alertId: progress.alertId,
    channels: progress.channels.map((channel) => ({
      channel: channel.channel,
      ...countsDto(channel),
      versions: channel.versions.map(versionDto),
    })),
  };
}
