import { anyRegionOverlaps, normaliseRegionCodes, regionCodesOverlap } from './region-codes';

describe('regionCodesOverlap', () => {
  it.each<[string, string, boolean]>([
    ['GR', 'GR', true],
    ['GR', 'GR-I', true],
    ['GR-I', 'GR', true],
    ['GR-I', 'GR-I', true],
    ['GR-I', 'GR-M', false],
    ['GR', 'AL', false],
    ['GR', 'AL-01', false],
    ['BG-01', 'GR', false],
  ])('%s × %s → %s', (a, b, expected) => {
    expect(regionCodesOverlap(a, b)).toBe(expected);
  });

  it('finds any overlapping pair in two lists', () => {
    expect(anyRegionOverlaps(['AL', 'GR-I'], ['GR-M', 'GR-I'])).toBe(true);
    expect(anyRegionOverlaps(['AL', 'GR-I'], ['GR-M', 'BG'])).toBe(false);
  });
});

describe('normaliseRegionCodes', () => {
  it('upper-cases, de-duplicates, sorts and drops regions of a listed country', () => {
    expect(normaliseRegionCodes(['gr-i', 'AL', 'GR-I', ' mk '])).toEqual({
      codes: ['AL', 'GR-I', 'MK'],
      countries: ['AL', 'GR', 'MK'],
    });
    expect(normaliseRegionCodes(['GR-I', 'GR', 'GR-M'])).toEqual({ codes: ['GR'], countries: ['GR'] });
  });

  it.each<[string[], string]>([
    [['Greece'], 'area.codes: "GREECE" is not an ISO 3166 code: use a country (GR) or a region (GR-I)'],
    [['XX'], 'area.codes: "XX": XX is not an ISO 3166-1 country code'],
    [['EL-I'], 'area.codes: "EL-I": EL is not the ISO 3166-1 code, use GR'],
    [['UK'], 'area.codes: "UK": UK is not the ISO 3166-1 code, use GB'],
    [['GR-ABCD'], 'area.codes: "GR-ABCD" is not an ISO 3166 code: use a country (GR) or a region (GR-I)'],
  ])('refuses %j', (codes, problem) => {
    expect(normaliseRegionCodes(codes)).toEqual({ problem });
  });
});
