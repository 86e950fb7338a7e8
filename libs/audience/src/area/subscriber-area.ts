import { AudienceError, AudienceErrorCode } from '../errors/audience.error';
import { MAX_SUBSCRIBER_RADIUS_KM, type StoredArea, type SubscriberArea } from './area.types';
import { countriesTouchedByCircle } from './country-locator';
import { circleBoundingBox } from './geodesy';
import { normaliseRegionCodes } from './region-codes';

/**
 * A subscriber's area as stored: a circle with its bounding box and the
 * countries it touches, or checked region codes with their countries.
 * Throws AudienceError(InvalidSubscription) naming the field at fault.
 */
export function toStoredArea(area: SubscriberArea, field = 'area'): StoredArea {
  switch (area.kind) {
    case 'circle': {
      const { lat, lon, radiusKm } = area;
      const problem = circleProblem(lat, lon, radiusKm, field);
      if (problem) throw new AudienceError(AudienceErrorCode.InvalidSubscription, problem);
      return {
        kind: 'circle',
        lat,
        lon,
        radiusKm,
        box: circleBoundingBox({ lat, lon, radiusKm }),
        countries: countriesTouchedByCircle(lat, lon, radiusKm),
      };
    }
    case 'regions':
    case 'country': {
      const input = area.kind === 'regions' ? area.codes : [area.code];
      if (input.length === 0) {
        throw new AudienceError(
          AudienceErrorCode.InvalidSubscription,
          `${field}.codes must list at least one ISO 3166 code (GR, GR-I)`,
        );
      }
      const result = normaliseRegionCodes(
        input,
        area.kind === 'regions' ? `${field}.codes` : `${field}.code`,
      );
      if ('problem' in result) throw new AudienceError(AudienceErrorCode.InvalidSubscription, result.problem);
      if (area.kind === 'country' && result.codes[0].length !== 2) {
        throw new AudienceError(
          AudienceErrorCode.InvalidSubscription,
          `${field}.code must be an ISO 3166-1 alpha-2 country code such as GR; for a region use kind "regions"`,
        );
      }
      return { kind: 'regions', codes: result.codes, countries: result.countries };
    }
  }
}

function circleProblem(lat: number, lon: number, radiusKm: number, field: string): string | undefined {
  if (!Number.isFinite(lat) || lat < -90 || lat > 90) return `${field}.lat must be a latitude, -90 to 90`;
  if (!Number.isFinite(lon) || lon < -180 || lon > 180)
    return `${field}.lon must be a longitude, -180 to 180`;
  if (!Number.isFinite(radiusKm) || radiusKm <= 0 || radiusKm > MAX_SUBSCRIBER_RADIUS_KM) {
    return `${field}.radiusKm must be more than 0 and at most ${MAX_SUBSCRIBER_RADIUS_KM} km; for a whole country use kind "country"`;
  }
  return undefined;
}

/** The public form of a stored area (what a subscriber asked for). */
export function toSubscriberArea(area: StoredArea): SubscriberArea {
  switch (area.kind) {
    case 'circle':
      return { kind: 'circle', lat: area.lat, lon: area.lon, radiusKm: area.radiusKm };
    case 'regions':
      return { kind: 'regions', codes: area.codes };
  }
}
