import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { PG_POOL } from '@childalert/persistence';

export interface PhotoBytes {
  bytes: Buffer;
  mimeType: string;
}

/**
 * The stored social card (1200×675 JPEG, processPhoto) of an alert's photo,
 * read from photo_variants as alert-api serves it; absent when the photo is
 * not the alert's or retention erased it.
 */
@Injectable()
export class PhotoStore {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async socialCardOf(alertId: string, photoId: string): Promise<PhotoBytes | undefined> {
    const { rows } = await this.pool.query<{ bytes: Buffer; mime_type: string }>(
      `SELECT v.bytes, v.mime_type
         FROM photo_variants v
         JOIN photos p ON p.id = v.photo_id
        WHERE p.alert_id = $1 AND v.photo_id = $2 AND v.variant = 'social' AND v.redacted_at IS NULL`,
      [alertId, photoId],
    );
    const row = rows[0];
    return row && row.bytes.length > 0 ? { bytes: row.bytes, mimeType: row.mime_type } : undefined;
  }
}
