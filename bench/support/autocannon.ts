import { spawn } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(__dirname, '..', '..');

export interface LoadTarget {
  url: string;
  method?: 'GET' | 'POST';
  /** A JSON body; `[<id>]` in it becomes a unique id per request. */
  body?: string;
}

export interface LoadResult {
  requests: number;
  /** Requests a second, over the run. */
  throughput: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** Responses by status code. */
  statuses: Record<string, number>;
}

interface AutocannonJson {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; max: number };
  duration: number;
  '2xx': number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodeStats?: Record<string, { count: number }>;
}

/**
 * autocannon in a process of its own (load-process.ts), so the load comes
 * from outside the process that measures; resolves with its figures.
 */
export function autocannon(target: LoadTarget, connections: number, seconds: number): LoadRunning {
  const spec = { url: target.url, method: target.method ?? 'GET', body: target.body, connections, seconds };
  const child = spawn(
    process.execPath,
    [
      '-r',
      path.join(root, 'scripts', 'lib', 'register-ts.cjs'),
      path.join(__dirname, 'load-process.ts'),
      JSON.stringify(spec),
    ],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const done = new Promise<LoadResult>((resolve, reject) => {
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`autocannon exited ${code}: ${err.slice(-500)}`));
      const json = JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as AutocannonJson;
      const statuses = Object.fromEntries(
        Object.entries(json.statusCodeStats ?? {}).map(([code, stats]) => [code, stats.count]),
      );
      resolve({
        requests: json.requests.total,
        throughput: json.requests.total / json.duration,
        p50Ms: json.latency.p50,
        p99Ms: json.latency.p99,
        maxMs: json.latency.max,
        ok: json['2xx'],
        non2xx: json.non2xx,
        errors: json.errors,
        timeouts: json.timeouts,
        statuses,
      });
    });
  });
  return { pid: child.pid!, done };
}

export interface LoadRunning {
  pid: number;
  done: Promise<LoadResult>;
}
