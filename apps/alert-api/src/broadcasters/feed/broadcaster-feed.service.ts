import { Inject, Injectable } from '@nestjs/common';
import { closureTextsOf, fullDescriptionOf, headlineOf, sha256Hex } from '@childalert/alerts';
import { AlertAreaMatcher, bestLanguage } from '@childalert/audience';
import { type AtomEntryInput, buildAtomFeed } from '@childalert/cap';
import { t } from '@childalert/i18n';
import { ApiError } from '../../common/api.error';
import { BroadcasterRepository } from '../broadcaster.repository';
import type { Broadcaster } from '../broadcaster.types';
import { BROADCASTERS_SETTINGS, type BroadcastersSettings } from '../broadcasters.settings';
import { BroadcastAlertsRepository, type LiveAlert } from './broadcast-alerts.repository';

export interface FeedDocument {
  body: string;
  etag: string;
}

/**
 * A broadcaster's own Atom feed: the alerts whose area meets its area and
 * which are written in one of its languages, each entry in the best of its
 * languages with the CAP message embedded byte for byte.
 */
@Injectable()
export class BroadcasterFeedService {
  constructor(
    private readonly broadcasters: BroadcasterRepository,
    private readonly alerts: BroadcastAlertsRepository,
    @Inject(BROADCASTERS_SETTINGS) private readonly settings: BroadcastersSettings,
  ) {}

  /** The active broadcaster an API key belongs to; 403 when disabled. */
  async activeBroadcaster(id: string): Promise<Broadcaster> {
    const broadcaster = await this.broadcasters.find(id);
    if (!broadcaster) throw ApiError.forbidden('this API key belongs to no broadcaster');
    if (!broadcaster.active)
      throw ApiError.forbidden('this broadcaster is disabled: ask the NGO to enable it');
    return broadcaster;
  }

  async feed(broadcaster: Broadcaster): Promise<FeedDocument> {
    const since = new Date(Date.now() - this.settings.feedEndedHours * 3_600_000);
    const concerned = (await this.alerts.feed(since)).filter((alert) => concerns(broadcaster, alert));
    const base = this.settings.publicBaseUrl;
    const entries = concerned.map((alert): AtomEntryInput => {
      const language = bestLanguage(broadcaster.languages, alert.live.content.languages);
      const texts = textsOf(alert, language, this.settings.timeZone);
      return {
        id: `urn:childalert:alert:${alert.alertId}`,
        title: texts.title,
        updated: alert.sent,
        summary: texts.summary,
        link: `${base}/alerts/${alert.alertId}`,
        capUrl: `${base}/feeds/alerts/${alert.alertId}.cap.xml`,
        categories: [{ term: 'Rescue', label: t(language, 'alert.event') }, { term: alert.state }],
        ...(alert.capXml !== '' ? { embeddedCap: alert.capXml } : {}),
      };
    });
    const updated = entries.reduce((latest, entry) => Math.max(latest, entry.updated.getTime()), 0);
    const body = buildAtomFeed({
      id: `urn:childalert:feed:broadcaster:${broadcaster.id}`,
      title: `childalert – alerts for ${broadcaster.name}`,
      updated: new Date(updated),
      selfUrl: `${base}/v1/broadcast/feed.atom`,
      author: { name: this.settings.capSenderName },
      entries,
    });
    return { body, etag: `"${sha256Hex(body)}"` };
  }
}

/** Its area meets the broadcaster's, and it is written in one of the broadcaster's languages. */
export function concerns(broadcaster: Broadcaster, alert: LiveAlert): boolean {
  const { area, languages } = alert.live.content;
  if (!languages.some((language) => broadcaster.languages.includes(language))) return false;
  return new AlertAreaMatcher(area).matches(broadcaster.area);
}

function textsOf(alert: LiveAlert, language: string, timeZone: string): { title: string; summary: string } {
  if (alert.live.kind === 'closure') {
    const texts = closureTextsOf(alert.live.content, language);
    return { title: texts.label, summary: texts.text };
  }
  return {
    title: headlineOf(alert.live.content, language),
    summary: fullDescriptionOf(alert.live.content, language, timeZone),
  };
}
