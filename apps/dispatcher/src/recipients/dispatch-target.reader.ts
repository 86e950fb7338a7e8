import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import type { TargetArea } from '@childalert/alerts';
import { CHANNELS, type Channel } from '@childalert/contracts';
import { PG_POOL } from '@childalert/persistence';

/** What the dispatcher needs of a published version: where, in which languages, on which channels. */
export interface DispatchTarget {
  channels: Channel[];
  area: TargetArea;
  languages: string[];
  exercise: boolean;
  /** Where and when the child was last seen (content versions only): the partners' border rule. */
  lastSeen?: { lat: number; lon: number; at: Date };
  /** Countries the police name as possible destinations: the partners' destination rule. */
  destinationCountries: string[];
}

/**
 * Reads the published version's channels (alert_publications) and its area
 * and languages (alert_versions; closure versions keep both, so an ending
 * reaches the same places). Published versions never change.
 */
@Injectable()
export class DispatchTargetReader {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  /** Undefined when the version is not held: never published, or erased after the retention period. */
  async read(alertId: string, version: number): Promise<DispatchTarget | undefined> {
    const { rows } = await this.pool.query<{
      channels: string[];
      exercise: boolean;
      content: {
        area: TargetArea;
        languages: string[];
        lastSeen?: { at: string; place: { lat: number; lon: number } };
        destinationCountries?: string[];
      };
    }>(
      `SELECT p.channels, p.exercise, v.content
         FROM alert_publications p
         JOIN alert_versions v ON v.alert_id = p.alert_id AND v.version = p.version
        WHERE p.alert_id = $1 AND p.version = $2 AND v.redacted_at IS NULL`,
      [alertId, version],
    );
    const row = rows[0];
    if (row === undefined) return undefined;
    return {
      channels: row.channels.filter((c): c is Channel => (CHANNELS as readonly string[]).includes(c)),
      area: row.content.area,
      languages: row.content.languages,
      exercise: row.exercise,
      ...(row.content.lastSeen
        ? {
            lastSeen: {
              lat: row.content.lastSeen.place.lat,
              lon: row.content.lastSeen.place.lon,
              at: new Date(row.content.lastSeen.at),
            },
          }
        : {}),
      destinationCountries: row.content.destinationCountries ?? [],
    };
  }
}
