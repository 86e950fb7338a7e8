// Resolves the `@childalert/<lib>` path aliases of tsconfig.json against the
// compiled tree in dist/, which tsc leaves as they are. Preload it:
//   node -r ./scripts/lib/register-aliases.cjs dist/apps/alert-api/src/main.js
// No dependency (tsconfig-paths is a dev dependency; production images omit it).
const Module = require('node:module');
const path = require('node:path');

const dist = path.resolve(process.env.CHILDALERT_DIST ?? path.join(__dirname, '..', '..', 'dist'));
const ALIAS = /^@childalert\/([a-z0-9-]+)(\/.*)?$/;

function target(name, rest = '') {
  const base = name === 'config' ? path.join(dist, 'config', 'src') : path.join(dist, 'libs', name, 'src');
  return base + rest;
}

const resolve = Module._resolveFilename;
Module._resolveFilename = function resolveAlias(request, parent, ...rest) {
  const match = ALIAS.exec(request);
  return resolve.call(this, match ? target(match[1], match[2]) : request, parent, ...rest);
};
