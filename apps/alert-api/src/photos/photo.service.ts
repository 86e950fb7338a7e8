import { Inject, Injectable } from '@nestjs/common';
import { type PhotoRejectionCode, type PhotoVariant, processPhoto } from '@childalert/alerts';
import type { AuthenticatedUser } from '@childalert/auth';
import type { Request } from 'express';
import { ApiError } from '../common/api.error';
import { isStaff, OptionalUserResolver } from '../common/optional-user.resolver';
import { AlertCommandService, type PhotoUploadOutcome } from '../alerts/alert-commands.service';
import { AlertRepository } from '../alerts/alert.repository';
import { ALERTS_SETTINGS, type AlertsSettings } from '../alerts/alerts.settings';
import { PHOTO_VARIANTS, PhotoRepository } from './photo.repository';

const REJECTION_STATUS: Record<PhotoRejectionCode, number> = {
  too_large: 413,
  unsupported_type: 415,
  type_mismatch: 415,
  too_many_pixels: 422,
  unreadable: 422,
};

export interface PhotoFile {
  bytes: Buffer;
  mimeType: string;
  size: number;
  sha256: string;
  /** Public: anyone may fetch and cache it briefly; otherwise staff only, never cached. */
  public: boolean;
}

/** Uploads (checked by content, stripped, stored with derivatives) and the rule of who may see a photo. */
@Injectable()
export class PhotoService {
  constructor(
    private readonly commands: AlertCommandService,
    private readonly alerts: AlertRepository,
    private readonly photos: PhotoRepository,
    private readonly users: OptionalUserResolver,
    @Inject(ALERTS_SETTINGS) private readonly settings: AlertsSettings,
  ) {}

  async upload(alertId: string, bytes: Buffer, user: AuthenticatedUser): Promise<PhotoUploadOutcome> {
    // Decoding and re-encoding is the slow part: done before the alert's row is locked.
    const result = await processPhoto(bytes, { maxBytes: this.settings.photoMaxBytes });
    if (!result.ok) throw new ApiError(REJECTION_STATUS[result.code], `photo_${result.code}`, result.message);
    return this.commands.addPhoto(alertId, result.photo, user);
  }

  /**
   * A photo is public only while its alert is ACTIVE and the live version
   * shows it; otherwise (a draft, a pending update, an ended alert) it is the
   * restricted record's, for staff only.
   */
  async file(alertId: string, photoId: string, variant: string, request: Request): Promise<PhotoFile> {
    if (!(PHOTO_VARIANTS as readonly string[]).includes(variant)) {
      throw ApiError.notFound(`photo variant ${variant} (there are ${PHOTO_VARIANTS.join(', ')})`);
    }
    const loaded = await this.alerts.find(alertId);
    if (!loaded) throw ApiError.notFound(`alert ${alertId}`);
    const live = loaded.alert.live;
    const isPublic =
      loaded.alert.state === 'ACTIVE' && live?.kind === 'content' && live.content.photoIds.includes(photoId);
    if (!isPublic) {
      const user = await this.users.userOf(request);
      if (!user)
        throw new ApiError(401, 'unauthorized', 'this photo is not public: log in as police or NGO staff');
      if (!isStaff(user))
        throw ApiError.forbidden('only police and NGO staff see photos that are not public');
    }
    const row = await this.photos.bytesOf(alertId, photoId, variant as PhotoVariant);
    if (!row) throw ApiError.notFound(`photo ${photoId} of alert ${alertId}`);
    return { bytes: row.bytes, mimeType: row.mimeType, size: row.size, sha256: row.sha256, public: isPublic };
  }
}
