import type { AlertArea, BoundingBox, LatLon, StoredArea } from './area.types';
import { countriesTouchedByCircle, countriesTouchedByPolygon } from './country-locator';
import {
  type Circle,
  circleBoundingBox,
  circleIntersectsPolygon,
  circlesIntersect,
  EARTH_RADIUS_KM,
  haversineKm,
  polygonBoundingBox,
} from './geodesy';
import { anyRegionOverlaps, countryOf, isCountryCode, normaliseRegionCodes } from './region-codes';

/** What SQL can check cheaply before the exact test: a box for circles, countries for everyone. */
export interface AreaPrefilter {
  /** Circle subscribers whose box overlaps this one may match; absent for a regions alert. */
  box?: BoundingBox;
  /** Subscribers whose area touches one of these countries may match. */
  countries: string[];
}

type Geometry = { kind: 'circle'; circle: Circle } | { kind: 'polygon'; ring: LatLon[] };

/**
 * Decides whether a subscriber's area meets an alert's target area.
 *
 * - geometry × circle: exact (haversine circle–circle; circle–polygon by
 *   containment of the centre or distance to the edges).
 * - codes × codes: exact on ISO 3166 (a country covers its regions, a
 *   subscriber's whole country gets an alert in one of its regions).
 * - geometry × a subscriber's country: exact, from the country borders.
 * - The limit: no ISO 3166-2 borders ship here, so a region (`GR-I`) is
 *   known only by its country. An alert circle/polygon meets a subscriber's
 *   region when the alert names that region in `regionCodes`, or names no
 *   region of that country and touches the country; a region alert meets a
 *   subscriber's circle when the circle touches the region's country. Both
 *   err towards sending: a missed child alert costs more than an extra one.
 */
export class AlertAreaMatcher {
  readonly prefilter: AreaPrefilter;
  private readonly geometry: Geometry | undefined;
  /** ISO codes the alert names: its regions, or the regionCodes of its geometry. */
  private readonly codes: string[];
  /** Countries the alert touches (by geometry and by its codes). */
  private readonly countries: ReadonlySet<string>;

  constructor(area: AlertArea) {
    switch (area.kind) {
      case 'circle': {
        const circle = { lat: area.lat, lon: area.lon, radiusKm: area.radiusKm };
        if (!(circle.radiusKm > 0) || Math.abs(circle.lat) > 90 || Math.abs(circle.lon) > 180) {
          throw new RangeError(`alert circle out of range: ${JSON.stringify(circle)}`);
        }
        this.geometry = { kind: 'circle', circle };
        this.codes = checkedCodes(area.regionCodes ?? []);
        this.countries = new Set([
          ...countriesTouchedByCircle(circle.lat, circle.lon, circle.radiusKm),
          ...this.codes.map(countryOf),
        ]);
        this.prefilter = { box: circleBoundingBox(circle), countries: [...this.countries].sort() };
        break;
      }
      case 'polygon': {
        const ring = closed(area.points);
        if (ring.length < 4) throw new RangeError('alert polygon needs at least 4 points (a closed ring)');
        this.geometry = { kind: 'polygon', ring };
        this.codes = checkedCodes(area.regionCodes ?? []);
        this.countries = new Set([...countriesTouchedByPolygon(ring), ...this.codes.map(countryOf)]);
        this.prefilter = {
          box: polygonBoundingBox(ring, arcBulgeKm(ring)),
          countries: [...this.countries].sort(),
        };
        break;
      }
      case 'regions': {
        if (area.codes.length === 0) throw new RangeError('alert regions list no code');
        this.geometry = undefined;
        this.codes = checkedCodes(area.codes);
        this.countries = new Set(this.codes.map(countryOf));
        this.prefilter = { countries: [...this.countries].sort() };
        break;
      }
    }
  }

  matches(subscriber: StoredArea): boolean {
    switch (subscriber.kind) {
      case 'circle':
        return this.geometry
          ? this.geometryMeetsCircle(this.geometry, subscriber)
          : subscriber.countries.some((country) => this.countries.has(country));
      case 'regions':
        return this.geometry
          ? subscriber.codes.some((code) => this.geometryMeetsCode(code))
          : anyRegionOverlaps(this.codes, subscriber.codes);
    }
  }

  private geometryMeetsCircle(geometry: Geometry, circle: Circle): boolean {
    switch (geometry.kind) {
      case 'circle':
        return circlesIntersect(geometry.circle, circle);
      case 'polygon':
        return circleIntersectsPolygon(circle, geometry.ring);
    }
  }

  private geometryMeetsCode(code: string): boolean {
    const country = countryOf(code);
    if (isCountryCode(code)) return this.countries.has(country);
    const named = this.codes.filter((alertCode) => countryOf(alertCode) === country);
    if (named.length > 0) return anyRegionOverlaps(named, [code]);
    return this.countries.has(country);
  }
}

function checkedCodes(codes: readonly string[]): string[] {
  if (codes.length === 0) return [];
  const result = normaliseRegionCodes(codes, 'alert area codes');
  if ('problem' in result) throw new RangeError(result.problem);
  return result.codes;
}

function closed(points: readonly LatLon[]): LatLon[] {
  const ring = points.map(([lat, lon]): LatLon => [lat, lon]);
  const first = ring[0];
  const last = ring[ring.length - 1];
  if (first && last && (first[0] !== last[0] || first[1] !== last[1])) ring.push(first);
  return ring;
}

/**
 * How far a great-circle edge strays poleward from the box of its end points
 * (about L² tan φ / 8R), plus a kilometre: the polygon's box grows by it so
 * the prefilter never drops a circle that touches an edge.
 */
function arcBulgeKm(ring: readonly LatLon[]): number {
  let widest = 0;
  for (let i = 1; i < ring.length; i++) {
    const [latA, lonA] = ring[i - 1];
    const [latB, lonB] = ring[i];
    const length = haversineKm(latA, lonA, latB, lonB);
    const latitude = Math.min(89, Math.max(Math.abs(latA), Math.abs(latB)));
    widest = Math.max(
      widest,
      (length * length * Math.tan((latitude * Math.PI) / 180)) / (8 * EARTH_RADIUS_KM),
    );
  }
  return widest + 1;
}
