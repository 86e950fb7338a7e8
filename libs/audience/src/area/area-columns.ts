import type { StoredArea } from './area.types';

/** The area columns every subscription table has (migration 0004), in drizzle's names. */
export interface AreaColumns {
  areaKind: 'circle' | 'regions';
  lat: number | null;
  lon: number | null;
  radiusKm: number | null;
  minLat: number | null;
  maxLat: number | null;
  minLon: number | null;
  maxLon: number | null;
  regionCodes: string[] | null;
  countries: string[];
}

export function areaColumns(area: StoredArea): AreaColumns {
  switch (area.kind) {
    case 'circle':
      return {
        areaKind: 'circle',
        lat: area.lat,
        lon: area.lon,
        radiusKm: area.radiusKm,
        minLat: area.box.minLat,
        maxLat: area.box.maxLat,
        minLon: area.box.minLon,
        maxLon: area.box.maxLon,
        regionCodes: null,
        countries: area.countries,
      };
    case 'regions':
      return {
        areaKind: 'regions',
        lat: null,
        lon: null,
        radiusKm: null,
        minLat: null,
        maxLat: null,
        minLon: null,
        maxLon: null,
        regionCodes: area.codes,
        countries: area.countries,
      };
  }
}

/** Back from columns; a row the table's check constraint admitted always converts. */
export function storedAreaOf(columns: AreaColumns): StoredArea {
  if (columns.areaKind === 'circle') {
    return {
      kind: 'circle',
      lat: columns.lat!,
      lon: columns.lon!,
      radiusKm: columns.radiusKm!,
      box: {
        minLat: columns.minLat!,
        maxLat: columns.maxLat!,
        minLon: columns.minLon!,
        maxLon: columns.maxLon!,
      },
      countries: columns.countries,
    };
  }
  return { kind: 'regions', codes: columns.regionCodes ?? [], countries: columns.countries };
}
