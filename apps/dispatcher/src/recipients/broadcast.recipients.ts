import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { AlertAreaMatcher, bestLanguage, type StoredArea } from '@childalert/audience';
import { PG_POOL } from '@childalert/persistence';
import {
  type AudienceInput,
  type AudienceStream,
  type RecipientSource,
  type Recipients,
  streamOf,
} from './recipient-source';

/**
 * Registered media broadcasters (apps/alert-api/src/broadcasters) whose area
 * meets the alert's and who take one of its languages; each gets the best of
 * its languages the alert is written in. Recipient id = broadcaster id.
 * Exercises are not sent to broadcasters: they are public media, and there
 * is no test audience among them to address an exercise to.
 */
@Injectable()
export class BroadcastRecipients implements RecipientSource {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  /** Fixed at the broadcasters active now, so both passes of the dispatcher see the same ones. */
  async audienceOf({ target, batchSize }: AudienceInput): Promise<AudienceStream> {
    if (target.exercise) return streamOf([], batchSize);
    const matcher = new AlertAreaMatcher(target.area);
    const { rows } = await this.pool.query<{ id: string; languages: string[]; area: StoredArea }>(
      `SELECT id, languages, area FROM broadcasters
        WHERE active AND countries && $1::text[] AND languages && $2::text[]
        ORDER BY id`,
      [matcher.prefilter.countries, target.languages],
    );
    const recipients: Recipients = rows
      .filter((row) => matcher.matches(row.area))
      .map((row) => ({ id: row.id, language: bestLanguage(row.languages, target.languages) }));
    return streamOf(recipients, batchSize);
  }
}
