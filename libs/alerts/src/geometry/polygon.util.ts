import type { LatLon } from '../model/alert-content.types';

/**
 * Checks of a CAP polygon: a closed ring of `[lat, lon]` points. Planar
 * geometry on the degrees themselves is exact enough for the crossing test at
 * the size of a target area (no antimeridian crossing in this region).
 */

export const MIN_POLYGON_POINTS = 4;
export const MAX_POLYGON_POINTS = 500;

export type PolygonProblem =
  | { code: 'not_a_list' }
  | { code: 'bad_point'; index: number }
  | { code: 'latitude_out_of_range'; index: number; value: number }
  | { code: 'longitude_out_of_range'; index: number; value: number }
  | { code: 'too_few_points'; count: number }
  | { code: 'too_many_points'; count: number }
  | { code: 'not_closed' }
  | { code: 'repeated_point'; index: number }
  | { code: 'zero_area' }
  | { code: 'self_intersecting'; edgeA: number; edgeB: number };

/** The first problem of `value` as a polygon, or undefined when it is a valid closed ring. */
export function polygonProblem(value: unknown): PolygonProblem | undefined {
  if (!Array.isArray(value)) return { code: 'not_a_list' };
  for (const [index, point] of value.entries()) {
    if (!isPair(point)) return { code: 'bad_point', index };
    if (point[0] < -90 || point[0] > 90) return { code: 'latitude_out_of_range', index, value: point[0] };
    if (point[1] < -180 || point[1] > 180) return { code: 'longitude_out_of_range', index, value: point[1] };
  }
  const ring = value as LatLon[];
  if (ring.length < MIN_POLYGON_POINTS) return { code: 'too_few_points', count: ring.length };
  if (ring.length > MAX_POLYGON_POINTS) return { code: 'too_many_points', count: ring.length };
  if (!samePoint(ring[0], ring[ring.length - 1])) return { code: 'not_closed' };
  for (let i = 1; i < ring.length; i++) {
    if (samePoint(ring[i - 1], ring[i])) return { code: 'repeated_point', index: i };
  }
  const crossing = firstSelfIntersection(ring);
  if (crossing) return { code: 'self_intersecting', edgeA: crossing[0], edgeB: crossing[1] };
  // A bow tie also sums to zero area, so this comes after the crossing test.
  if (signedArea(ring) === 0) return { code: 'zero_area' };
  return undefined;
}

/** A sentence a person can act on, naming points 1-based as people count them. */
export function describePolygonProblem(property: string, problem: PolygonProblem): string {
  switch (problem.code) {
    case 'not_a_list':
      return `${property} must be a list of [lat, lon] points`;
    case 'bad_point':
      return `${property} point ${problem.index + 1} must be a [lat, lon] pair of numbers`;
    case 'latitude_out_of_range':
      return `${property} point ${problem.index + 1} has latitude ${problem.value}: it must be between -90 and 90`;
    case 'longitude_out_of_range':
      return `${property} point ${problem.index + 1} has longitude ${problem.value}: it must be between -180 and 180`;
    case 'too_few_points':
      return `${property} has ${problem.count} point${problem.count === 1 ? '' : 's'}: a polygon needs at least ${MIN_POLYGON_POINTS} (three corners and the first point again to close it)`;
    case 'too_many_points':
      return `${property} has ${problem.count} points: at most ${MAX_POLYGON_POINTS}; simplify the outline`;
    case 'not_closed':
      return `${property} is not closed: the last point must repeat the first`;
    case 'repeated_point':
      return `${property} point ${problem.index + 1} repeats the point before it: remove it`;
    case 'zero_area':
      return `${property} encloses no area: its points lie on one line`;
    case 'self_intersecting':
      return `${property} crosses itself: edge ${problem.edgeA + 1} (points ${problem.edgeA + 1}→${problem.edgeA + 2}) crosses edge ${problem.edgeB + 1} (points ${problem.edgeB + 1}→${problem.edgeB + 2})`;
  }
}

