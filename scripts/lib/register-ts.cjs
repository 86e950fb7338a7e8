// Runs TypeScript sources in plain node, with decorator metadata (which Nest's
// dependency injection needs and tsx/esbuild does not emit): `.ts` files are
// compiled by @swc/core with the project's .swcrc as they are required, and
// the `@childalert/<lib>` aliases resolve to libs/<lib>/src (config/src).
//   node -r ./scripts/lib/register-ts.cjs apps/email-worker/src/main.ts
// Used by tests that need a real child process (kill -9) and by `npm run bench`.
// A development aid: production runs the compiled dist/ (register-aliases.cjs).
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');
const { transformSync } = require('@swc/core');

const root = path.resolve(__dirname, '..', '..');
const swcrc = JSON.parse(fs.readFileSync(path.join(root, '.swcrc'), 'utf8'));
const ALIAS = /^@childalert\/([a-z0-9-]+)(\/.*)?$/;

const resolve = Module._resolveFilename;
Module._resolveFilename = function resolveAlias(request, parent, ...rest) {
  const match = ALIAS.exec(request);
  if (!match) return resolve.call(this, request, parent, ...rest);
  const base =
    match[1] === 'config' ? path.join(root, 'config', 'src') : path.join(root, 'libs', match[1], 'src');
  return resolve.call(this, base + (match[2] ?? ''), parent, ...rest);
};

Module._extensions['.ts'] = function compileTs(module, filename) {
  const source = fs.readFileSync(filename, 'utf8');
  const { code } = transformSync(source, {
    ...swcrc,
    swcrc: false,
    filename,
    sourceMaps: 'inline',
  });
  module._compile(code, filename);
};
