import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  type ChannelAdapter,
  type DeliveryRecipient,
  type PublishedVersion,
  type SendContext,
  type SendOutcome,
  SendOutcomes,
} from '@childalert/delivery';
import type { SocialAccount } from './accounts/social-accounts';
import { prepareSocialPost, type SocialPostContent } from './content/social-post.content';
import { PhotoStore } from './photos/photo.store';
import { SocialPostRepository, type PostKey, type SocialPostRow } from './posts/social-post.repository';
import { textSha256 } from './posts/post-text.match';
import { ThreadLocks } from './posts/thread-locks';
import { SOCIAL_SETTINGS, type SocialSettings } from './social.settings';
import type { XAccountClient } from './x/x-account.client';
import { XClients } from './x/x-clients';
import { isDefiniteRefusal, isDuplicateContent, isNotFound, outcomeOfXError } from './x/x-outcome';

/** How far back a post in doubt is looked for before its reservation (clock skew with X). */
const IN_DOUBT_LOOKBACK_MS = 5 * 60_000;
/** How soon an update asks again while an earlier version of its thread is still being posted. */
const THREAD_WAIT_MS = 1_000;

/**
 * The social channel: each recipient is one NGO account on X. An activation
 * is a post with the child's photo (uploaded with its description); an update
 * replies in the alert's thread; an ending replies with the outcome and then
 * deletes every post of the thread that carried the photo.
 *
 * The ledger sends each (account, version) once; what it cannot see (killed
 * after X accepted a post, before the mark) is covered here: every post is
 * recorded as an intent before it is sent and with its id as soon as X
 * answers, and an intent found without an id is looked for on the account's
 * timeline before anything is posted again.
 */
@Injectable()
export class SocialChannelAdapter implements ChannelAdapter<SocialAccount, SocialPostContent> {
  readonly channel = 'social' as const;
  private readonly logger = new Logger('SocialChannel');
  private readonly locks = new ThreadLocks();

  constructor(
    @Inject(SOCIAL_SETTINGS) private readonly settings: SocialSettings,
    private readonly clients: XClients,
    private readonly posts: SocialPostRepository,
    private readonly photos: PhotoStore,
  ) {}

  /** The configured accounts among the ids; a removed account is skipped. */
  resolveRecipients(ids: readonly string[]): Promise<Map<string, SocialAccount>> {
    const found = new Map<string, SocialAccount>();
    for (const id of ids) {
      const account = this.settings.accounts.get(id);
      if (account !== undefined && this.clients.of(id) !== undefined) found.set(id, account);
    }
    return Promise.resolve(found);
  }

  prepare(version: PublishedVersion, language: string): SocialPostContent {
    return prepareSocialPost(version, language, {
      publicBaseUrl: this.settings.publicBaseUrl,
      timeZone: this.settings.timeZone,
      hashtags: this.settings.hashtagsFor(language),
    });
  }

  send(
    recipient: DeliveryRecipient<SocialAccount>,
    content: SocialPostContent,
    context: SendContext,
  ): Promise<SendOutcome> {
    const key: PostKey = { alertId: context.alertId, account: recipient.id, version: context.version };
    return this.locks.run(`${key.alertId}:${key.account}`, () => this.publish(key, content));
  }

  private async publish(key: PostKey, content: SocialPostContent): Promise<SendOutcome> {
    const client = this.clients.of(key.account);
    if (client === undefined) return SendOutcomes.permanent(`no credentials for ${key.account}`);
    const existing = await this.posts.find(key);
    if (existing?.status !== 'posted') {
      const outcome = await this.postOnce(client, key, content, existing);
      if (outcome.kind !== 'delivered') {
        // The photo must not wait for the reply (daily cap, X down): it goes first.
        if (content.ending) await this.deletePhotoPosts(client, key).catch(() => undefined);
        return outcome;
      }
    }
    return content.ending ? this.deletePhotoPosts(client, key) : SendOutcomes.delivered();
  }

