import { t } from '@childalert/i18n';
import { CHANNEL_LIMITS } from '../model/alert-limits';
import type { AlertVersion } from '../model/alert.types';
import {
  alertPageUrl,
  closureTextsOf,
  headlineOf,
  labelsOf,
  lastSeenSummary,
  truncate,
  withLabels,
} from './alert-text.util';
import type { RenderContext } from './render-context';

/** A web push / mobile notification: what the service worker or FCM shows. */
export interface PushRendering {
  language: string;
  /** At most 65 characters: lock screens cut longer titles. */
  title: string;
  /** At most 240 characters, always ending with the call to action while the alert is live. */
  body: string;
  url: string;
  /** One notification per alert: an update or the end replaces the earlier one on the device. */
  tag: string;
  /** 192×192 derivative of the first photo. */
  icon?: string;
  requireInteraction: boolean;
  exercise: boolean;
}

export function renderPush(version: AlertVersion, language: string, context: RenderContext): PushRendering {
  const url = alertPageUrl(context.publicBaseUrl, version.alertId);
  const base = { language, url, tag: `childalert-${version.alertId}`, exercise: version.content.exercise };
  const brand = t(language, 'alert.brand');
  if (version.kind === 'closure') {
    const texts = closureTextsOf(version.content, language);
    return {
      ...base,
      title: truncate(
        withLabels(`${brand}: ${texts.label}`, labelsOf(version.content.exercise, false, language)),
        CHANNEL_LIMITS.pushTitle,
      ),
      body: truncate(texts.text, CHANNEL_LIMITS.pushBody),
      requireInteraction: false,
    };
  }
  const content = version.content;
  const labels = labelsOf(content.exercise, context.update ?? false, language);
  const title = withLabels(`${brand}: ${content.child.name}, ${content.child.age}`, labels);
  const callToAction = t(language, 'alert.callToAction', { policePhone: content.policeContact.phone });
  const story = `${headlineOf(content, language)}. ${lastSeenSummary(content, language, context.timeZone)}.`;
  const firstPhoto = content.photoIds[0];
  return {
    ...base,
    title: truncate(title, CHANNEL_LIMITS.pushTitle),
    // The call to action is never cut: it is the point of the notification.
    body: `${truncate(story, CHANNEL_LIMITS.pushBody - callToAction.length - 1)} ${callToAction}`,
    ...(firstPhoto && context.photoUrl ? { icon: context.photoUrl(firstPhoto, 'push') } : {}),
    requireInteraction: true,
  };
}
