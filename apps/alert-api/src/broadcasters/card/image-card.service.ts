import { Inject, Injectable } from '@nestjs/common';
import { bestLanguage } from '@childalert/audience';
import { ApiError } from '../../common/api.error';
import { BROADCASTERS_SETTINGS, type BroadcastersSettings } from '../broadcasters.settings';
import { BroadcastAlertsRepository } from '../feed/broadcast-alerts.repository';
import { renderImageCard } from './image-card.renderer';

export interface ImageCard {
  png: Buffer;
  /** Changes when the live version or the language does. */
  etag: string;
  language: string;
}

const CACHE_SIZE = 64;

/**
 * The card of what the public sees of an alert now: the live content, or
 * after the end only the closure. Rendering takes a few hundred ms, so the
 * last cards are kept per (alert, version, language): every broadcaster
 * fetches the same one.
 */
@Injectable()
export class ImageCardService {
  private readonly cache = new Map<string, Promise<Buffer>>();

  constructor(
    private readonly alerts: BroadcastAlertsRepository,
    @Inject(BROADCASTERS_SETTINGS) private readonly settings: BroadcastersSettings,
  ) {}

  async card(alertId: string, requestedLanguage: string | undefined): Promise<ImageCard> {
    const alert = await this.alerts.live(alertId);
    if (!alert) throw ApiError.notFound(`a published alert ${alertId}`);
    const live = alert.live;
    const language = bestLanguage(requestedLanguage ? [requestedLanguage] : [], live.content.languages);
    const key = `${alertId}:${alert.version}:${language}`;
    let rendering = this.cache.get(key);
    if (rendering === undefined) {
      rendering = (async () => {
        if (live.kind === 'closure')
          return renderImageCard({ kind: 'closure', content: live.content, language });
        const photoId = live.content.photoIds[0];
        const photo = photoId !== undefined ? await this.alerts.photo(alertId, photoId) : undefined;
        return renderImageCard({
          kind: 'content',
          content: live.content,
          language,
          timeZone: this.settings.timeZone,
          ...(photo !== undefined ? { photo } : {}),
        });
      })();
      this.cache.set(key, rendering);
      rendering.catch(() => this.cache.delete(key));
      if (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
    }
    return { png: await rendering, etag: `"card-${key}"`, language };
  }
}
