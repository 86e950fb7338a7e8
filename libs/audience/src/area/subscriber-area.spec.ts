import { AudienceError } from '../errors/audience.error';
import { toStoredArea, toSubscriberArea } from './subscriber-area';

describe('toStoredArea', () => {
  it('stores a circle with its box and the countries it touches', () => {
    const sut = toStoredArea({ kind: 'circle', lat: 40.64, lon: 22.94, radiusKm: 100 });
    expect(sut).toMatchObject({ kind: 'circle', lat: 40.64, lon: 22.94, radiusKm: 100 });
    expect(sut.countries).toEqual(['BG', 'GR', 'MK']);
    expect(toSubscriberArea(sut)).toEqual({ kind: 'circle', lat: 40.64, lon: 22.94, radiusKm: 100 });
  });

  it('stores a country as regions of one code', () => {
    expect(toStoredArea({ kind: 'country', code: 'gr' })).toEqual({
      kind: 'regions',
      codes: ['GR'],
      countries: ['GR'],
    });
  });

  it.each<[string, Parameters<typeof toStoredArea>[0], string]>([
    [
      'a radius over the limit',
      { kind: 'circle', lat: 38, lon: 23, radiusKm: 501 },
      'area.radiusKm must be more than 0 and at most 500 km; for a whole country use kind "country"',
    ],
    [
      'a latitude of 91',
      { kind: 'circle', lat: 91, lon: 23, radiusKm: 5 },
      'area.lat must be a latitude, -90 to 90',
    ],
    [
      'no region',
      { kind: 'regions', codes: [] },
      'area.codes must list at least one ISO 3166 code (GR, GR-I)',
    ],
    [
      'a region as country',
      { kind: 'country', code: 'GR-I' },
      'area.code must be an ISO 3166-1 alpha-2 country code such as GR; for a region use kind "regions"',
    ],
  ])('refuses %s', (_name, area, message) => {
    expect(() => toStoredArea(area)).toThrow(new AudienceError('invalid_subscription', message));
  });
});