  /** The post itself: found again if it was in doubt, else reserved, sent and recorded. */
  private async postOnce(
    client: XAccountClient,
    key: PostKey,
    content: SocialPostContent,
    existing: SocialPostRow | undefined,
  ): Promise<SendOutcome> {
    if (key.version > 1 && !content.ending && (await this.posts.earlierVersionPending(key))) {
      return SendOutcomes.transient('an earlier version of this thread is still being posted', {
        retryAfterMs: THREAD_WAIT_MS,
      });
    }
    if (existing !== undefined) {
      // In doubt: an earlier attempt may have reached X without being recorded.
      let found: string | undefined;
      try {
        found = await this.findOnTimeline(client, existing);
      } catch (error) {
        return outcomeOfXError(error, 'looking for a post in doubt');
      }
      if (found !== undefined) {
        this.logger.warn(
          `post in doubt of ${key.alertId} v${key.version} on ${key.account} found on X: not sent again`,
        );
        await this.posts.markPosted(key, {
          postId: found,
          hasMedia: existing.hasMedia,
          ...(existing.inReplyTo !== null ? { inReplyTo: existing.inReplyTo } : {}),
          ...(existing.photoId !== null ? { photoId: existing.photoId } : {}),
        });
        return SendOutcomes.delivered();
      }
    }

    const thread = await this.posts.thread(key.alertId, key.account);
    const earlier = thread.filter((post) => post.version < key.version);
    const replyTo = [...earlier].reverse().find((post) => post.deletedAt === null)?.postId ?? undefined;
    const shownPhoto = [...earlier].reverse().find((post) => post.hasMedia)?.photoId ?? undefined;
    // The photo goes with the first post of a thread, and with an update that changes it.
    const photo =
      content.photo !== undefined && (replyTo === undefined || content.photo.photoId !== shownPhoto)
        ? content.photo
        : undefined;
    const intent = {
      textSha256: content.textSha256,
      hasMedia: photo !== undefined,
      ...(replyTo !== undefined ? { inReplyTo: replyTo } : {}),
      ...(photo !== undefined ? { photoId: photo.photoId } : {}),
    };
    if (existing === undefined) {
      const reservation = await this.posts.reserve(key, intent, this.settings.dailyPostCap);
      if (!reservation.reserved) {
        // Waiting would hold the partition (and other alerts' endings) for hours: the post goes to
        // the dead-letter topic, to be replayed when the operator decides.
        const minutes = Math.ceil(reservation.retryAfterMs / 60_000);
        return SendOutcomes.permanent(
          `daily cap of ${this.settings.dailyPostCap} posts in 24 h on ${key.account} reached ` +
            `(a slot frees in ${minutes} min): not posted`,
        );
      }
    }

    let mediaId: string | undefined;
    let postId: string;
    try {
      if (photo !== undefined) {
        const card = await this.photos.socialCardOf(key.alertId, photo.photoId);
        if (card !== undefined) mediaId = await client.uploadPhoto(card.bytes, card.mimeType, photo.altText);
        else this.logger.warn(`photo ${photo.photoId} of ${key.alertId} is not stored: posting without it`);
      }
      postId = await client.post(content.text, {
        ...(replyTo !== undefined ? { replyTo } : {}),
        ...(mediaId !== undefined ? { mediaId } : {}),
      });
    } catch (error) {
      return this.postFailed(client, key, { ...intent, hasMedia: mediaId !== undefined }, error);
    }
    await this.posts.markPosted(key, { ...intent, postId, hasMedia: mediaId !== undefined });
    return SendOutcomes.delivered();
  }

  /**
   * A refusal means nothing was posted: the intent and its cap slot go.
   * Duplicate content means an earlier attempt did post it: found and kept.
   * Anything else (timeout, connection lost) leaves the intent in doubt.
   */
  private async postFailed(
    client: XAccountClient,
    key: PostKey,
    intent: { textSha256: string; hasMedia: boolean; inReplyTo?: string; photoId?: string },
    error: unknown,
  ): Promise<SendOutcome> {
    if (isDuplicateContent(error)) {
      const row = await this.posts.find(key);
      const found = row && (await this.findOnTimeline(client, row).catch(() => undefined));
      if (found !== undefined) {
        await this.posts.markPosted(key, { ...intent, postId: found });
        return SendOutcomes.delivered();
      }
    }
    if (isDefiniteRefusal(error)) await this.posts.release(key);
    return outcomeOfXError(error, `post of ${key.alertId} v${key.version} on ${key.account}`);
  }

  private async findOnTimeline(client: XAccountClient, row: SocialPostRow): Promise<string | undefined> {
    const posts = await client.postsSince(new Date(row.reservedAt.getTime() - IN_DOUBT_LOOKBACK_MS));
    const candidates = posts.filter((post) => textSha256(post.text) === row.textSha256);
    if (candidates.length === 0) return undefined;
    const known = await this.posts.knownPostIds(
      row.account,
      candidates.map((post) => post.id),
    );
    return candidates.find((post) => !known.has(post.id))?.id;
  }

  /** After an ending: every post of the thread showing the photo is deleted (a gone one counts as done). */
  private async deletePhotoPosts(client: XAccountClient, key: PostKey): Promise<SendOutcome> {
    const thread = await this.posts.thread(key.alertId, key.account);
    for (const post of thread) {
      if (!post.hasMedia || post.deletedAt !== null || post.postId === null) continue;
      try {
        await client.delete(post.postId);
      } catch (error) {
        if (!isNotFound(error)) return outcomeOfXError(error, `deleting the photo post ${post.postId}`);
      }
      await this.posts.markDeleted(key.alertId, key.account, post.postId);
    }
    return SendOutcomes.delivered();
  }
}
