import type { TwitterApi } from 'twitter-api-v2';

export interface TimelinePost {
  id: string;
  text: string;
}

/**
 * One NGO account on X through twitter-api-v2 (OAuth 1.0a user context):
 * what the social channel does there, nothing more.
 */
export class XAccountClient {
  private userId: Promise<string> | undefined;

  constructor(private readonly api: TwitterApi) {}

  /** Chunked upload (initialize, append, finalize), then the image description. */
  async uploadPhoto(bytes: Buffer, mimeType: string, altText: string): Promise<string> {
    const mediaId = await this.api.v2.uploadMedia(bytes, {
      media_type: mimeType as 'image/jpeg',
      media_category: 'tweet_image',
    });
    await this.api.v2.createMediaMetadata(mediaId, { alt_text: { text: altText } });
    return mediaId;
  }

  /** Posts, as a reply when `replyTo` is given; resolves with the post's id. */
  async post(text: string, options: { replyTo?: string; mediaId?: string }): Promise<string> {
    const { data } = await this.api.v2.tweet({
      text,
      ...(options.replyTo !== undefined ? { reply: { in_reply_to_tweet_id: options.replyTo } } : {}),
      ...(options.mediaId !== undefined ? { media: { media_ids: [options.mediaId] } } : {}),
    });
    return data.id;
  }

  async delete(postId: string): Promise<void> {
    await this.api.v2.deleteTweet(postId);
  }

  /** The account's own posts since `since`, newest first (one page: posts in doubt are minutes old). */
  async postsSince(since: Date): Promise<TimelinePost[]> {
    const userId = await this.me();
    const timeline = await this.api.v2.userTimeline(userId, {
      start_time: since.toISOString(),
      max_results: 100,
    });
    return timeline.tweets.map((tweet) => ({ id: tweet.id, text: tweet.text }));
  }

  private me(): Promise<string> {
    this.userId ??= this.api.v2.me().then(
      ({ data }) => data.id,
      (error: unknown) => {
        this.userId = undefined;
        throw error;
      },
    );
    return this.userId;
  }
}
