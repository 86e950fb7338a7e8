// `npm run bench`: every bench/*.bench.ts, one after the other, on real parts.
// Starts its own Kafka broker on free ports (unless KAFKA_BROKERS is set) and
// uses the machine's PostgreSQL when it answers (each bench makes a database
// of its own) or an embedded PostgreSQL otherwise, like `npm test`.
// Bench files are TypeScript run by plain node through
// scripts/lib/register-ts.cjs (swc, with the decorator metadata Nest needs).
// Arguments pick benches by name: `npm run bench -- email`.
// Settings: each bench's own (BENCH_EMAIL_SUBSCRIBERS ...), see its header.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { runNode, startRealParts } from './lib/real-parts.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const registerTs = path.join(root, 'scripts', 'lib', 'register-ts.cjs');

async function main() {
  const wanted = process.argv.slice(2);
  const benches = readdirSync(path.join(root, 'bench'))
    .filter((name) => name.endsWith('.bench.ts'))
    .filter((name) => wanted.length === 0 || wanted.some((w) => name.includes(w)))
    .sort();
  if (benches.length === 0) throw new Error(`no bench/*.bench.ts matches ${wanted.join(' ')}`);
  const { env, stop } = await startRealParts({ label: 'bench', embeddedPort: 54339 });
  stops.push(stop);
  let failed = 0;
  for (const bench of benches) {
    console.log(`\nbench: ${bench}`);
    const code = await runNode(['-r', registerTs, path.join('bench', bench)], { cwd: root, env });
    if (code !== 0) {
      failed += 1;
      console.error(`bench: ${bench} failed (exit ${code})`);
    }
  }
  return failed === 0 ? 0 : 1;
}

const stops = [];
let exitCode = 1;
try {
  exitCode = await main();
} catch (err) {
  console.error(`bench: ${err.stack ?? err}`);
} finally {
  for (const stop of stops) await stop();
}
process.exit(exitCode);
