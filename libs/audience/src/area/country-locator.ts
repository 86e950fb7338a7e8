import * as countryCoder from '@rapideditor/country-coder';
import type { LatLon } from './area.types';
import { destination, pointInPolygon, polygonBoundingBox } from './geodesy';

/**
 * Which ISO 3166-1 countries a point or an area lies in, from the country
 * borders that @rapideditor/country-coder ships (OpenStreetMap-derived,
 * territorial waters included; offline, a few microseconds a point).
 *
 * Areas are sampled, not clipped: the centre, rings at half and full radius,
 * polygon vertices and a grid inside the polygon, with spacing of about 10 km.
 * A sliver of a country thinner than that between two samples can be missed;
 * nothing in a target area's size makes that matter.
 */

interface CountryFeature {
  properties: { iso1A2?: string; level: string };
}

// The library's own typings import 'geojson' types that are not installed here; these are the parts used.
const coder = countryCoder as unknown as {
  feature(query: string, opts?: { level?: string }): CountryFeature | null;
  iso1A2Code(query: [lon: number, lat: number], opts?: { level?: string }): string | null;
};

const SAMPLE_SPACING_KM = 10;

/** The ISO 3166-1 alpha-2 code of a country or territory, given its code or an alias (`UK` → `GB`). */
export function canonicalCountry(code: string): string | undefined {
  const found = coder.feature(code);
  const level = found?.properties.level;
  return level === 'country' || level === 'territory' ? found?.properties.iso1A2 : undefined;
}

/** Country and territory codes at a point (`FR` and `GP` in Guadeloupe); empty at sea. */
export function countriesAt(lat: number, lon: number): string[] {
  const codes = new Set<string>();
  for (const level of ['country', 'territory']) {
    const code = coder.iso1A2Code([lon, lat], { level });
    if (code) codes.add(code);
  }
  return [...codes];
}

function collect(points: Iterable<LatLon>): string[] {
  const codes = new Set<string>();
  for (const [lat, lon] of points) for (const code of countriesAt(lat, lon)) codes.add(code);
  return [...codes].sort();
}

function* circleSamples(lat: number, lon: number, radiusKm: number): Generator<LatLon> {
  yield [lat, lon];
  for (const fraction of [0.5, 1]) {
    const r = radiusKm * fraction;
    const count = Math.min(256, Math.max(16, Math.ceil((2 * Math.PI * r) / SAMPLE_SPACING_KM)));
    for (let i = 0; i < count; i++) yield destination(lat, lon, (360 * i) / count, r);
  }
}

export function countriesTouchedByCircle(lat: number, lon: number, radiusKm: number): string[] {
  return collect(circleSamples(lat, lon, radiusKm));
}

function* polygonSamples(ring: readonly LatLon[]): Generator<LatLon> {
  for (let i = 0; i < ring.length; i++) {
    const a = ring[i];
    yield a;
    const b = ring[(i + 1) % ring.length];
    const steps = Math.min(64, Math.ceil(Math.hypot(b[0] - a[0], b[1] - a[1]) * 11));
    for (let s = 1; s < steps; s++)
      yield [a[0] + ((b[0] - a[0]) * s) / steps, a[1] + ((b[1] - a[1]) * s) / steps];
  }
  const box = polygonBoundingBox(ring);
  const rows = Math.min(64, Math.max(4, Math.ceil(((box.maxLat - box.minLat) * 111) / SAMPLE_SPACING_KM)));
  const cols = Math.min(64, Math.max(4, Math.ceil(((box.maxLon - box.minLon) * 111) / SAMPLE_SPACING_KM)));
  for (let r = 0; r <= rows; r++) {
    for (let c = 0; c <= cols; c++) {
      const lat = box.minLat + ((box.maxLat - box.minLat) * r) / rows;
      const lon = box.minLon + ((box.maxLon - box.minLon) * c) / cols;
      if (pointInPolygon(lat, lon, ring)) yield [lat, lon];
    }
  }
}

export function countriesTouchedByPolygon(ring: readonly LatLon[]): string[] {
  return collect(polygonSamples(ring));
}
