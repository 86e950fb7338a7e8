import { Inject, Injectable } from '@nestjs/common';
import type { PhotoVariant, ProcessedPhoto } from '@childalert/alerts';
import {
  type Database,
  DATABASE,
  type DatabaseExecutor,
  photos,
  photoVariants,
  type PhotoVariantRow,
} from '@childalert/persistence';
import { and, eq, inArray, sql } from 'drizzle-orm';

export const PHOTO_VARIANTS: readonly PhotoVariant[] = ['original', 'push', 'email', 'social'];

export type StoredVariant = Omit<PhotoVariantRow, 'bytes'>;

/** Photos and the bytes of their variants (bytea: alerts carry a handful of photos). */
@Injectable()
export class PhotoRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async insert(
    tx: DatabaseExecutor,
    photo: { id: string; alertId: string; uploadedBy: string; uploadedAt: Date },
    processed: ProcessedPhoto,
  ): Promise<StoredVariant[]> {
    await tx.insert(photos).values({ ...photo, sourceType: processed.sourceType });
    const rows = PHOTO_VARIANTS.map((variant) => {
      const image = processed[variant];
      return {
        photoId: photo.id,
        variant,
        mimeType: image.mimeType,
        width: image.width,
        height: image.height,
        size: image.size,
        sha1: image.sha1,
        sha256: image.sha256,
        bytes: image.buffer,
      };
    });
    await tx.insert(photoVariants).values(rows);
    return rows.map(({ bytes: _bytes, ...meta }) => meta);
  }

  /** Which of `ids` are photos uploaded to this alert. */
  async idsOfAlert(db: DatabaseExecutor, alertId: string, ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await db
      .select({ id: photos.id })
      .from(photos)
      .where(and(eq(photos.alertId, alertId), inArray(photos.id, [...ids])));
    return new Set(rows.map((row) => row.id));
  }

  /** Metadata of one variant of each photo (no bytes). */
  async variantsOf(
    ids: readonly string[],
    variant: PhotoVariant,
    db: DatabaseExecutor = this.db,
  ): Promise<Map<string, StoredVariant>> {
    if (ids.length === 0) return new Map();
    const rows = await db
      .select({
        photoId: photoVariants.photoId,
        variant: photoVariants.variant,
        mimeType: photoVariants.mimeType,
        width: photoVariants.width,
        height: photoVariants.height,
        size: photoVariants.size,
        sha1: photoVariants.sha1,
        sha256: photoVariants.sha256,
      })
      .from(photoVariants)
      .where(and(inArray(photoVariants.photoId, [...ids]), eq(photoVariants.variant, variant)));
    return new Map(rows.map((row) => [row.photoId, row]));
  }

  /** Every photo uploaded to an alert with its variants' metadata, oldest first. */
  async listOfAlert(alertId: string): Promise<{ id: string; uploadedAt: Date; variants: StoredVariant[] }[]> {
    const rows = await this.db
      .select({
        id: photos.id,
        uploadedAt: photos.uploadedAt,
        variant: photoVariants.variant,
        mimeType: photoVariants.mimeType,
        width: photoVariants.width,
        height: photoVariants.height,
        size: photoVariants.size,
        sha1: photoVariants.sha1,
        sha256: photoVariants.sha256,
      })
      .from(photos)
      .innerJoin(photoVariants, eq(photoVariants.photoId, photos.id))
      .where(eq(photos.alertId, alertId))
      .orderBy(photos.uploadedAt, photos.id);
    const byId = new Map<string, { id: string; uploadedAt: Date; variants: StoredVariant[] }>();
    for (const { id, uploadedAt, ...variant } of rows) {
      const entry = byId.get(id) ?? { id, uploadedAt, variants: [] };
      entry.variants.push({ photoId: id, ...variant });
      byId.set(id, entry);
    }
    return [...byId.values()];
  }

  /** One variant's bytes, if the photo belongs to the alert and retention has not erased them. */
  async bytesOf(
    alertId: string,
    photoId: string,
    variant: PhotoVariant,
  ): Promise<PhotoVariantRow | undefined> {
    const [row] = await this.db
      .select({ variant: photoVariants })
      .from(photoVariants)
      .innerJoin(photos, eq(photos.id, photoVariants.photoId))
      .where(
        and(
          eq(photos.alertId, alertId),
          eq(photoVariants.photoId, photoId),
          eq(photoVariants.variant, variant),
          sql`${photoVariants}.redacted_at IS NULL`,
        ),
      );
    return row?.variant;
  }
}
