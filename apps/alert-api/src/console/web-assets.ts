import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The console's built files (`npm run build:web` → dist/web). Found by
 * looking upwards from this file, so the same code finds them from the
 * sources (tests), from dist/ (production) and in the Docker image.
 */
export function webDistDir(from = __dirname): string | undefined {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'dist', 'web');
    if (existsSync(path.join(candidate, 'index.html'))) return candidate;
    if (path.dirname(dir) === dir) return undefined;
  }
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

export interface WebAsset {
  body: Buffer;
  type: string;
  /** Vite's hashed file names never change content: cached for a year; the rest revalidated. */
  immutable: boolean;
}

/** A file under `root` by its URL path; undefined when absent or outside `root` (no `..` escapes). */
export function readAsset(root: string, urlPath: string): WebAsset | undefined {
  const file = path.resolve(root, `.${path.posix.normalize(`/${urlPath}`)}`);
  if (!file.startsWith(root + path.sep)) return undefined;
  const type = TYPES[path.extname(file)];
  if (type === undefined || !existsSync(file)) return undefined;
  return { body: readFileSync(file), type, immutable: /^assets\//.test(path.relative(root, file)) };
}

/** world-atlas's country borders (TopoJSON, 1:50m): the map's base layer, with no tile server needed. */
export function countryBordersFile(): string {
  return require.resolve('world-atlas/countries-50m.json');
}
