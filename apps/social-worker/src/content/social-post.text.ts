import {
  alertPageUrl,
  type AlertContent,
  type AlertVersion,
  closureTextsOf,
  formatTime,
  headlineOf,
  truncate,
  weightedLength,
} from '@childalert/alerts';
import { t } from '@childalert/i18n';

/** X's limit, in its weighted count (a link 23, emoji and CJK 2). */
export const MAX_POST_LENGTH = 280;
/** X's limit of an image description. */
export const MAX_ALT_TEXT_LENGTH = 1000;

export interface PostTextOptions {
  publicBaseUrl: string;
  timeZone: string;
  hashtags: string;
  /** An update of an earlier version (labelled UPDATE). */
  update: boolean;
}

/**
 * The post of one version in one language: the key facts (headline, where and
 * when last seen), then the fixed tail that is never shortened: the call to
 * action with 116 000 and the police number, the alert page link and the
 * hashtags. An ending says only its outcome (no personal data) and links the
 * page. The story is shortened until the weighted length fits 280.
 */
export function postTextOf(version: AlertVersion, language: string, options: PostTextOptions): string {
  const url = alertPageUrl(options.publicBaseUrl, version.alertId);
  const brand = t(language, 'alert.brand');
  let story: string;
  let tail: string;
  if (version.kind === 'closure') {
    const texts = closureTextsOf(version.content, language);
    story = `${labelled(`${brand}: ${texts.label}`, version.content.exercise, false, language)}. ${texts.text}`;
    tail = `${url} ${options.hashtags}`;
  } else {
    const content = version.content;
    const lastSeen = t(language, 'lastSeen.summary', {
      time: formatTime(content.lastSeen.at, language, options.timeZone),
      place: content.lastSeen.place.address,
    });
    story = `${labelled(`${brand}: ${headlineOf(content, language)}`, content.exercise, options.update, language)}. ${lastSeen}.`;
    tail = `${t(language, 'alert.callToAction', { policePhone: content.policeContact.phone })} ${url} ${options.hashtags}`;
  }
  return fit(story, tail.trim());
}

/** The photo's description for people using screen readers: who it shows. */
export function altTextOf(content: AlertContent, language: string): string {
  const child = content.child;
  const who = [
    child.name,
    t(language, 'child.age', { age: child.age }),
    t(language, `child.sex.${child.sex}`),
  ];
  return truncate(`${t(language, 'alert.photo.description')}: ${who.join(', ')}`, MAX_ALT_TEXT_LENGTH);
}

function labelled(text: string, exercise: boolean, update: boolean, language: string): string {
  const labels = [
    ...(exercise ? [t(language, 'alert.label.exercise')] : []),
    ...(update ? [t(language, 'alert.label.update')] : []),
  ];
  return labels.length === 0 ? text : `${labels.join(' – ')} – ${text}`;
}

function fit(story: string, tail: string): string {
  let text = `${story} ${tail}`;
  // Characters can weigh 2: step the story down until the weighted count fits.
  for (let max = [...story].length - 1; weightedLength(text) > MAX_POST_LENGTH && max > 0; max -= 1) {
    text = `${truncate(story, max)} ${tail}`;
  }
  if (weightedLength(text) > MAX_POST_LENGTH)
    throw new Error(`a post cannot fit ${MAX_POST_LENGTH}: the link and hashtags alone are too long`);
  return text;
}
