// `npm run audit:verify`: walks the whole audit chain in DATABASE_URL (by
// default the embedded PostgreSQL of `npm start`) and reports the first
// broken link: a row removed, altered or re-chained. Exit 0 intact, 1 broken,
// 2 could not check.
//
//   npm run audit:verify
//   npm run audit:verify -- --anchor 1234:<hash>   # the head recorded earlier must still be there
//   npm run audit:verify -- --json
//
// It runs the same verifier as GET /v1/audit/verify (libs/audit), from the
// TypeScript source when tsx is installed (a checkout), else from dist/ (an
// image built with `npm run build`).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pg from 'pg';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// Keep in step with config/src/base.config.ts (EMBEDDED_DATABASE_URL).
const EMBEDDED_DATABASE_URL = 'postgres://childalert:childalert@127.0.0.1:5433/childalert';

function parseArgs(argv) {
  const args = { json: false, anchor: undefined };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--json') args.json = true;
    else if (arg === '--anchor') {
      const value = argv[(i += 1)] ?? '';
      const match = /^(\d+):([0-9a-f]{64})$/.exec(value);
      if (!match) throw new Error(`--anchor takes <seq>:<sha256 hex>, got ${JSON.stringify(value)}`);
      args.anchor = { seq: Number(match[1]), hash: match[2] };
    } else if (arg === '--help' || arg === '-h') {
      args.help = true;
    } else throw new Error(`unknown argument ${arg} (see --help)`);
  }
  return args;
}

async function loadVerifier() {
  const source = path.join(root, 'libs', 'audit', 'src', 'audit-chain.verifier.ts');
  try {
    const { tsImport } = await import('tsx/esm/api');
    return (await tsImport(pathToFileURL(source).href, import.meta.url)).verifyAuditChain;
  } catch (error) {
    if (error?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
  }
  const compiled = path.join(root, 'dist', 'libs', 'audit', 'src', 'audit-chain.verifier.js');
  if (!existsSync(compiled))
    throw new Error('neither tsx nor dist/ is available: run `npm ci` or `npm run build`');
  return (await import(pathToFileURL(compiled).href)).verifyAuditChain;
}

function redact(url) {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparsable URL)';
  }
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args.help) {
    process.stdout.write('usage: npm run audit:verify [-- --anchor <seq>:<hash>] [--json]\n');
    return 0;
  }
  const url = process.env.DATABASE_URL || EMBEDDED_DATABASE_URL;
  const verifyAuditChain = await loadVerifier();
  const pool = new pg.Pool({ connectionString: url, max: 1, connectionTimeoutMillis: 5_000 });
  try {
    const result = await verifyAuditChain(pool, args.anchor ? { anchor: args.anchor } : {});
    if (args.json) process.stdout.write(`${JSON.stringify(result)}\n`);
    else if (result.ok) {
      const head = result.head
        ? `; head ${result.head.seq}:${result.head.hash} (keep it to anchor the next check)`
        : '';
      process.stdout.write(`audit chain intact: ${result.rows} rows in ${redact(url)}${head}\n`);
    } else {
      process.stdout.write(
        `audit chain BROKEN at row ${result.firstBrokenSeq}: ${result.reason} (${result.rows} rows before it are intact)\n`,
      );
    }
    return result.ok ? 0 : 1;
  } finally {
    await pool.end();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`audit:verify could not check the chain: ${error.message}\n`);
    process.exit(2);
  },
);