/**
 * The first pair of non-adjacent edges of a closed ring that touch or cross,
 * as edge indexes (edge i runs from point i to point i+1), or undefined.
 * O(n²) over at most MAX_POLYGON_POINTS points: 125k cheap tests at worst.
 */
export function firstSelfIntersection(ring: readonly LatLon[]): [number, number] | undefined {
  const edges = ring.length - 1;
  for (let i = 0; i < edges; i++) {
    for (let j = i + 1; j < edges; j++) {
      const adjacent = j === i + 1 || (i === 0 && j === edges - 1);
      if (adjacent) {
        // Neighbours share a point by construction; they are only wrong when they fold back onto each other.
        if (overlapsBeyondSharedPoint(ring[i], ring[i + 1], ring[j], ring[j + 1])) return [i, j];
        continue;
      }
      if (segmentsIntersect(ring[i], ring[i + 1], ring[j], ring[j + 1])) return [i, j];
    }
  }
  return undefined;
}

/** Whether segments p1–p2 and q1–q2 share at least one point (touching counts). */
export function segmentsIntersect(p1: LatLon, p2: LatLon, q1: LatLon, q2: LatLon): boolean {
  const d1 = orientation(q1, q2, p1);
  const d2 = orientation(q1, q2, p2);
  const d3 = orientation(p1, p2, q1);
  const d4 = orientation(p1, p2, q2);
  if (d1 !== d2 && d3 !== d4 && d1 !== 0 && d2 !== 0 && d3 !== 0 && d4 !== 0) return true;
  return (
    (d1 === 0 && onSegment(q1, q2, p1)) ||
    (d2 === 0 && onSegment(q1, q2, p2)) ||
    (d3 === 0 && onSegment(p1, p2, q1)) ||
    (d4 === 0 && onSegment(p1, p2, q2))
  );
}

/** Twice the signed area (shoelace); 0 for a degenerate ring. */
export function signedArea(ring: readonly LatLon[]): number {
  let sum = 0;
  for (let i = 0; i < ring.length - 1; i++) {
    sum += ring[i][1] * ring[i + 1][0] - ring[i + 1][1] * ring[i][0];
  }
  return sum;
}

/** -1, 0 or 1: which side of a→b the point c lies on. */
function orientation(a: LatLon, b: LatLon, c: LatLon): -1 | 0 | 1 {
  const cross = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
  return cross > 0 ? 1 : cross < 0 ? -1 : 0;
}

/** For c collinear with a–b: whether c lies within the segment's bounding box. */
function onSegment(a: LatLon, b: LatLon, c: LatLon): boolean {
  return (
    Math.min(a[0], b[0]) <= c[0] &&
    c[0] <= Math.max(a[0], b[0]) &&
    Math.min(a[1], b[1]) <= c[1] &&
    c[1] <= Math.max(a[1], b[1])
  );
}

/** Adjacent edges a1–a2 and b1–b2 (sharing one end): do they overlap along a line (a spike)? */
function overlapsBeyondSharedPoint(a1: LatLon, a2: LatLon, b1: LatLon, b2: LatLon): boolean {
  const shared = samePoint(a2, b1) ? a2 : samePoint(a1, b2) ? a1 : undefined;
  if (!shared) return segmentsIntersect(a1, a2, b1, b2);
  const aOther = shared === a2 ? a1 : a2;
  const bOther = shared === b1 ? b2 : b1;
  if (orientation(shared, aOther, bOther) !== 0) return false;
  // Collinear: they overlap when both run away from the shared point in the same direction.
  const dot =
    (aOther[0] - shared[0]) * (bOther[0] - shared[0]) + (aOther[1] - shared[1]) * (bOther[1] - shared[1]);
  return dot > 0;
}

function samePoint(a: LatLon, b: LatLon): boolean {
  return a[0] === b[0] && a[1] === b[1];
}

function isPair(point: unknown): point is LatLon {
  return (
    Array.isArray(point) &&
    point.length === 2 &&
    typeof point[0] === 'number' &&
    typeof point[1] === 'number' &&
    Number.isFinite(point[0]) &&
    Number.isFinite(point[1])
  );
}
