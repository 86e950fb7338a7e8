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

export interface SocialRendering {
  language: string;
  /** At most 280 weighted characters (X's count, a link counting 23). */
  text: string;
  weightedLength: number;
  /** 1200×675 card of the first photo. */
  imageUrl?: string;
}

/** X counts a link as 23 characters whatever its length (t.co). */
const LINK_WEIGHT = 23;
/** twitter-text v3: code points in these ranges weigh 1, all others (emoji, CJK) 2. */
const LIGHT_RANGES: readonly [number, number][] = [
  [0, 4351],
  [8192, 8205],
  [8208, 8223],
  [8242, 8247],
];
const URL = /https?:\/\/\S+/g;

/** The length X counts for `text`. */
export function weightedLength(text: string): number {
  const links = text.match(URL) ?? [];
  let length = links.length * LINK_WEIGHT;
  for (const char of text.replace(URL, '')) {
    const code = char.codePointAt(0)!;
    length += LIGHT_RANGES.some(([from, to]) => code >= from && code <= to) ? 1 : 2;
  }
  return length;
}

export function renderSocial(
  version: AlertVersion,
  language: string,
  context: RenderContext,
): SocialRendering {
  const url = alertPageUrl(context.publicBaseUrl, version.alertId);
  const hashtags = t(language, 'social.hashtags');
  const brand = t(language, 'alert.brand');
  let story: string;
  let fixedTail: string;
  let imageUrl: string | undefined;
  if (version.kind === 'closure') {
    const texts = closureTextsOf(version.content, language);
    story = `${withLabels(`${brand}: ${texts.label}`, labelsOf(version.content.exercise, false, language))}. ${texts.text}`;
    fixedTail = `${url} ${hashtags}`;
  } else {
    const content = version.content;
    const labels = labelsOf(content.exercise, context.update ?? false, language);
    story = `${withLabels(`${brand}: ${headlineOf(content, language)}`, labels)}. ${lastSeenSummary(content, language, context.timeZone)}.`;
    fixedTail = `${t(language, 'alert.callToAction', { policePhone: content.policeContact.phone })} ${url} ${hashtags}`;
    const firstPhoto = content.photoIds[0];
    if (firstPhoto && context.photoUrl) imageUrl = context.photoUrl(firstPhoto, 'social');
  }
  const room = CHANNEL_LIMITS.socialPost - weightedLength(fixedTail) - 1;
  let text = `${story} ${fixedTail}`;
  // Shorten the story, never the link, the hotline or the tags; characters
  // can weigh 2, so step down until the weighted count fits.
  for (let max = room; weightedLength(text) > CHANNEL_LIMITS.socialPost && max > 0; max -= 1) {
    text = `${truncate(story, max)} ${fixedTail}`;
  }
  return { language, text, weightedLength: weightedLength(text), ...(imageUrl ? { imageUrl } : {}) };
}
