// Property-based fuzzing of every JSON endpoint of alert-api, from the
// OpenAPI document the application publishes (its DTOs): bodies shaped like
// the DTO with hostile values, and arbitrary JSON. Whatever arrives, the
// answer is never a server error, a refusal says what is wrong in words, and
// a refused request changes nothing.
import fc from 'fast-check';
import { DEMO_USERS, listRouteAccess, type RouteAccess } from '@childalert/auth';
import { type AlertApiTestApp, bearer, startAlertApi } from '../alerts-api/alert-api-test.app';
import { databaseFingerprint } from './support/database-fingerprint';

const RUNS_PER_ROUTE = Number(process.env.FUZZ_RUNS_PER_ROUTE ?? 25);

interface JsonSchema {
  $ref?: string;
  type?: string;
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  enum?: unknown[];
  allOf?: JsonSchema[];
  oneOf?: JsonSchema[];
}

interface OpenApi {
  paths: Record<
    string,
    Record<string, { requestBody?: { content?: Record<string, { schema?: JsonSchema }> } }>
  >;
  components?: { schemas?: Record<string, JsonSchema> };
}

/** Values that have broken parsers and validators before. */
const hostile = fc.oneof(
  fc.constantFrom(
    null,
    '',
    ' ',
    '\u0000',
    '<script>alert(1)</script>',
    "'; DROP TABLE alerts; --",
    '../../../../etc/passwd',
    '%00',
    '𝔘𝔫𝔦𝔠𝔬𝔡𝔢 🧒🏽',
    'x'.repeat(100_000),
    -1,
    0,
    2 ** 53,
    1e308,
    -0,
    true,
    false,
    [],
    {},
    { __proto__: { admin: true } },
    JSON.parse('{"__proto__": {"polluted": true}}') as unknown,
    { constructor: { prototype: { polluted: true } } },
    '2026-02-30T25:61:00Z',
    'not-a-uuid',
    '00000000-0000-0000-0000-000000000000',
  ),
  fc.string(),
  fc.integer(),
  fc.double(),
  fc.array(fc.jsonValue(), { maxLength: 5 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue(), { maxKeys: 4 }),
);

/** An object with the DTO's property names (nested ones too), each holding a hostile value or a shaped one. */
function shapedLike(schema: JsonSchema | undefined, api: OpenApi, depth = 0): fc.Arbitrary<unknown> {
  const resolved = resolve(schema, api);
  if (resolved === undefined || depth > 3) return hostile;
  if (resolved.properties !== undefined) {
    const entries = Object.entries(resolved.properties).map(
      ([name, property]) => [name, fc.oneof(hostile, shapedLike(property, api, depth + 1))] as const,
    );
    return fc.record(Object.fromEntries(entries), { requiredKeys: [] });
  }
  if (resolved.type === 'array')
    return fc.array(shapedLike(resolved.items, api, depth + 1), { maxLength: 4 });
  if (resolved.enum !== undefined) return fc.oneof(fc.constantFrom(...resolved.enum), hostile);
  return hostile;
}

function resolve(schema: JsonSchema | undefined, api: OpenApi): JsonSchema | undefined {
  if (schema?.$ref !== undefined) return api.components?.schemas?.[schema.$ref.split('/').pop()!];
  if (schema?.allOf?.length === 1) return resolve(schema.allOf[0], api);
  return schema;
}

/** Express's `:id` as OpenAPI's `{id}`. */
function openApiPath(route: RouteAccess): string {
  return route.path.replace(/:([A-Za-z]+)/g, '{$1}');
}

describe('JSON endpoints under fuzzing', () => {
  jest.setTimeout(300_000);
  let t: AlertApiTestApp;
  let api: OpenApi;
  const tokens = new Map<string, string>();

  beforeAll(async () => {
    t = await startAlertApi();
    api = (await t.http().get('/docs-json')).body as OpenApi;
    for (const user of DEMO_USERS) tokens.set(user.role, await t.login(user.username));
  });

  afterAll(async () => {
    await t?.close();
  });

  it('never answers a server error, always explains a refusal, and a refusal changes nothing', async () => {
    const routes = listRouteAccess(t.app).filter(
      (route) =>
        ['POST', 'PUT', 'PATCH'].includes(route.method) &&
        // Machine routes (API keys) take XML or are fuzzed with their own credentials elsewhere.
        (route.rule!.public || route.rule!.roles.length > 0),
    );
    expect(routes.length).toBeGreaterThan(10);
    const problems: string[] = [];
    let requests = 0;
    for (const route of routes) {
      const operation = api.paths[openApiPath(route)]?.[route.method.toLowerCase()];
      const schema = operation?.requestBody?.content?.['application/json']?.schema;
      const role = route.rule!.public ? undefined : route.rule!.roles[0];
      const path = route.path.replace(/:[A-Za-z]+/g, '00000000-0000-4000-8000-000000000000');
      const before = await databaseFingerprint(t.pool);
      let accepted = 0;
      await fc.assert(
        fc.asyncProperty(fc.oneof(shapedLike(schema, api), fc.jsonValue()), async (body) => {
          const http = t.http();
          const response = await http[route.method.toLowerCase() as 'post' | 'put' | 'patch'](path)
            .set(role === undefined ? {} : bearer(tokens.get(role)!))
            .set('Content-Type', 'application/json')
            .send(JSON.stringify(body));
          requests += 1;
          const message = (response.body as { message?: unknown }).message;
          if (response.status >= 500) problems.push(`${route.method} ${route.path}: ${response.status}`);
          else if (response.status >= 400 && typeof message !== 'string')
            problems.push(`${route.method} ${route.path}: ${response.status} without a message`);
          else if (response.status < 400) accepted += 1;
        }),
        { numRuns: RUNS_PER_ROUTE, seed: 20261123 },
      );
      // Only refusals are known to change nothing (a fuzzed body may, rarely, be a valid request).
      // Login records failed attempts: that is its brute-force defence, not a change of state.
      if (accepted === 0 && route.path !== '/v1/auth/token') {
        const after = await databaseFingerprint(t.pool);
        if (JSON.stringify(after) !== JSON.stringify(before))
          problems.push(
            `${route.method} ${route.path}: refused requests changed ${Object.keys(after)
              .filter((table) => after[table] !== before[table])
              .join(', ')}`,
          );
      }
    }
    expect(problems).toEqual([]);
    expect(requests).toBe(routes.length * RUNS_PER_ROUTE);
  });
});
