import { readFileSync } from 'node:fs';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { countryBordersFile } from './web-assets';

/** Web Mercator in a square world of 1000 units (as the console's map). */
const WORLD = 1000;

function project(lat: number, lon: number): [number, number] {
  const phi = (Math.max(-85, Math.min(85, lat)) * Math.PI) / 180;
  return [
    ((lon + 180) / 360) * WORLD,
    ((1 - Math.log(Math.tan(phi) + 1 / Math.cos(phi)) / Math.PI) / 2) * WORLD,
  ];
}

interface Country {
  /** [minX, minY, maxX, maxY] in world units. */
  box: [number, number, number, number];
  rings: [number, number][][];
}

let countries: Country[] | undefined;

function loadCountries(): Country[] {
  if (countries) return countries;
  const topology = JSON.parse(readFileSync(countryBordersFile(), 'utf8')) as Topology;
  const collection = feature(topology, topology.objects.countries as GeometryCollection);
  countries = collection.features.flatMap((country) => {
    const geometry = country.geometry;
    const polygons =
      geometry?.type === 'Polygon'
        ? [geometry.coordinates]
        : geometry?.type === 'MultiPolygon'
          ? geometry.coordinates
          : [];
    const rings = polygons.flat().map((ring) => ring.map(([lon, lat]) => project(lat, lon)));
    if (rings.length === 0) return [];
    const xs = rings.flat().map((p) => p[0]);
    const ys = rings.flat().map((p) => p[1]);
    return [{ box: [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)], rings }];
  });
  return countries;
}

/**
 * A small inline SVG map of the country borders around a point, with a
 * marker: the public page's "last seen" map, with no tiles and no script.
 * Points closer than the drawing's resolution are dropped to keep it light.
 */
export function borderMapSvg(at: { lat: number; lon: number }, label: string, widthKm = 120): string {
  const [cx, cy] = project(at.lat, at.lon);
  const width = ((widthKm / 40075) * WORLD) / Math.cos((at.lat * Math.PI) / 180);
  const height = width * 0.6;
  const view = [cx - width / 2, cy - height / 2, width, height];
  const step = width / 400;
  const paths: string[] = [];
  for (const country of loadCountries()) {
    const [x0, y0, x1, y1] = country.box;
    if (x1 < view[0] || x0 > view[0] + view[2] || y1 < view[1] || y0 > view[1] + view[3]) continue;
    let d = '';
    for (const ring of country.rings) {
      let last: [number, number] | undefined;
      let part = '';
      for (const point of ring) {
        if (last && Math.abs(point[0] - last[0]) < step && Math.abs(point[1] - last[1]) < step) continue;
        part += `${part === '' ? 'M' : 'L'}${(point[0] - view[0]).toFixed(3)},${(point[1] - view[1]).toFixed(3)}`;
        last = point;
      }
      if (part.length > 0) d += `${part}Z`;
    }
    if (d !== '') paths.push(`<path d="${d}"/>`);
  }
  const r = width / 60;
  return (
    `<svg class="map" role="img" aria-label="${label}" viewBox="0 0 ${width.toFixed(3)} ${height.toFixed(3)}" xmlns="http://www.w3.org/2000/svg">` +
    `<rect width="100%" height="100%" fill="#d7e8f5"/>` +
    `<g fill="#f4f1e8" stroke="#4d4d4d" stroke-width="${(width / 500).toFixed(4)}">${paths.join('')}</g>` +
    `<circle cx="${(width / 2).toFixed(3)}" cy="${(height / 2).toFixed(3)}" r="${r.toFixed(3)}" fill="#a4001d" stroke="#fff" stroke-width="${(r / 4).toFixed(3)}"/>` +
    `</svg>`
  );
}
