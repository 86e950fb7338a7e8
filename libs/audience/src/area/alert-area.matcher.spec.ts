import { AlertAreaMatcher } from './alert-area.matcher';
import type { AlertArea, LatLon, StoredArea, SubscriberArea } from './area.types';
import { toStoredArea } from './subscriber-area';

const ATHENS = { lat: 37.9838, lon: 23.7275 };
const THESSALONIKI = { lat: 40.6401, lon: 22.9444 };
const TIRANA = { lat: 41.3275, lon: 19.8187 };
const ATTICA: LatLon[] = [
  [38.3, 23.3],
  [38.3, 24.1],
  [37.6, 24.1],
  [37.6, 23.3],
  [38.3, 23.3],
];

const circle = (at: { lat: number; lon: number }, radiusKm: number): SubscriberArea => ({
  kind: 'circle',
  ...at,
  radiusKm,
});
const stored = (area: SubscriberArea): StoredArea => toStoredArea(area);

describe(AlertAreaMatcher.name, () => {
  describe('an alert circle', () => {
    const sut = new AlertAreaMatcher({ kind: 'circle', ...ATHENS, radiusKm: 20 });

    it('reaches the circles it meets and no others', () => {
      expect(sut.matches(stored(circle(ATHENS, 1)))).toBe(true);
      // Thessaloniki is about 302 km from Athens.
      expect(sut.matches(stored(circle(THESSALONIKI, 283)))).toBe(true);
      expect(sut.matches(stored(circle(THESSALONIKI, 280)))).toBe(false);
    });

    it('reaches whole-country subscribers of the country it lies in', () => {
      expect(sut.matches(stored({ kind: 'country', code: 'GR' }))).toBe(true);
      expect(sut.matches(stored({ kind: 'country', code: 'AL' }))).toBe(false);
      expect(sut.matches(stored({ kind: 'regions', codes: ['AL', 'GR'] }))).toBe(true);
    });

    it('reaches region subscribers of its country unless it names its regions', () => {
      expect(sut.matches(stored({ kind: 'regions', codes: ['GR-B'] }))).toBe(true);
      const named = new AlertAreaMatcher({ kind: 'circle', ...ATHENS, radiusKm: 20, regionCodes: ['GR-I'] });
      expect(named.matches(stored({ kind: 'regions', codes: ['GR-B'] }))).toBe(false);
      expect(named.matches(stored({ kind: 'regions', codes: ['GR-I'] }))).toBe(true);
      expect(named.matches(stored({ kind: 'regions', codes: ['GR'] }))).toBe(true);
    });

    it('prefilters with its box and the countries it touches', () => {
      expect(sut.prefilter.countries).toEqual(['GR']);
      expect(sut.prefilter.box!.minLat).toBeCloseTo(ATHENS.lat - 0.18, 2);
      expect(sut.prefilter.box!.maxLon).toBeCloseTo(ATHENS.lon + 0.228, 2);
    });

    it('near a border touches both countries', () => {
      const border = new AlertAreaMatcher({ kind: 'circle', lat: 41.1, lon: 22.5, radiusKm: 30 });
      expect(border.prefilter.countries).toEqual(['GR', 'MK']);
      expect(border.matches(stored({ kind: 'country', code: 'MK' }))).toBe(true);
    });
  });

  describe('an alert polygon', () => {
    const sut = new AlertAreaMatcher({ kind: 'polygon', points: ATTICA });

    it('reaches circles inside, across or near its edges within their radius', () => {
      expect(sut.matches(stored(circle(ATHENS, 1)))).toBe(true);
      // 0.2° north of the northern edge: 22.2 km.
      expect(sut.matches(stored(circle({ lat: 38.5, lon: 23.7 }, 23)))).toBe(true);
      expect(sut.matches(stored(circle({ lat: 38.5, lon: 23.7 }, 21)))).toBe(false);
      expect(sut.matches(stored(circle(THESSALONIKI, 50)))).toBe(false);
    });

    it('reaches whole-country subscribers of the country it lies in', () => {
      expect(sut.matches(stored({ kind: 'country', code: 'GR' }))).toBe(true);
      expect(sut.matches(stored({ kind: 'country', code: 'BG' }))).toBe(false);
    });

    it('accepts an open ring and closes it', () => {
      const open = new AlertAreaMatcher({ kind: 'polygon', points: ATTICA.slice(0, 4) });
      expect(open.matches(stored(circle({ lat: 37.65, lon: 23.35 }, 1)))).toBe(true);
    });
  });

  describe('an alert for regions', () => {
    it('for a country reaches its regions, its whole-country subscribers and circles in it', () => {
      const sut = new AlertAreaMatcher({ kind: 'regions', codes: ['GR'] });
      expect(sut.prefilter).toEqual({ countries: ['GR'] });
      expect(sut.matches(stored({ kind: 'regions', codes: ['GR-I'] }))).toBe(true);
      expect(sut.matches(stored({ kind: 'country', code: 'GR' }))).toBe(true);
      expect(sut.matches(stored(circle(ATHENS, 5)))).toBe(true);
      expect(sut.matches(stored(circle(TIRANA, 5)))).toBe(false);
      expect(sut.matches(stored({ kind: 'regions', codes: ['AL-11'] }))).toBe(false);
    });

    it('for a region reaches that region and its whole country, not a sister region', () => {
      const sut = new AlertAreaMatcher({ kind: 'regions', codes: ['GR-I'] });
      expect(sut.matches(stored({ kind: 'regions', codes: ['GR-I'] }))).toBe(true);
      expect(sut.matches(stored({ kind: 'country', code: 'GR' }))).toBe(true);
      expect(sut.matches(stored({ kind: 'regions', codes: ['GR-M'] }))).toBe(false);
    });

    it('for a region reaches circles in its country (no region borders here: errs towards sending)', () => {
      const sut = new AlertAreaMatcher({ kind: 'regions', codes: ['GR-I'] });
      expect(sut.matches(stored(circle(THESSALONIKI, 5)))).toBe(true);
      expect(sut.matches(stored(circle(TIRANA, 5)))).toBe(false);
    });

    it('reaches a circle that crosses into the country from a neighbour', () => {
      const sut = new AlertAreaMatcher({ kind: 'regions', codes: ['MK'] });
      expect(sut.matches(stored(circle(THESSALONIKI, 100)))).toBe(true);
      expect(sut.matches(stored(circle(THESSALONIKI, 20)))).toBe(false);
    });
  });

  it.each<[string, AlertArea]>([
    ['a circle without radius', { kind: 'circle', lat: 0, lon: 0, radiusKm: 0 }],
    [
      'a polygon of three points',
      {
        kind: 'polygon',
        points: [
          [0, 0],
          [0, 1],
          [0, 0],
        ],
      },
    ],
    ['regions without a code', { kind: 'regions', codes: [] }],
    ['a bad region code', { kind: 'regions', codes: ['Greece'] }],
  ])('refuses %s', (_name, area) => {
    expect(() => new AlertAreaMatcher(area)).toThrow(RangeError);
  });
});
