import { distanceToCountryKm } from './country-borders';
import { countrySettings, regionLanguages } from './country-settings';
import { partnerReasons, reachKm } from './partner-rules';

const REGION = ['AL', 'BA', 'BG', 'HR', 'CY', 'GR', 'MD', 'ME', 'MK', 'RO', 'RS', 'SI', 'TR', 'UA'];
const NEVROKOPI = { lat: 41.345, lon: 23.866 }; // Greek town about 10 km from Bulgaria
const ATHENS = { lat: 37.9838, lon: 23.7275 };

describe('partner rules', () => {
  it('has one checked entry per country of the region', () => {
    expect([...countrySettings().keys()].sort()).toEqual([...REGION].sort());
    expect(regionLanguages()).toEqual(
      expect.arrayContaining(['sq', 'bs', 'bg', 'hr', 'el', 'ro', 'sr', 'sl', 'tr', 'uk', 'mk', 'en']),
    );
  });

  it('measures distances to real borders', () => {
    const nearBulgaria = distanceToCountryKm('BG', NEVROKOPI.lat, NEVROKOPI.lon);
    expect(nearBulgaria).toBeGreaterThan(3);
    expect(nearBulgaria).toBeLessThan(20);
    const athensToBulgaria = distanceToCountryKm('BG', ATHENS.lat, ATHENS.lon);
    expect(athensToBulgaria).toBeGreaterThan(330);
    expect(athensToBulgaria).toBeLessThan(450);
    expect(distanceToCountryKm('GR', ATHENS.lat, ATHENS.lon)).toBe(0);
  });

  it('grows the reach with time, capped', () => {
    const reach = { speedKmh: 80, minKm: 25, maxKm: 400 };
    expect(reachKm(reach, 0)).toBe(25);
    expect(reachKm(reach, 2)).toBe(160);
    expect(reachKm(reach, 48)).toBe(400);
  });

  it('gives every reason that holds', () => {
    const now = new Date('2026-11-23T12:00:00Z');
    const facts = {
      lastSeen: { ...NEVROKOPI, at: new Date('2026-11-23T11:00:00Z') },
      destinationCountries: ['TR'],
      explicit: new Set(['p-al']),
      earlier: new Set<string>(),
      now,
    };
    const bg = partnerReasons({ id: 'p-bg', country: 'BG', rules: ['border'] }, facts);
    expect(bg).toEqual([expect.objectContaining({ kind: 'border', reachKm: 80, hoursSinceLastSeen: 1 })]);
    expect(partnerReasons({ id: 'p-tr', country: 'TR', rules: ['destination'] }, facts)).toEqual([
      { kind: 'destination' },
    ]);
    expect(partnerReasons({ id: 'p-ro', country: 'RO', rules: ['border', 'destination'] }, facts)).toEqual(
      [],
    );
    expect(partnerReasons({ id: 'p-al', country: 'AL', rules: ['destination'] }, facts)).toEqual([
      { kind: 'explicit' },
    ]);
    const athens = { ...facts, lastSeen: { ...ATHENS, at: facts.lastSeen.at } };
    expect(partnerReasons({ id: 'p-bg', country: 'BG', rules: ['border'] }, athens)).toEqual([]);
  });
});
