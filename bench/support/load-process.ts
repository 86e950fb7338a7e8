// The load generator's own process: autocannon's API (so each subscribe can
// carry an address of its own, which its CLI's `[<id>]` cannot do reliably:
// in 8.0.0 it counts 27 bytes for a 24-byte id and the requests never finish).
// Input: one JSON argument (LoadSpec); output: autocannon's result as one JSON line.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon') as (
  options: Record<string, unknown>,
  done: (error: Error | null, result: unknown) => void,
) => void;

interface LoadSpec {
  url: string;
  method: string;
  body?: string;
  connections: number;
  seconds: number;
}

const spec = JSON.parse(process.argv[2] ?? '{}') as LoadSpec;
let sequence = 0;
const prefix = `${process.pid}-${Date.now().toString(36)}`;

autocannon(
  {
    url: spec.url,
    connections: spec.connections,
    duration: spec.seconds,
    headers: spec.body === undefined ? {} : { 'content-type': 'application/json' },
    requests: [
      {
        method: spec.method,
        // `[<id>]` in the body: a fresh value per request.
        setupRequest: (request: Record<string, unknown>) =>
          spec.body === undefined
            ? request
            : { ...request, body: spec.body.replace(/\[<id>\]/g, `${prefix}-${(sequence += 1)}`) },
      },
    ],
  },
  (error, result) => {
    if (error) {
      console.error(error);
      process.exit(1);
    }
    process.stdout.write(`${JSON.stringify(result)}\n`);
    process.exit(0);
  },
);
