import type { LatLon } from './area.types';
import {
  boxesOverlap,
  circleBoundingBox,
  circleIntersectsPolygon,
  circlesIntersect,
  destination,
  distanceToArcKm,
  haversineKm,
  pointInPolygon,
  polygonBoundingBox,
} from './geodesy';

const ATHENS = { lat: 37.9838, lon: 23.7275 };
const square: LatLon[] = [
  [38, 23],
  [38, 24],
  [37, 24],
  [37, 23],
  [38, 23],
];

describe('haversineKm', () => {
  it('measures Paris–London and one degree of latitude', () => {
    expect(haversineKm(48.8566, 2.3522, 51.5074, -0.1278)).toBeCloseTo(343.56, 1);
    expect(haversineKm(0, 0, 1, 0)).toBeCloseTo(111.195, 2);
    expect(haversineKm(ATHENS.lat, ATHENS.lon, ATHENS.lat, ATHENS.lon)).toBe(0);
  });

  it('is what destination() travelled', () => {
    for (const bearing of [0, 45, 90, 180, 270, 333]) {
      const [lat, lon] = destination(ATHENS.lat, ATHENS.lon, bearing, 123.4);
      expect(haversineKm(ATHENS.lat, ATHENS.lon, lat, lon)).toBeCloseTo(123.4, 6);
    }
  });
});

describe('distanceToArcKm', () => {
  it('is the cross-track distance beside the arc and the distance to the nearer end beyond it', () => {
    expect(distanceToArcKm([0.5, 1], [0, 0], [0, 2])).toBeCloseTo(55.598, 2);
    expect(distanceToArcKm([0, 3], [0, 0], [0, 2])).toBeCloseTo(111.195, 2);
    expect(distanceToArcKm([0, -1], [0, 0], [0, 2])).toBeCloseTo(111.195, 2);
    expect(distanceToArcKm([0, 1], [0, 0], [0, 2])).toBeCloseTo(0, 6);
  });

  it('handles a degenerate arc as a point', () => {
    expect(distanceToArcKm([1, 0], [0, 0], [0, 0])).toBeCloseTo(111.195, 2);
  });
});

describe('pointInPolygon', () => {
  it.each<[string, number, number, boolean]>([
    ['inside', 37.5, 23.5, true],
    ['north of it', 38.5, 23.5, false],
    ['east of it', 37.5, 24.5, false],
  ])('%s', (_name, lat, lon, expected) => {
    expect(pointInPolygon(lat, lon, square)).toBe(expected);
  });

  it('knows the notch of a concave ring', () => {
    const c: LatLon[] = [
      [0, 0],
      [0, 4],
      [4, 4],
      [2, 2],
      [4, 0],
      [0, 0],
    ];
    expect(pointInPolygon(1, 2, c)).toBe(true);
    expect(pointInPolygon(3.5, 2, c)).toBe(false);
  });
});

describe('circlesIntersect', () => {
  it('is true exactly when the centres are no further apart than the radii together', () => {
    const a = { lat: 0, lon: 0, radiusKm: 60 };
    expect(circlesIntersect(a, { lat: 1, lon: 0, radiusKm: 52 })).toBe(true);
    expect(circlesIntersect(a, { lat: 1, lon: 0, radiusKm: 51 })).toBe(false);
    expect(circlesIntersect(a, { lat: 0, lon: 0, radiusKm: 1 })).toBe(true);
  });
});

describe('circleIntersectsPolygon', () => {
  it('meets a circle centred inside, reaching an edge, or holding the whole polygon', () => {
    expect(circleIntersectsPolygon({ lat: 37.5, lon: 23.5, radiusKm: 1 }, square)).toBe(true);
    // 0.1° north of the northern edge is 11.1 km.
    expect(circleIntersectsPolygon({ lat: 38.1, lon: 23.5, radiusKm: 12 }, square)).toBe(true);
    expect(circleIntersectsPolygon({ lat: 38.1, lon: 23.5, radiusKm: 10 }, square)).toBe(false);
    expect(circleIntersectsPolygon({ lat: 37.5, lon: 23.5, radiusKm: 500 }, square)).toBe(true);
  });

  it('measures from the nearest corner when the circle is off a corner', () => {
    // 0.1° south and 0.1° east of the south-east corner (37, 24): about 14.3 km.
    expect(circleIntersectsPolygon({ lat: 36.9, lon: 24.1, radiusKm: 15 }, square)).toBe(true);
    expect(circleIntersectsPolygon({ lat: 36.9, lon: 24.1, radiusKm: 13.5 }, square)).toBe(false);
  });
});

describe('circleBoundingBox', () => {
  it('holds every point of the circle', () => {
    for (const circle of [
      { lat: 37.98, lon: 23.72, radiusKm: 25 },
      { lat: 60, lon: 10, radiusKm: 500 },
      { lat: -33.9, lon: 151.2, radiusKm: 80 },
    ]) {
      const box = circleBoundingBox(circle);
      for (let bearing = 0; bearing < 360; bearing += 5) {
        const [lat, lon] = destination(circle.lat, circle.lon, bearing, circle.radiusKm);
        expect(lat).toBeGreaterThanOrEqual(box.minLat);
        expect(lat).toBeLessThanOrEqual(box.maxLat);
        expect(lon).toBeGreaterThanOrEqual(box.minLon);
        expect(lon).toBeLessThanOrEqual(box.maxLon);
      }
    }
  });

  it('is tight: a few per mille wider than the circle', () => {
    const box = circleBoundingBox({ lat: 0, lon: 0, radiusKm: 111.195 });
    expect(box.maxLat).toBeCloseTo(1.001, 3);
    expect(box.maxLon).toBeCloseTo(1.001, 2);
  });

  it('widens to every longitude across the antimeridian or around a pole', () => {
    expect(circleBoundingBox({ lat: 0, lon: 179.9, radiusKm: 50 })).toMatchObject({
      minLon: -180,
      maxLon: 180,
    });
    expect(circleBoundingBox({ lat: 89.5, lon: 0, radiusKm: 100 })).toMatchObject({
      minLon: -180,
      maxLon: 180,
    });
  });
});

describe('polygonBoundingBox', () => {
  it('is the box of the points, grown by the margin', () => {
    expect(polygonBoundingBox(square)).toEqual({ minLat: 37, maxLat: 38, minLon: 23, maxLon: 24 });
    const grown = polygonBoundingBox(square, 11.1195);
    expect(grown.minLat).toBeCloseTo(36.9, 3);
    expect(grown.maxLat).toBeCloseTo(38.1, 3);
    // 0.1° of latitude is 0.127° of longitude at 38.1°N.
    expect(grown.minLon).toBeCloseTo(22.873, 3);
  });
});

describe('boxesOverlap', () => {
  it('counts touching as overlapping', () => {
    const a = { minLat: 0, maxLat: 1, minLon: 0, maxLon: 1 };
    expect(boxesOverlap(a, { minLat: 1, maxLat: 2, minLon: 1, maxLon: 2 })).toBe(true);
    expect(boxesOverlap(a, { minLat: 1.01, maxLat: 2, minLon: 0, maxLon: 1 })).toBe(false);
  });
});
