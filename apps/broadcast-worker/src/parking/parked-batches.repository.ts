import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import type { DispatchBatch } from '@childalert/contracts';
import { PG_POOL } from '@childalert/persistence';

/** The broadcast_parked_batches table; queries only. */
@Injectable()
export class ParkedBatchesRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  /** Parks batches until `dueAt`; a batch parked already keeps the earlier time. */
  async park(batches: readonly DispatchBatch[], dueAt: Date): Promise<void> {
    if (batches.length === 0) return;
    await this.pool.query(
      `INSERT INTO broadcast_parked_batches (batch_id, batch, due_at)
       SELECT b->>'batchId', b, $2 FROM jsonb_array_elements($1::jsonb) AS b
       ON CONFLICT (batch_id) DO UPDATE SET due_at = LEAST(broadcast_parked_batches.due_at, EXCLUDED.due_at)`,
      [JSON.stringify(batches), dueAt],
    );
  }

  /**
   * Takes up to `limit` due batches for this worker until `leaseMs` from now
   * (another worker takes them over if this one dies meanwhile).
   */
  async claimDue(workerId: string, limit: number, leaseMs: number): Promise<DispatchBatch[]> {
    const { rows } = await this.pool.query<{ batch: DispatchBatch }>(
      `UPDATE broadcast_parked_batches p
          SET claimed_by = $1, due_at = now() + make_interval(secs => $3::double precision / 1000), runs = p.runs + 1
        WHERE p.batch_id IN (SELECT batch_id FROM broadcast_parked_batches
                              WHERE due_at <= now() ORDER BY due_at LIMIT $2 FOR UPDATE SKIP LOCKED)
       RETURNING p.batch`,
      [workerId, limit, leaseMs],
    );
    return rows.map((row) => row.batch);
  }

  /** Done: every recipient delivered, failed or skipped. */
  async remove(batchId: string, workerId: string): Promise<void> {
    await this.pool.query('DELETE FROM broadcast_parked_batches WHERE batch_id = $1 AND claimed_by = $2', [
      batchId,
      workerId,
    ]);
  }

  /** Not done yet: due again in `delayMs`. */
  async postpone(batchId: string, workerId: string, delayMs: number): Promise<void> {
    await this.pool.query(
      `UPDATE broadcast_parked_batches SET claimed_by = NULL, due_at = now() + make_interval(secs => $3::double precision / 1000)
        WHERE batch_id = $1 AND claimed_by = $2`,
      [batchId, workerId, delayMs],
    );
  }

  async count(): Promise<number> {
    const { rows } = await this.pool.query<{ n: string }>(
      'SELECT count(*) AS n FROM broadcast_parked_batches',
    );
    return Number(rows[0].n);
  }
}
