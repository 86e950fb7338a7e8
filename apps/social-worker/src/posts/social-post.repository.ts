import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { PG_POOL } from '@childalert/persistence';

/** One post of an alert's thread on one account (migration 0010_social_posts). */
export interface SocialPostRow {
  alertId: string;
  account: string;
  version: number;
  /** posting: reserved, sent or about to be, outcome unknown; posted: X answered with `postId`. */
  status: 'posting' | 'posted';
  textSha256: string;
  postId: string | null;
  inReplyTo: string | null;
  hasMedia: boolean;
  photoId: string | null;
  reservedAt: Date;
  deletedAt: Date | null;
}

export interface PostKey {
  alertId: string;
  account: string;
  version: number;
}

export type Reservation = { reserved: true; row: SocialPostRow } | { reserved: false; retryAfterMs: number };

const DAY_MS = 24 * 3600_000;

const COLUMNS = `alert_id, account, version, status, text_sha256, post_id, in_reply_to, has_media, photo_id,
                 reserved_at, deleted_at`;

interface Row {
  alert_id: string;
  account: string;
  version: number;
  status: 'posting' | 'posted';
  text_sha256: string;
  post_id: string | null;
  in_reply_to: string | null;
  has_media: boolean;
  photo_id: string | null;
  reserved_at: Date;
  deleted_at: Date | null;
}

/** The social worker's record of its posts: threads, posts in doubt, the daily cap. */
@Injectable()
export class SocialPostRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async find(key: PostKey): Promise<SocialPostRow | undefined> {
    const { rows } = await this.pool.query<Row>(
      `SELECT ${COLUMNS} FROM social_posts WHERE alert_id = $1 AND account = $2 AND version = $3`,
      [key.alertId, key.account, key.version],
    );
    return rows[0] && toPost(rows[0]);
  }

  /** The posts of the alert's thread on the account that X accepted, oldest version first. */
  async thread(alertId: string, account: string): Promise<SocialPostRow[]> {
    const { rows } = await this.pool.query<Row>(
      `SELECT ${COLUMNS} FROM social_posts
        WHERE alert_id = $1 AND account = $2 AND status = 'posted'
        ORDER BY version`,
      [alertId, account],
    );
    return rows.map(toPost);
  }

  /**
   * Reserves a post in the account's daily cap (the last 24 hours, counted
   * under a lock per account so that workers cannot both take the last slot)
   * and records the intent before anything is sent.
   */
  async reserve(
    key: PostKey,
    intent: { textSha256: string; inReplyTo?: string; hasMedia: boolean; photoId?: string },
    cap: number,
  ): Promise<Reservation> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(`SELECT pg_advisory_xact_lock(hashtext('social_posts:' || $1))`, [key.account]);
      const { rows: window } = await client.query<{ reserved_at: Date; now: Date }>(
        `SELECT reserved_at, now() AS now FROM social_posts
          WHERE account = $1 AND reserved_at > now() - interval '24 hours'
          ORDER BY reserved_at`,
        [key.account],
      );
      if (window.length >= cap) {
        await client.query('ROLLBACK');
        // A slot frees when the post that makes the count reach the cap is 24 hours old.
        const freeing = window[window.length - cap];
        const retryAfterMs = freeing.reserved_at.getTime() + DAY_MS - freeing.now.getTime();
        return { reserved: false, retryAfterMs: Math.max(1_000, retryAfterMs) };
      }
      const { rows } = await client.query<Row>(
        `INSERT INTO social_posts (alert_id, account, version, status, text_sha256, in_reply_to, has_media, photo_id)
         VALUES ($1, $2, $3, 'posting', $4, $5, $6, $7)
         ON CONFLICT (alert_id, account, version) DO UPDATE SET alert_id = EXCLUDED.alert_id
         RETURNING ${COLUMNS}`,
        [
          key.alertId,
          key.account,
          key.version,
          intent.textSha256,
          intent.inReplyTo ?? null,
          intent.hasMedia,
          intent.photoId ?? null,
        ],
      );
      await client.query('COMMIT');
      return { reserved: true, row: toPost(rows[0]) };
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  /** X accepted the post: its id, and what it really was (a retry may differ from the first intent). */
  async markPosted(
    key: PostKey,
    post: { postId: string; inReplyTo?: string; hasMedia: boolean; photoId?: string },
  ): Promise<void> {
    await this.pool.query(
      `UPDATE social_posts
          SET status = 'posted', post_id = $4, in_reply_to = $5, has_media = $6, photo_id = $7, posted_at = now()
        WHERE alert_id = $1 AND account = $2 AND version = $3`,
      [
        key.alertId,
        key.account,
        key.version,
        post.postId,
        post.inReplyTo ?? null,
        post.hasMedia,
        post.photoId ?? null,
      ],
    );
  }

  /** X refused the post for sure: the intent goes and its cap slot with it. */
  async release(key: PostKey): Promise<void> {
    await this.pool.query(
      `DELETE FROM social_posts WHERE alert_id = $1 AND account = $2 AND version = $3 AND status = 'posting'`,
      [key.alertId, key.account, key.version],
    );
  }

  async markDeleted(alertId: string, account: string, postId: string): Promise<void> {
    await this.pool.query(
      `UPDATE social_posts SET deleted_at = now()
        WHERE alert_id = $1 AND account = $2 AND post_id = $3 AND deleted_at IS NULL`,
      [alertId, account, postId],
    );
  }

  /** Post ids the account's threads already hold (a post in doubt must not be matched to one of them). */
  async knownPostIds(account: string, ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const { rows } = await this.pool.query<{ post_id: string }>(
      `SELECT post_id FROM social_posts WHERE account = $1 AND post_id = ANY($2::text[])`,
      [account, [...ids]],
    );
    return new Set(rows.map((row) => row.post_id));
  }

  /**
   * Whether an earlier version of the alert is still to be posted on the
   * account (the ledger holds it pending or sending, and it is not posted):
   * an update must wait for it, or it would start a second thread.
   */
  async earlierVersionPending(key: PostKey): Promise<boolean> {
    const { rows } = await this.pool.query(
      `SELECT 1 FROM delivery_ledger l
        WHERE l.channel = 'social' AND l.alert_id = $1 AND l.recipient_id = $2 AND l.version < $3
          AND l.status IN ('pending', 'sending')
          AND NOT EXISTS (SELECT 1 FROM social_posts p
                           WHERE p.alert_id = l.alert_id AND p.account = l.recipient_id
                             AND p.version = l.version AND p.status = 'posted')
        LIMIT 1`,
      [key.alertId, key.account, key.version],
    );
    return rows.length > 0;
  }
}

function toPost(row: Row): SocialPostRow {
  return {
    alertId: row.alert_id,
    account: row.account,
    version: row.version,
    status: row.status,
    textSha256: row.text_sha256,
    postId: row.post_id,
    inReplyTo: row.in_reply_to,
    hasMedia: row.has_media,
    photoId: row.photo_id,
    reservedAt: row.reserved_at,
    deletedAt: row.deleted_at,
  };
}
