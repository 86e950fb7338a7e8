import { canonicalCountry } from './country-locator';

/**
 * ISO 3166 codes as areas: `GR` is the whole of Greece, `GR-I` one of its
 * regions (ISO 3166-2). A country covers each of its regions, and a region
 * lies in its country.
 */

export const REGION_CODE_PATTERN = /^[A-Z]{2}(-[A-Z0-9]{1,3})?$/;

export function isCountryCode(code: string): boolean {
  return code.length === 2;
}

export function countryOf(code: string): string {
  return code.slice(0, 2);
}

/** Whether two codes share ground: equal, or one is the country of the other. */
export function regionCodesOverlap(a: string, b: string): boolean {
  if (a === b) return true;
  if (isCountryCode(a)) return countryOf(b) === a;
  if (isCountryCode(b)) return countryOf(a) === b;
  return false;
}

export function anyRegionOverlaps(a: readonly string[], b: readonly string[]): boolean {
  return a.some((x) => b.some((y) => regionCodesOverlap(x, y)));
}

export type RegionCodesResult = { codes: string[]; countries: string[] } | { problem: string };

/**
 * Upper-cases, checks and de-duplicates codes; drops a region whose whole
 * country is also listed. The country part must be an ISO 3166-1 alpha-2
 * code of a country (an alias such as `UK` or `EL` is refused with the code
 * to use). The region part's form is checked; that it exists is not (no list
 * of ISO 3166-2 codes ships here).
 */
export function normaliseRegionCodes(input: readonly string[], field = 'area.codes'): RegionCodesResult {
  const codes = [...new Set(input.map((code) => code.trim().toUpperCase()))];
  for (const code of codes) {
    if (!REGION_CODE_PATTERN.test(code)) {
      return {
        problem: `${field}: ${JSON.stringify(code)} is not an ISO 3166 code: use a country (GR) or a region (GR-I)`,
      };
    }
    const country = countryOf(code);
    const canonical = canonicalCountry(country);
    if (canonical === undefined) {
      return { problem: `${field}: ${JSON.stringify(code)}: ${country} is not an ISO 3166-1 country code` };
    }
    if (canonical !== country) {
      return {
        problem: `${field}: ${JSON.stringify(code)}: ${country} is not the ISO 3166-1 code, use ${canonical}`,
      };
    }
  }
  const wholeCountries = new Set(codes.filter(isCountryCode));
  const kept = codes.filter((code) => isCountryCode(code) || !wholeCountries.has(countryOf(code)));
  return { codes: kept.sort(), countries: [...new Set(kept.map(countryOf))].sort() };
}
