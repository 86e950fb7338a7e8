import type { BoundingBox, LatLon } from './area.types';

/**
 * Geometry on the sphere for audience matching. Distances are great-circle
 * (haversine; the mean Earth radius makes them exact to about 0.5 %, far
 * below what a subscriber's radius means). Polygon containment is planar on
 * the degrees, as libs/alerts checks polygons and as CAP receivers draw them;
 * no target area crosses the antimeridian in this region.
 */

export const EARTH_RADIUS_KM = 6371.0088;
const KM_PER_DEGREE_LAT = (Math.PI * EARTH_RADIUS_KM) / 180;

const rad = (degrees: number): number => (degrees * Math.PI) / 180;

/** Central angle between two points, in radians. */
function centralAngle(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const dLat = rad(lat2 - lat1);
  const dLon = rad(lon2 - lon1);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(lat1)) * Math.cos(rad(lat2)) * Math.sin(dLon / 2) ** 2;
  return 2 * Math.asin(Math.min(1, Math.sqrt(h)));
}

export function haversineKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  return centralAngle(lat1, lon1, lat2, lon2) * EARTH_RADIUS_KM;
}

/** Initial bearing from point 1 to point 2, radians. */
function bearing(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const φ1 = rad(lat1);
  const φ2 = rad(lat2);
  const Δλ = rad(lon2 - lon1);
  return Math.atan2(
    Math.sin(Δλ) * Math.cos(φ2),
    Math.cos(φ1) * Math.sin(φ2) - Math.sin(φ1) * Math.cos(φ2) * Math.cos(Δλ),
  );
}

/** The point `distanceKm` from a start along `bearingDeg` (degrees from north). */
export function destination(lat: number, lon: number, bearingDeg: number, distanceKm: number): LatLon {
  const δ = distanceKm / EARTH_RADIUS_KM;
  const θ = rad(bearingDeg);
  const φ1 = rad(lat);
  const φ2 = Math.asin(Math.sin(φ1) * Math.cos(δ) + Math.cos(φ1) * Math.sin(δ) * Math.cos(θ));
  const λ2 =
    rad(lon) +
    Math.atan2(Math.sin(θ) * Math.sin(δ) * Math.cos(φ1), Math.cos(δ) - Math.sin(φ1) * Math.sin(φ2));
  const lon2 = ((((λ2 * 180) / Math.PI + 540) % 360) + 360) % 360;
  return [(φ2 * 180) / Math.PI, lon2 - 180];
}

/**
 * Distance from a point to the great-circle arc between a and b: the
 * cross-track distance when the point projects inside the arc, else the
 * distance to the nearer end.
 */
export function distanceToArcKm(point: LatLon, a: LatLon, b: LatLon): number {
  const [lat, lon] = point;
  const d13 = centralAngle(a[0], a[1], lat, lon);
  const d12 = centralAngle(a[0], a[1], b[0], b[1]);
  const toEnds = Math.min(d13, centralAngle(b[0], b[1], lat, lon)) * EARTH_RADIUS_KM;
  if (d12 === 0 || d13 === 0) return toEnds;
  const Δθ = bearing(a[0], a[1], lat, lon) - bearing(a[0], a[1], b[0], b[1]);
  // Projection behind a: the nearest point of the arc is a itself.
  if (Math.cos(Δθ) <= 0) return toEnds;
  const dxt = Math.asin(Math.max(-1, Math.min(1, Math.sin(d13) * Math.sin(Δθ))));
  const dat = Math.acos(Math.max(-1, Math.min(1, Math.cos(d13) / Math.cos(dxt))));
  if (dat > d12) return toEnds;
  return Math.abs(dxt) * EARTH_RADIUS_KM;
}

/** Ray casting on the degrees; a point on an edge may fall either way (the edge distance catches it). */
export function pointInPolygon(lat: number, lon: number, ring: readonly LatLon[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [latI, lonI] = ring[i];
    const [latJ, lonJ] = ring[j];
    if (latI > lat !== latJ > lat && lon < ((lonJ - lonI) * (lat - latI)) / (latJ - latI) + lonI) {
      inside = !inside;
    }
  }
  return inside;
}

export interface Circle {
  lat: number;
  lon: number;
  radiusKm: number;
}

export function circlesIntersect(a: Circle, b: Circle): boolean {
  return haversineKm(a.lat, a.lon, b.lat, b.lon) <= a.radiusKm + b.radiusKm;
}

/** Whether a circle and a polygon share any point: centre inside, or an edge within the radius. */
export function circleIntersectsPolygon(circle: Circle, ring: readonly LatLon[]): boolean {
  if (pointInPolygon(circle.lat, circle.lon, ring)) return true;
  const centre: LatLon = [circle.lat, circle.lon];
  for (let i = 1; i < ring.length; i++) {
    if (distanceToArcKm(centre, ring[i - 1], ring[i]) <= circle.radiusKm) return true;
  }
  return false;
}

/**
 * The box around a circle, slightly generous. Near a pole, or across the
 * antimeridian, it widens to every longitude: a prefilter may let too much
 * through, never too little.
 */
export function circleBoundingBox(circle: Circle): BoundingBox {
  const δ = circle.radiusKm / EARTH_RADIUS_KM;
  const dLat = (circle.radiusKm / KM_PER_DEGREE_LAT) * 1.001;
  const minLat = Math.max(-90, circle.lat - dLat);
  const maxLat = Math.min(90, circle.lat + dLat);
  // The widest longitude extent of a spherical cap: asin(sin δ / cos φ); past 1 the cap holds a pole.
  const ratio = Math.sin(δ) / Math.cos(rad(circle.lat));
  if (!(ratio < 0.999) || Math.max(Math.abs(minLat), Math.abs(maxLat)) >= 89.9) {
    return { minLat, maxLat, minLon: -180, maxLon: 180 };
  }
  const dLon = ((Math.asin(ratio) * 180) / Math.PI) * 1.001;
  const minLon = circle.lon - dLon;
  const maxLon = circle.lon + dLon;
  if (minLon < -180 || maxLon > 180) return { minLat, maxLat, minLon: -180, maxLon: 180 };
  return { minLat, maxLat, minLon, maxLon };
}

/** The box of a polygon's points, grown by `marginKm` (for arcs bulging past their ends). */
export function polygonBoundingBox(ring: readonly LatLon[], marginKm = 0): BoundingBox {
  let minLat = 90;
  let maxLat = -90;
  let minLon = 180;
  let maxLon = -180;
  for (const [lat, lon] of ring) {
    minLat = Math.min(minLat, lat);
    maxLat = Math.max(maxLat, lat);
    minLon = Math.min(minLon, lon);
    maxLon = Math.max(maxLon, lon);
  }
  const dLat = marginKm / KM_PER_DEGREE_LAT;
  const widest = Math.min(89.9, Math.max(Math.abs(minLat), Math.abs(maxLat)) + dLat);
  const dLon = dLat / Math.cos(rad(widest));
  return {
    minLat: Math.max(-90, minLat - dLat),
    maxLat: Math.min(90, maxLat + dLat),
    minLon: Math.max(-180, minLon - dLon),
    maxLon: Math.min(180, maxLon + dLon),
  };
}

export function boxesOverlap(a: BoundingBox, b: BoundingBox): boolean {
  return a.minLat <= b.maxLat && a.maxLat >= b.minLat && a.minLon <= b.maxLon && a.maxLon >= b.minLon;
}
