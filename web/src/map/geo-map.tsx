import { type KeyboardEvent, type MouseEvent, useEffect, useMemo, useRef, useState } from 'react';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { circlePoints, type LatLon, project, ringsPath, unproject, WORLD } from './projection';

/** Country borders, loaded once from the bundled world-atlas data alert-api serves (no internet needed). */
let borders: Promise<string[]> | undefined;

function loadBorders(): Promise<string[]> {
  borders ??= fetch('/console/map/countries.json')
    .then((response) => response.json() as Promise<Topology>)
    .then((topology) => {
      const countries = feature(topology, topology.objects.countries as GeometryCollection);
      return countries.features.map((country) => {
        const geometry = country.geometry;
        if (geometry.type === 'Polygon') return ringsPath(geometry.coordinates);
        if (geometry.type === 'MultiPolygon') return ringsPath(geometry.coordinates.flat());
        return '';
      });
    });
  return borders;
}

export const TILE_URL_KEY = 'childalert.tileUrl';

export interface GeoMapProps {
  label: string;
  center?: LatLon;
  marker?: LatLon;
  circle?: LatLon & { radiusKm: number };
  polygon?: [number, number][];
  onPick?: (point: LatLon) => void;
  /** Initial zoom: world widths in view, as a power of two (6 ≈ a country). */
  zoom?: number;
  height?: number;
}

const ATHENS: LatLon = { lat: 37.98, lon: 23.73 };

/** An SVG map in Web Mercator: borders as the base layer, an optional tile server beneath. */
export function GeoMap(props: GeoMapProps) {
  const [paths, setPaths] = useState<string[]>([]);
  const [zoom, setZoom] = useState(props.zoom ?? 6);
  const [center, setCenter] = useState<LatLon>(props.center ?? props.marker ?? ATHENS);
  const svg = useRef<SVGSVGElement>(null);
  const tileUrl = localStorage.getItem(TILE_URL_KEY) ?? '';

  useEffect(() => {
    let live = true;
    void loadBorders().then((loaded) => live && setPaths(loaded));
    return () => {
      live = false;
    };
  }, []);

  const width = WORLD / 2 ** zoom;
  const aspect = 0.6;
  const [cx, cy] = project(center.lat, center.lon);
  const viewBox = [cx - width / 2, cy - (width * aspect) / 2, width, width * aspect];

  const circle = useMemo(() => {
    if (!props.circle) return undefined;
    return ringsPath([circlePoints(props.circle, props.circle.radiusKm).map(([lat, lon]) => [lon, lat])]);
  }, [props.circle]);
  const polygon = props.polygon && props.polygon.length > 1 ? props.polygon : undefined;

  function pick(event: MouseEvent<SVGSVGElement>) {
    if (!props.onPick || !svg.current) return;
    const matrix = svg.current.getScreenCTM();
    if (!matrix) return;
    const point = new DOMPoint(event.clientX, event.clientY).matrixTransform(matrix.inverse());
    const picked = unproject(point.x, point.y);
    props.onPick({ lat: round(picked.lat), lon: round(picked.lon) });
  }

  function keys(event: KeyboardEvent<SVGSVGElement>) {
    const step = width / 40;
    const moves: Record<string, [number, number]> = {
      ArrowLeft: [-step, 0],
      ArrowRight: [step, 0],
      ArrowUp: [0, -step],
      ArrowDown: [0, step],
    };
    if (event.key === '+' || event.key === '=') setZoom((z) => Math.min(14, z + 1));
    else if (event.key === '-') setZoom((z) => Math.max(2, z - 1));
    else if (moves[event.key]) {
      const [dx, dy] = moves[event.key];
      const from = props.marker ?? center;
      const [x, y] = project(from.lat, from.lon);
      const moved = unproject(x + dx, y + dy);
      if (props.onPick) props.onPick({ lat: round(moved.lat), lon: round(moved.lon) });
      else setCenter(moved);
    } else return;
    event.preventDefault();
  }

  const dot = width / 200;
  return (
    <div className="map">
      <svg
        ref={svg}
        role="application"
        aria-label={props.label}
        tabIndex={0}
        viewBox={viewBox.join(' ')}
        preserveAspectRatio="xMidYMid slice"
        style={{ height: props.height ?? 320 }}
        onClick={pick}
        onKeyDown={keys}
        data-testid="map"
      >
        <rect x={viewBox[0]} y={viewBox[1]} width={viewBox[2]} height={viewBox[3]} className="map-sea" />
        {tileUrl !== '' && <Tiles template={tileUrl} zoom={zoom} viewBox={viewBox} />}
        <g className={tileUrl === '' ? 'map-land' : 'map-land map-land-over-tiles'}>
          {paths.map((d, i) => (
            <path key={i} d={d} vectorEffect="non-scaling-stroke" />
          ))}
        </g>
        {circle && <path d={circle} className="map-area" vectorEffect="non-scaling-stroke" />}
        {polygon && (
          <path
            d={ringsPath([polygon.map(([lat, lon]) => [lon, lat])])}
            className="map-area"
            vectorEffect="non-scaling-stroke"
          />
        )}
        {props.polygon?.map(([lat, lon], i) => {
          const [x, y] = project(lat, lon);
          return <circle key={i} cx={x} cy={y} r={dot * 0.6} className="map-vertex" />;
        })}
        {props.marker && <Marker at={props.marker} size={dot} />}
      </svg>
      <div className="map-tools">
        <button type="button" onClick={() => setZoom((z) => Math.min(14, z + 1))} aria-label="zoom in">
          +
        </button>
        <button type="button" onClick={() => setZoom((z) => Math.max(2, z - 1))} aria-label="zoom out">
          −
        </button>
        {props.marker && (
          <button type="button" onClick={() => setCenter(props.marker!)} aria-label="centre on the marker">
            ◎
          </button>
        )}
      </div>
    </div>
  );
}

function Marker({ at, size }: { at: LatLon; size: number }) {
  const [x, y] = project(at.lat, at.lon);
  return (
    <g className="map-marker" data-testid="map-marker">
      <circle cx={x} cy={y} r={size * 1.6} vectorEffect="non-scaling-stroke" />
      <circle cx={x} cy={y} r={size * 0.5} className="map-marker-core" />
    </g>
  );
}

/** Tiles of a z/x/y server under the borders (only when an operator set a tile server URL). */
function Tiles({ template, zoom, viewBox }: { template: string; zoom: number; viewBox: number[] }) {
  const z = Math.min(18, Math.max(0, Math.round(zoom + 2)));
  const size = WORLD / 2 ** z;
  const tiles: { x: number; y: number }[] = [];
  for (let x = Math.floor(viewBox[0] / size); x * size < viewBox[0] + viewBox[2]; x++) {
    for (let y = Math.floor(viewBox[1] / size); y * size < viewBox[1] + viewBox[3]; y++) {
      if (y >= 0 && y < 2 ** z) tiles.push({ x, y });
    }
  }
  return (
    <g>
      {tiles.map(({ x, y }) => (
        <image
          key={`${x}/${y}`}
          href={template
            .replace('{z}', String(z))
            .replace('{x}', String(((x % 2 ** z) + 2 ** z) % 2 ** z))
            .replace('{y}', String(y))}
          x={x * size}
          y={y * size}
          width={size}
          height={size}
        />
      ))}
    </g>
  );
}

const round = (value: number) => Math.round(value * 1e5) / 1e5;
