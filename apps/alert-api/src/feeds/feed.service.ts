import { Inject, Injectable } from '@nestjs/common';
import {
  closureTextsOf,
  fullDescriptionOf,
  headlineOf,
  sha256Hex,
  type AlertVersion,
} from '@childalert/alerts';
import { type AtomEntryInput, buildAtomFeed } from '@childalert/cap';
import { t } from '@childalert/i18n';
import { ApiError } from '../common/api.error';
import { Clock } from '../common/clock';
import { AlertRepository } from '../alerts/alert.repository';
import { AlertViewService } from '../alerts/alert-view.service';
import { ALERTS_SETTINGS, type AlertsSettings } from '../alerts/alerts.settings';

export interface FeedDocument {
  body: string;
  etag: string;
}

/**
 * The public feeds: Atom of live alerts (and, for a while, the end of those
 * that ended — the closure only, no personal data), and each alert's latest
 * CAP message byte for byte as it was published.
 */
@Injectable()
export class FeedService {
  constructor(
    private readonly alerts: AlertRepository,
    private readonly views: AlertViewService,
    private readonly clock: Clock,
    @Inject(ALERTS_SETTINGS) private readonly settings: AlertsSettings,
  ) {}

  async atom(options: { exercise: boolean; language?: string }): Promise<FeedDocument> {
    const endedSince = new Date(this.clock.now().getTime() - this.settings.feedEndedHours * 3_600_000);
    const loaded = await this.views.publicAlerts({ exercise: options.exercise, endedSince });
    const entries: AtomEntryInput[] = loaded.map(({ alert, view }) => {
      const live = alert.live!;
      const language = live.content.languages.includes(options.language ?? '')
        ? options.language!
        : live.content.languages[0];
      const texts = entryTexts(live, language, this.settings.timeZone);
      return {
        id: `urn:childalert:alert:${alert.id}`,
        title: alert.exercise ? `${t(language, 'alert.label.exercise')} – ${texts.title}` : texts.title,
        updated: new Date(view.updatedAt),
        summary: texts.summary,
        link: view.pageUrl,
        capUrl: view.capUrl,
        categories: [
          { term: 'Rescue', label: t(language, 'alert.event') },
          { term: view.status },
          ...(alert.exercise ? [{ term: 'Exercise' }] : []),
        ],
      };
    });
    const updated = entries.reduce((latest, entry) => Math.max(latest, entry.updated.getTime()), 0);
    const links = this.views.links;
    const body = buildAtomFeed({
      id: `urn:childalert:feed:${options.exercise ? 'exercise' : 'alerts'}`,
      title: options.exercise ? 'childalert – EXERCISE alerts' : 'childalert – child abduction alerts',
      updated: new Date(updated),
      selfUrl: options.exercise ? `${links.feed()}?exercise=true` : links.feed(),
      author: { name: this.settings.capSenderName },
      entries,
    });
    return { body, etag: `"${sha256Hex(body)}"` };
  }

  /** The latest publication's CAP message, exactly as published (an ended alert's says only that it ended). */
  async cap(alertId: string): Promise<FeedDocument> {
    const latest = await this.alerts.latestCap(alertId);
    if (!latest) throw ApiError.notFound(`a published alert ${alertId}`);
    return { body: latest.xml, etag: `"${latest.sha256}"` };
  }
}

function entryTexts(
  live: AlertVersion,
  language: string,
  timeZone: string,
): { title: string; summary: string } {
  if (live.kind === 'closure') {
    const texts = closureTextsOf(live.content, language);
    return { title: texts.label, summary: texts.text };
  }
  return {
    title: headlineOf(live.content, language),
    summary: fullDescriptionOf(live.content, language, timeZone),
  };
}
