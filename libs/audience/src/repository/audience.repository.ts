import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { PG_POOL } from '@childalert/persistence';
import { AlertAreaMatcher } from '../area/alert-area.matcher';
import { type AreaColumns, storedAreaOf } from '../area/area-columns';
import type { AlertArea } from '../area/area.types';
import { bestLanguage } from '../language/language-match';
import type { SubscriptionChannel } from '../subscription-channel';

/** One recipient of a dispatch batch: the subscription id and the language to send. */
export interface Recipient {
  id: string;
  language: string;
}

export interface RecipientQuery {
  channel: SubscriptionChannel;
  /** The alert's target area (libs/alerts TargetArea fits). */
  area: AlertArea;
  /** The alert's languages, primary first. */
  languages: readonly string[];
  /** Exercise alerts: only subscriptions an ngo_admin marked as test audience. */
  testAudienceOnly: boolean;
  /** Recipients per yielded batch; every batch but the last is full. */
  batchSize: number;
  /** Resume after this subscription id (the last id of the last batch sent). */
  after?: string;
  /**
   * Only ids up to this one. Default: the channel's `highWatermark` when the
   * stream starts. Pass the one taken when the plan was counted, so the plan
   * and the fan-out see the same subscribers (less any deleted meanwhile).
   */
  upTo?: string;
  /** Ids one query covers, so the rows it returns (default max(4 × batchSize, 2000)). */
  pageSpan?: number;
}

export interface WebpushContact {
  id: string;
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

export interface MobileContact {
  id: string;
  token: string;
  platform: 'android' | 'ios' | 'web';
}

export interface EmailContact {
  id: string;
  address: string;
}

export interface ContactByChannel {
  webpush: WebpushContact;
  mobile: MobileContact;
  email: EmailContact;
}

const TABLE: Record<SubscriptionChannel, string> = {
  webpush: 'webpush_subscriptions',
  mobile: 'mobile_subscriptions',
  email: 'email_subscriptions',
};

/** Nothing is ever selected for sending from an unconfirmed e-mail address. */
const CHANNEL_CONDITION: Record<SubscriptionChannel, string> = {
  webpush: '',
  mobile: '',
  email: ' AND confirmed_at IS NOT NULL',
};

const ID = /^(0|[1-9]\d{0,18})$/;

interface AudienceRow {
  /** bigint: a string from node-postgres (a number if someone installed an int8 parser). */
  id: string | number;
  languages: string[];
  area_kind: 'circle' | 'regions';
  lat: number | null;
  lon: number | null;
  radius_km: number | null;
  min_lat: number | null;
  max_lat: number | null;
  min_lon: number | null;
  max_lon: number | null;
  region_codes: string[] | null;
  countries: string[];
}

/**
 * The audience side the dispatcher and channel workers use: selection by
 * area and language, contact details for a batch, removal of dead addresses.
 *
 * Selection streams in id order by keyset windows (`id > $low AND id <= $high`,
 * a fixed span of ids per query, up to the watermark): one short query per
 * window, no transaction or connection held across the fan-out, memory
 * bounded by one window and one batch, restartable from the last id sent.
 * Windows rather than `ORDER BY id LIMIT n` because a LIMIT query's plan
 * depends on the planner's guess of how many rows match: guessing few (a
 * fresh table, a rare country) it sorts every remaining row on every page,
 * quadratic over a national audience; a window bounds each query's work
 * whatever plan is picked. SQL prefilters (circle boxes against the alert's
 * box, countries); the exact test runs here (AlertAreaMatcher). Reading is
 * one pass over the channel's ids whatever the alert's size.
 */
@Injectable()
export class AudienceRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async *streamRecipients(query: RecipientQuery): AsyncGenerator<Recipient[], void, undefined> {
    if (!Number.isInteger(query.batchSize) || query.batchSize < 1) {
      throw new RangeError(`batchSize must be a positive integer, got ${query.batchSize}`);
    }
    const matcher = new AlertAreaMatcher(query.area);
    const span = BigInt(query.pageSpan ?? Math.max(4 * query.batchSize, 2000));
    const page = this.pageQuery(query, matcher);
    const end = BigInt(checkedId(query.upTo ?? (await this.highWatermark(query.channel)), 'upTo'));
    let low = BigInt(checkedId(query.after ?? '0', 'after'));
    let batch: Recipient[] = [];
    while (low < end) {
      const high = low + span < end ? low + span : end;
      const { rows } = await this.pool.query<AudienceRow>(page.sql, [
        low.toString(),
        high.toString(),
        ...page.params,
      ]);
      for (const row of rows) {
        if (!matcher.matches(storedAreaOf(columnsOf(row)))) continue;
        batch.push({ id: String(row.id), language: bestLanguage(row.languages, query.languages) });
        if (batch.length === query.batchSize) {
          yield batch;
          batch = [];
        }
      }
      low = high;
    }
    if (batch.length > 0) yield batch;
  }

