import { Inject, Injectable } from '@nestjs/common';
import { type AlertVersion, type PhotoDescriptor, sha256Hex, toCapMessage } from '@childalert/alerts';
import { buildValidCapXml } from '@childalert/cap';
import type { DatabaseExecutor } from '@childalert/persistence';
import { PhotoRepository } from '../photos/photo.repository';
import type { PublicationRef } from './alert-row.mapper';
import { AlertLinks, ALERTS_SETTINGS, type AlertsSettings } from './alerts.settings';

/** The CAP resource of a photo: the stripped original, served publicly while the alert is live. */
const CAP_PHOTO_VARIANT = 'original';

export interface BuiltCap {
  identifier: string;
  xml: string;
  sha256: string;
}

/**
 * The CAP 1.2 message of one published version, validated against the OASIS
 * schema (buildValidCapXml throws CapValidationError otherwise, which aborts
 * the transaction: an invalid message is never stored nor published).
 */
@Injectable()
export class CapMessageFactory {
  private readonly links: AlertLinks;

  constructor(
    @Inject(ALERTS_SETTINGS) private readonly settings: AlertsSettings,
    private readonly photos: PhotoRepository,
  ) {
    this.links = new AlertLinks(settings.publicBaseUrl);
  }

  /** `db`: the caller's transaction, so photos uploaded in it are found. */
  async build(
    version: AlertVersion,
    sent: Date,
    previous: readonly PublicationRef[],
    db?: DatabaseExecutor,
  ): Promise<BuiltCap> {
    const photoIds = version.kind === 'content' ? version.content.photoIds : [];
    const variants = await this.photos.variantsOf(photoIds, CAP_PHOTO_VARIANT, db);
    const photos: PhotoDescriptor[] = photoIds.flatMap((id) => {
      const variant = variants.get(id);
      return variant
        ? [
            {
              id,
              mimeType: variant.mimeType,
              size: variant.size,
              sha1: variant.sha1,
              uri: this.links.photo(version.alertId, id, CAP_PHOTO_VARIANT),
            },
          ]
        : [];
    });
    const message = toCapMessage(version, {
      sender: this.settings.capSender,
      senderName: this.settings.capSenderName,
      sent,
      publicBaseUrl: this.settings.publicBaseUrl,
      previousMessages: previous.map((p) => ({ sender: p.sender, identifier: p.identifier, sent: p.sent })),
      photos,
      timeZone: this.settings.timeZone,
    });
    const xml = await buildValidCapXml(message);
    return { identifier: message.identifier, xml, sha256: sha256Hex(xml) };
  }
}
