import { isEndingEvent, type PublishedVersion } from '@childalert/delivery';
import { textSha256 } from '../posts/post-text.match';
import { altTextOf, postTextOf } from './social-post.text';

/** A version's post in one language, shared by every account of that language. */
export interface SocialPostContent {
  language: string;
  /** An ending: a reply without the photo, then the photo posts are deleted. */
  ending: boolean;
  text: string;
  textSha256: string;
  /** The photo shown (content versions with a photo): the first of the alert's. */
  photo?: { photoId: string; altText: string };
}

export interface SocialContentOptions {
  publicBaseUrl: string;
  timeZone: string;
  hashtags: string;
}

export function prepareSocialPost(
  published: PublishedVersion,
  language: string,
  options: SocialContentOptions,
): SocialPostContent {
  const { alertVersion } = published;
  const text = postTextOf(alertVersion, language, { ...options, update: published.eventType === 'updated' });
  const photoId = alertVersion.kind === 'content' ? alertVersion.content.photoIds[0] : undefined;
  return {
    language,
    ending: isEndingEvent(published.eventType),
    text,
    textSha256: textSha256(text),
    ...(photoId !== undefined && alertVersion.kind === 'content'
      ? { photo: { photoId, altText: altTextOf(alertVersion.content, language) } }
      : {}),
  };
}