  /** How many recipients `streamRecipients` would yield now (one pass, nothing held). */
  async countRecipients(query: Omit<RecipientQuery, 'batchSize'>): Promise<number> {
    let count = 0;
    for await (const batch of this.streamRecipients({ ...query, batchSize: 10_000 })) count += batch.length;
    return count;
  }

  /** The highest subscription id of a channel now ('0' when empty): pass as `upTo` to fix an audience. */
  async highWatermark(channel: SubscriptionChannel): Promise<string> {
    const { rows } = await this.pool.query<{ id: string | null }>(
      `SELECT max(id)::text AS id FROM ${TABLE[channel]}`,
    );
    return rows[0]?.id ?? '0';
  }

  /**
   * Contact details of the given subscriptions, by id. Ids no longer there
   * (unsubscribed since dispatch) are absent: skip them. E-mail rows come
   * only when confirmed.
   */
  async loadRecipients<C extends SubscriptionChannel>(
    channel: C,
    ids: readonly string[],
  ): Promise<Map<string, ContactByChannel[C]>> {
    const wanted = [...new Set(ids)].filter((id) => ID.test(id));
    const found = new Map<string, ContactByChannel[C]>();
    if (wanted.length === 0) return found;
    const contacts = await this.contacts(channel, wanted);
    for (const contact of contacts) found.set(contact.id, contact as ContactByChannel[C]);
    return found;
  }

  /** Removes a subscription (hard bounce, push endpoint gone, token unregistered). True when it existed. */
  async deleteSubscription(channel: SubscriptionChannel, id: string): Promise<boolean> {
    if (!ID.test(id)) return false;
    const result = await this.pool.query(`DELETE FROM ${TABLE[channel]} WHERE id = $1`, [id]);
    return (result.rowCount ?? 0) > 0;
  }

  private async contacts(
    channel: SubscriptionChannel,
    ids: string[],
  ): Promise<Array<ContactByChannel[SubscriptionChannel]>> {
    switch (channel) {
      case 'webpush': {
        const { rows } = await this.pool.query<{
          id: string;
          endpoint: string;
          p256dh: string;
          auth: string;
        }>(
          'SELECT id::text AS id, endpoint, p256dh, auth FROM webpush_subscriptions WHERE id = ANY($1::bigint[])',
          [ids],
        );
        return rows.map((row) => ({
          id: row.id,
          endpoint: row.endpoint,
          keys: { p256dh: row.p256dh, auth: row.auth },
        }));
      }
      case 'mobile': {
        const { rows } = await this.pool.query<MobileContact>(
          'SELECT id::text AS id, token, platform FROM mobile_subscriptions WHERE id = ANY($1::bigint[])',
          [ids],
        );
        return rows;
      }
      case 'email': {
        const { rows } = await this.pool.query<EmailContact>(
          `SELECT id::text AS id, address FROM email_subscriptions
            WHERE id = ANY($1::bigint[]) AND confirmed_at IS NOT NULL`,
          [ids],
        );
        return rows;
      }
    }
  }

  private pageQuery(query: RecipientQuery, matcher: AlertAreaMatcher): { sql: string; params: unknown[] } {
    // $1 and $2 bound the window of ids; the prefilter's values follow.
    const params: unknown[] = [];
    const param = (value: unknown, cast: string): string => {
      params.push(value);
      return `$${params.length + 2}::${cast}`;
    };
    const conditions = ['id > $1::bigint', 'id <= $2::bigint'];
    if (query.testAudienceOnly) conditions.push('test_audience');
    const { box, countries } = matcher.prefilter;
    const byCountry = `countries && ${param(countries, 'text[]')}`;
    if (box) {
      conditions.push(
        `((area_kind = 'circle' AND min_lat <= ${param(box.maxLat, 'float8')} AND max_lat >= ${param(box.minLat, 'float8')}` +
          ` AND min_lon <= ${param(box.maxLon, 'float8')} AND max_lon >= ${param(box.minLon, 'float8')})` +
          ` OR (area_kind = 'regions' AND ${byCountry}))`,
      );
    } else {
      conditions.push(byCountry);
    }
    // ORDER BY the bigint column itself: an `id::text AS id` alias would sort as text.
    const sql =
      `SELECT id, languages, area_kind, lat, lon, radius_km, min_lat, max_lat, min_lon, max_lon,` +
      ` region_codes, countries FROM ${TABLE[query.channel]}` +
      ` WHERE ${conditions.join(' AND ')}${CHANNEL_CONDITION[query.channel]} ORDER BY id`;
    return { sql, params };
  }
}

function checkedId(id: string, field: string): string {
  if (!ID.test(id))
    throw new RangeError(`${field} must be a subscription id (digits), got ${JSON.stringify(id)}`);
  return id;
}

function columnsOf(row: AudienceRow): AreaColumns {
  return {
    areaKind: row.area_kind,
    lat: row.lat,
    lon: row.lon,
    radiusKm: row.radius_km,
    minLat: row.min_lat,
    maxLat: row.max_lat,
    minLon: row.min_lon,
    maxLon: row.max_lon,
    regionCodes: row.region_codes,
    countries: row.countries,
  };
}
