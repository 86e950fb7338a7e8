import { readFileSync } from 'node:fs';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { countryOf } from './country-settings';

/** [lon, lat] as GeoJSON writes them. */
type Position = [number, number];

interface CountryOutline {
  /** Every ring (outer and holes) of every polygon. */
  rings: Position[][];
  /** [minLon, minLat, maxLon, maxLat]. */
  bbox: [number, number, number, number];
}

const EARTH_RADIUS_KM = 6371.0088;
const KM_PER_DEGREE = (Math.PI * EARTH_RADIUS_KM) / 180;

let outlines: Map<string, CountryOutline> | undefined;

/**
 * Natural Earth 1:50m country outlines (world-atlas), keyed by ISO numeric
 * code: fine enough for distances of a few kilometres, small enough to load
 * once (about 0.7 MB).
 */
function loadOutlines(): Map<string, CountryOutline> {
  if (outlines) return outlines;
  const topology = JSON.parse(
    readFileSync(require.resolve('world-atlas/countries-50m.json'), 'utf8'),
  ) as Topology<{ countries: GeometryCollection }>;
  const collection = feature(topology, topology.objects.countries);
  const byId = new Map<string, CountryOutline>();
  for (const item of collection.features) {
    if (item.id === undefined || item.geometry === null) continue;
    const geometry = item.geometry;
    const polygons =
      geometry.type === 'Polygon'
        ? [geometry.coordinates]
        : geometry.type === 'MultiPolygon'
          ? geometry.coordinates
          : [];
    const rings = polygons.flat() as Position[][];
    let bbox: [number, number, number, number] = [180, 90, -180, -90];
    for (const ring of rings)
      for (const [lon, lat] of ring)
        bbox = [
          Math.min(bbox[0], lon),
          Math.min(bbox[1], lat),
          Math.max(bbox[2], lon),
          Math.max(bbox[3], lat),
        ];
    byId.set(String(item.id), { rings, bbox });
  }
  outlines = byId;
  return byId;
}

function outlineOf(countryCode: string): CountryOutline {
  const settings = countryOf(countryCode);
  if (!settings) throw new Error(`country ${countryCode} is not in config/countries`);
  const outline = loadOutlines().get(settings.isoNumeric);
  if (!outline) throw new Error(`Natural Earth has no outline for ${countryCode} (${settings.isoNumeric})`);
  return outline;
}

/** Ray casting on the plane: good enough inside one country's extent. */
function insideRings(rings: Position[][], lon: number, lat: number): boolean {
  let inside = false;
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i];
      const [xj, yj] = ring[j];
      if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside;
}

/**
 * Kilometres from a point to the nearest point of a country's territory (its
 * border or coast); 0 inside it. Segments are measured on a plane tangent at
 * the point (equirectangular): within a few hundred km the error is well
 * under 1 %, far below the uncertainty of a travel reach.
 */
export function distanceToCountryKm(countryCode: string, lat: number, lon: number): number {
  const outline = outlineOf(countryCode);
  if (insideRings(outline.rings, lon, lat)) return 0;
  const kx = KM_PER_DEGREE * Math.cos((lat * Math.PI) / 180);
  const ky = KM_PER_DEGREE;
  let best = Infinity;
  for (const ring of outline.rings) {
    for (let i = 1; i < ring.length; i++) {
      const ax = (ring[i - 1][0] - lon) * kx;
      const ay = (ring[i - 1][1] - lat) * ky;
      const bx = (ring[i][0] - lon) * kx;
      const by = (ring[i][1] - lat) * ky;
      const dx = bx - ax;
      const dy = by - ay;
      const length2 = dx * dx + dy * dy;
      const t = length2 === 0 ? 0 : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / length2));
      const px = ax + t * dx;
      const py = ay + t * dy;
      const d2 = px * px + py * py;
      if (d2 < best) best = d2;
    }
  }
  return Math.sqrt(best);
}
