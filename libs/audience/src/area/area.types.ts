/** `[lat, lon]`, WGS 84 decimal degrees, as CAP writes points. */
export type LatLon = [lat: number, lon: number];

/** A subscriber's area, as the public API takes it. */
export type SubscriberArea =
  | { kind: 'circle'; lat: number; lon: number; radiusKm: number }
  /** ISO 3166-1 alpha-2 (`GR`, the whole country) or ISO 3166-2 (`GR-I`) codes. */
  | { kind: 'regions'; codes: string[] }
  /** Shorthand for `regions` with one ISO 3166-1 alpha-2 code. */
  | { kind: 'country'; code: string };

/**
 * An alert's target area; structurally the `TargetArea` of libs/alerts. A
 * circle or polygon may name the ISO 3166-2 regions it touches
 * (`regionCodes`), which makes matching against region subscribers exact.
 */
export type AlertArea =
  | { kind: 'circle'; lat: number; lon: number; radiusKm: number; regionCodes?: string[] }
  /** Closed ring (first point repeats as the last). */
  | { kind: 'polygon'; points: LatLon[]; regionCodes?: string[] }
  | { kind: 'regions'; codes: string[] };

export interface BoundingBox {
  minLat: number;
  maxLat: number;
  minLon: number;
  maxLon: number;
}

/** A subscriber's area as stored (and as the dispatcher reads it back). */
export type StoredArea =
  | {
      kind: 'circle';
      lat: number;
      lon: number;
      radiusKm: number;
      box: BoundingBox;
      /** ISO 3166-1 countries the circle touches. */
      countries: string[];
    }
  | {
      kind: 'regions';
      /** Upper case, no duplicates, none covered by a whole-country code of the list. */
      codes: string[];
      /** The countries of the codes. */
      countries: string[];
    };

/** The widest circle a subscriber may choose; a whole country is the way to ask for more. */
export const MAX_SUBSCRIBER_RADIUS_KM = 500;
/** Region codes a subscriber may list. */
export const MAX_SUBSCRIBER_REGIONS = 50;
