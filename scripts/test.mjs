// `npm test`: the whole suite on real parts (scripts/lib/real-parts.mjs:
// its own Kafka broker, PostgreSQL), then stops what it started.
// Extra arguments go to Jest: `npm test -- test/messaging`.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { runNode, startRealParts } from './lib/real-parts.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const started = Date.now();

/** Jest is not among the runners CI reads; this line is the plain form it counts. */
function summaryOf(reportFile) {
  try {
    const r = JSON.parse(readFileSync(reportFile, 'utf8'));
    let summary = `${r.numPassedTests} passed, ${r.numFailedTests} failed`;
    if (r.numPendingTests) summary += `, ${r.numPendingTests} skipped`;
    return summary;
  } catch {
    return 'no report'; // jest failed before writing one; its exit code tells
  }
}

let exitCode = 1;
let parts;
try {
  parts = await startRealParts({ label: 'test', embeddedPort: 54329 });
  const env = { ...parts.env, TEST_OUTPUT_DIR: path.join(root, 'test-output') };
  const report = path.join(parts.scratch, 'jest-report.json');
  const jest = path.join(root, 'node_modules', 'jest', 'bin', 'jest.js');
  exitCode = await runNode([jest, '--json', `--outputFile=${report}`, ...process.argv.slice(2)], {
    cwd: root,
    env,
  });
  console.log(`test: finished in ${Math.round((Date.now() - started) / 1000)} s`);
  console.log(`jest: ${summaryOf(report)}`);
} catch (err) {
  console.error(`test: ${err.stack ?? err}`);
} finally {
  await parts?.stop();
}
process.exit(exitCode);
