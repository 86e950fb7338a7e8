import type { LatLon } from '../model/alert-content.types';
import {
  describePolygonProblem,
  firstSelfIntersection,
  polygonProblem,
  segmentsIntersect,
} from './polygon.util';

const square: LatLon[] = [
  [38, 23],
  [38, 24],
  [37, 24],
  [37, 23],
  [38, 23],
];

describe('segmentsIntersect', () => {
  it.each<[string, LatLon, LatLon, LatLon, LatLon, boolean]>([
    ['proper crossing (X)', [0, 0], [2, 2], [0, 2], [2, 0], true],
    ['parallel apart', [0, 0], [0, 2], [1, 0], [1, 2], false],
    ['disjoint, same line', [0, 0], [0, 1], [0, 2], [0, 3], false],
    ['overlapping, same line', [0, 0], [0, 2], [0, 1], [0, 3], true],
    ['touching at an end (T)', [0, 0], [0, 2], [0, 1], [1, 1], true],
    ['sharing an end point', [0, 0], [1, 1], [1, 1], [2, 0], true],
    ['near miss', [0, 0], [1, 1], [1.01, 1], [2, 0], false],
    ['lines cross outside both segments', [0, 0], [1, 1], [3, 0], [2, 1], false],
  ])('%s → %s', (_name, p1, p2, q1, q2, expected) => {
    expect(segmentsIntersect(p1, p2, q1, q2)).toBe(expected);
    expect(segmentsIntersect(q1, q2, p1, p2)).toBe(expected);
    expect(segmentsIntersect(p2, p1, q2, q1)).toBe(expected);
  });
});

describe('firstSelfIntersection', () => {
  it('finds no crossing in a simple square, convex or concave', () => {
    expect(firstSelfIntersection(square)).toBeUndefined();
    const concave: LatLon[] = [
      [0, 0],
      [0, 4],
      [4, 4],
      [2, 2],
      [4, 0],
      [0, 0],
    ];
    expect(firstSelfIntersection(concave)).toBeUndefined();
  });

  it('finds the crossing edges of a bow tie', () => {
    const bowTie: LatLon[] = [
      [0, 0],
      [2, 2],
      [2, 0],
      [0, 2],
      [0, 0],
    ];
    expect(firstSelfIntersection(bowTie)).toEqual([0, 2]);
  });

  it('finds a ring that touches itself at a vertex (figure eight)', () => {
    const eight: LatLon[] = [
      [0, 0],
      [1, 1],
      [0, 2],
      [2, 2],
      [1, 1],
      [2, 0],
      [0, 0],
    ];
    expect(firstSelfIntersection(eight)).toEqual([0, 3]);
  });

  it('finds a spike that folds back onto its neighbour', () => {
    const spike: LatLon[] = [
      [0, 0],
      [0, 2],
      [0, 1],
      [1, 1],
      [0, 0],
    ];
    expect(firstSelfIntersection(spike)).toEqual([0, 1]);
  });
});

describe('polygonProblem', () => {
  it('accepts a closed, simple ring', () => {
    expect(polygonProblem(square)).toBeUndefined();
  });

  it.each<[string, unknown, ReturnType<typeof polygonProblem>]>([
    ['not a list', 'x', { code: 'not_a_list' }],
    ['a point with three numbers', [[1, 2, 3]], { code: 'bad_point', index: 0 }],
    ['a point with a string', [[1, '2']], { code: 'bad_point', index: 0 }],
    [
      'latitude 91',
      [
        [0, 0],
        [91, 0],
      ],
      { code: 'latitude_out_of_range', index: 1, value: 91 },
    ],
    ['longitude -181', [[0, -181]], { code: 'longitude_out_of_range', index: 0, value: -181 }],
    [
      'three points',
      [
        [0, 0],
        [0, 1],
        [0, 0],
      ],
      { code: 'too_few_points', count: 3 },
    ],
    [
      'open ring',
      [
        [0, 0],
        [0, 1],
        [1, 1],
        [1, 0],
      ],
      { code: 'not_closed' },
    ],
    [
      'repeated point',
      [
        [0, 0],
        [0, 1],
        [0, 1],
        [1, 1],
        [0, 0],
      ],
      { code: 'repeated_point', index: 2 },
    ],
    [
      'collinear points folding back',
      [
        [0, 0],
        [0, 1],
        [0, 2],
        [0, 0],
      ],
      { code: 'self_intersecting', edgeA: 0, edgeB: 2 },
    ],
    [
      'bow tie',
      [
        [0, 0],
        [2, 2],
        [2, 0],
        [0, 2],
        [0, 0],
      ],
      { code: 'self_intersecting', edgeA: 0, edgeB: 2 },
    ],
  ])('%s', (_name, value, expected) => {
    expect(polygonProblem(value)).toEqual(expected);
  });

  it('refuses more than 500 points', () => {
    const ring: LatLon[] = Array.from({ length: 501 }, (_, i) => [
      Math.sin((i / 500) * 2 * Math.PI),
      Math.cos((i / 500) * 2 * Math.PI),
    ]);
    ring[500] = ring[0]!;
    expect(polygonProblem(ring)).toEqual({ code: 'too_many_points', count: 501 });
  });

  it('checks a 500-point ring quickly', () => {
    const ring: LatLon[] = Array.from({ length: 500 }, (_, i) => [
      38 + Math.sin((i / 499) * 2 * Math.PI),
      23 + Math.cos((i / 499) * 2 * Math.PI),
    ]);
    ring[499] = ring[0]!;
    const started = performance.now();
    expect(polygonProblem(ring)).toBeUndefined();
    expect(performance.now() - started).toBeLessThan(200);
  });
});

describe('describePolygonProblem', () => {
  it('names edges and points as people count them', () => {
    expect(describePolygonProblem('area.points', { code: 'self_intersecting', edgeA: 0, edgeB: 2 })).toBe(
      'area.points crosses itself: edge 1 (points 1→2) crosses edge 3 (points 3→4)',
    );
    expect(describePolygonProblem('area.points', { code: 'not_closed' })).toBe(
      'area.points is not closed: the last point must repeat the first',
    );
  });
});
