import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import sharp from 'sharp';
import { type AlertContent, AlertFixtures } from '@childalert/alerts';
import { PublishedAlerts } from '../../delivery/support/published-alerts';

let card: Promise<Buffer> | undefined;

/** A 1200×675 JPEG like processPhoto's social card. */
export function socialCard(): Promise<Buffer> {
  card ??= sharp({ create: { width: 1200, height: 675, channels: 3, background: { r: 200, g: 60, b: 40 } } })
    .jpeg({ quality: 80 })
    .toBuffer();
  return card;
}

/** Stores a photo of the alert with its social card, as alert-api's upload leaves it. */
export async function storePhoto(
  pool: Pool,
  alertId: string,
  photoId: string,
  bytes?: Buffer,
): Promise<Buffer> {
  const jpeg = bytes ?? (await socialCard());
  await pool.query(
    `INSERT INTO photos (id, alert_id, source_type, uploaded_by, uploaded_at) VALUES ($1, $2, 'jpeg', 'u-officer', now())`,
    [photoId, alertId],
  );
  await pool.query(
    `INSERT INTO photo_variants (photo_id, variant, mime_type, width, height, size, sha1, sha256, bytes)
     VALUES ($1, 'social', 'image/jpeg', 1200, 675, $2, $3, $4, $5)`,
    [
      photoId,
      jpeg.length,
      createHash('sha1').update(jpeg).digest('hex'),
      createHash('sha256').update(jpeg).digest('hex'),
      jpeg,
    ],
  );
  return jpeg;
}

/** A social card about as heavy as one made from a real photo (~95 KB): blurred noise. */
export function realisticSocialCard(): Promise<Buffer> {
  const noise = randomBytes(1200 * 675 * 3);
  return sharp(noise, { raw: { width: 1200, height: 675, channels: 3 } })
    .blur(2.5)
    .jpeg({ quality: 82 })
    .toBuffer();
}

/** An activated alert whose content shows a stored photo of its own (`card`: its bytes). */
export async function activateWithPhoto(
  pool: Pool,
  card?: Buffer,
): Promise<{ alertId: string; content: AlertContent; photoSha256: string }> {
  const content = AlertFixtures.anAlertContent({
    photoIds: [randomUUID()],
    expiresAt: new Date(Date.now() + 6 * 3600_000),
  });
  const alertId = await new PublishedAlerts(pool).activate(content);
  const jpeg = await storePhoto(pool, alertId, content.photoIds[0], card);
  return { alertId, content, photoSha256: createHash('sha256').update(jpeg).digest('hex') };
}
