import type { Pool } from 'pg';
import { type SubscriberArea, toStoredArea } from '@childalert/audience';

/** An e-mail subscriber of a test, as stored. */
export interface EmailSubscriber {
  id: string;
  address: string;
  language: string;
}

export interface EmailSubscriberSpec {
  address: string;
  language: string;
  area: SubscriberArea;
  /** Double opt-in done; default true. */
  confirmed?: boolean;
}

/**
 * Writes e-mail subscriptions straight into email_subscriptions, as the
 * subscription API leaves them (area columns from the audience lib's own
 * conversion), in one statement; returns them in the order given.
 */
export async function seedEmailSubscribers(
  pool: Pool,
  specs: readonly EmailSubscriberSpec[],
): Promise<EmailSubscriber[]> {
  const rows = specs.map((spec) => {
    const area = toStoredArea(spec.area);
    const circle = area.kind === 'circle' ? area : undefined;
    return {
      address: spec.address.toLowerCase(),
      language: spec.language,
      area_kind: area.kind,
      lat: circle?.lat ?? null,
      lon: circle?.lon ?? null,
      radius_km: circle?.radiusKm ?? null,
      min_lat: circle?.box.minLat ?? null,
      max_lat: circle?.box.maxLat ?? null,
      min_lon: circle?.box.minLon ?? null,
      max_lon: circle?.box.maxLon ?? null,
      region_codes: area.kind === 'regions' ? area.codes : null,
      countries: area.countries,
      confirmed: spec.confirmed ?? true,
    };
  });
  const { rows: inserted } = await pool.query<EmailSubscriber>(
    `INSERT INTO email_subscriptions (address, languages, area_kind, lat, lon, radius_km, min_lat, max_lat,
            min_lon, max_lon, region_codes, countries, confirmed_at, confirmation_nonce, confirmation_expires_at)
     SELECT r.address, ARRAY[r.language], r.area_kind, r.lat, r.lon, r.radius_km, r.min_lat, r.max_lat,
            r.min_lon, r.max_lon,
            CASE WHEN jsonb_typeof(r.region_codes) = 'array'
                 THEN ARRAY(SELECT jsonb_array_elements_text(r.region_codes)) END,
            ARRAY(SELECT jsonb_array_elements_text(r.countries)),
            CASE WHEN r.confirmed THEN now() END, 'pipeline-seed-nonce-0123', now() + interval '1 day'
       FROM jsonb_to_recordset($1::jsonb) AS r(
            address text, language text, area_kind text, lat float8, lon float8, radius_km float8,
            min_lat float8, max_lat float8, min_lon float8, max_lon float8, region_codes jsonb,
            countries jsonb, confirmed boolean)
     RETURNING id::text AS id, address, languages[1] AS language`,
    [JSON.stringify(rows)],
  );
  const byAddress = new Map(inserted.map((row) => [row.address, row]));
  return rows.map((row) => byAddress.get(row.address)!);
}

/** `count` circles of 2–4 km around a point, spread within `spreadKm`, languages alternating. */
export function circlesAround(
  centre: { lat: number; lon: number },
  count: number,
  options: { spreadKm: number; addressPrefix: string; languages?: string[]; confirmed?: boolean },
): EmailSubscriberSpec[] {
  const languages = options.languages ?? ['el', 'en'];
  const kmPerDegreeLat = 111.32;
  const kmPerDegreeLon = kmPerDegreeLat * Math.cos((centre.lat * Math.PI) / 180);
  return Array.from({ length: count }, (_, i) => {
    // A deterministic spiral: every point within spreadKm of the centre.
    const distanceKm = options.spreadKm * Math.sqrt((i + 0.5) / count);
    const angle = i * 2.399963; // the golden angle, in radians
    return {
      address: `${options.addressPrefix}-${i + 1}@example.org`,
      language: languages[i % languages.length],
      area: {
        kind: 'circle' as const,
        lat: centre.lat + (distanceKm * Math.sin(angle)) / kmPerDegreeLat,
        lon: centre.lon + (distanceKm * Math.cos(angle)) / kmPerDegreeLon,
        radiusKm: 2 + (i % 3),
      },
      confirmed: options.confirmed,
    };
  });
}
