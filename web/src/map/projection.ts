/**
 * Web Mercator in a square world of WORLD units, so the bundled borders and
 * an optional tile server (same projection) line up.
 */
export const WORLD = 1000;
const MAX_LAT = 85.05112878;

export interface LatLon {
  lat: number;
  lon: number;
}

export function project(lat: number, lon: number): [number, number] {
  const phi = (Math.max(-MAX_LAT, Math.min(MAX_LAT, lat)) * Math.PI) / 180;
  const x = ((lon + 180) / 360) * WORLD;
  const y = ((1 - Math.log(Math.tan(phi) + 1 / Math.cos(phi)) / Math.PI) / 2) * WORLD;
  return [x, y];
}

export function unproject(x: number, y: number): LatLon {
  const lon = (x / WORLD) * 360 - 180;
  const lat = (Math.atan(Math.sinh(Math.PI * (1 - (2 * y) / WORLD))) * 180) / Math.PI;
  return { lat, lon };
}

/** Points of a circle on the Earth (radius in km), as [lat, lon]. */
export function circlePoints(center: LatLon, radiusKm: number, steps = 72): [number, number][] {
  const R = 6371;
  const d = radiusKm / R;
  const lat1 = (center.lat * Math.PI) / 180;
  const lon1 = (center.lon * Math.PI) / 180;
  const points: [number, number][] = [];
  for (let i = 0; i <= steps; i++) {
    const bearing = (2 * Math.PI * i) / steps;
    const lat2 = Math.asin(Math.sin(lat1) * Math.cos(d) + Math.cos(lat1) * Math.sin(d) * Math.cos(bearing));
    const lon2 =
      lon1 +
      Math.atan2(
        Math.sin(bearing) * Math.sin(d) * Math.cos(lat1),
        Math.cos(d) - Math.sin(lat1) * Math.sin(lat2),
      );
    points.push([(lat2 * 180) / Math.PI, (lon2 * 180) / Math.PI]);
  }
  return points;
}

/** An SVG path of [lon, lat] rings (GeoJSON order), in world units. */
export function ringsPath(rings: number[][][]): string {
  let d = '';
  for (const ring of rings) {
    ring.forEach(([lon, lat], i) => {
      const [x, y] = project(lat, lon);
      d += `${i === 0 ? 'M' : 'L'}${x.toFixed(2)},${y.toFixed(2)}`;
    });
    d += 'Z';
  }
  return d;
}
