import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import type { Channel } from '@childalert/contracts';
import { PG_POOL } from '@childalert/persistence';

export interface DeliveryPlan {
  alertId: string;
  version: number;
  channel: Channel;
  /** activated | updated | resolved | cancelled | expired. */
  eventType: string;
  /** Recipients the dispatcher is about to send batches for. */
  planned: number;
}

/**
 * The dispatcher's plan (delivery_plans): how many recipients each channel
 * should reach for a version, recorded before its first batch leaves, so
 * progress can say how many are still pending. Recording again (a dispatcher
 * restarted mid fan-out) replaces the count.
 */
@Injectable()
export class DeliveryPlans {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async record(plan: DeliveryPlan): Promise<void> {
    if (!Number.isInteger(plan.planned) || plan.planned < 0) {
      throw new RangeError(`planned must be a whole number, got ${plan.planned}`);
    }
    await this.pool.query(
      `INSERT INTO delivery_plans (alert_id, version, channel, event_type, planned)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (alert_id, version, channel) DO UPDATE
          SET planned = EXCLUDED.planned, event_type = EXCLUDED.event_type, recorded_at = now()`,
      [plan.alertId, plan.version, plan.channel, plan.eventType, plan.planned],
    );
  }

  async list(alertId: string): Promise<(DeliveryPlan & { recordedAt: Date })[]> {
    const { rows } = await this.pool.query<{
      version: number;
      channel: Channel;
      event_type: string;
      planned: number;
      recorded_at: Date;
    }>('SELECT version, channel, event_type, planned, recorded_at FROM delivery_plans WHERE alert_id = $1', [
      alertId,
    ]);
    return rows.map((row) => ({
      alertId,
      version: row.version,
      channel: row.channel,
      eventType: row.event_type,
      planned: row.planned,
      recordedAt: row.recorded_at,
    }));
  }
}
