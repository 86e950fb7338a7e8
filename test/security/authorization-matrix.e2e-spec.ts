// The authorisation matrix of alert-api, built from the application's own
// route table: every route × every role, no credentials and a forged API key.
// A route added without a rule fails here, and so does one that answers a
// caller it should refuse, or refuses one it should admit.
import { randomUUID } from 'node:crypto';
import { API_KEY_HEADER, DEMO_USERS, listRouteAccess, type RouteAccess } from '@childalert/auth';
import { type AlertApiTestApp, bearer, startAlertApi } from '../alerts-api/alert-api-test.app';
import { databaseFingerprint } from './support/database-fingerprint';

type Caller = { name: string; headers: Record<string, string> };
type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** Path parameters filled with ids nobody holds: authorisation is decided before any lookup. */
function concretePath(route: RouteAccess): string {
  return route.path.replace(/:[A-Za-z]+/g, () => randomUUID());
}

function methodOf(route: RouteAccess): Method {
  const method = route.method.toLowerCase();
  if (!['get', 'post', 'put', 'patch', 'delete'].includes(method))
    throw new Error(`${route.method} ${route.path}: the matrix does not know this method`);
  return method as Method;
}

describe('authorisation matrix (every route × every caller)', () => {
  jest.setTimeout(120_000);
  let t: AlertApiTestApp;
  let routes: RouteAccess[];
  const callers: Caller[] = [];

  beforeAll(async () => {
    t = await startAlertApi();
    routes = listRouteAccess(t.app);
    for (const user of DEMO_USERS)
      callers.push({ name: user.role, headers: bearer(await t.login(user.username)) });
  });

  afterAll(async () => {
    await t?.close();
  });

  const send = (route: RouteAccess, headers: Record<string, string>) => {
    const http = t.http();
    return (
      http[methodOf(route)](concretePath(route))
        .set(headers)
        .set('Accept', 'application/json')
        .send({})
        // A stream (server-sent events) answers its headers and stays open: they are enough here.
        .buffer(false)
        .timeout({ response: 10_000 })
        .then(
          (response) => ({ status: response.status, body: response.body as unknown }),
          (error: Error & { timeout?: number }) => {
            throw new Error(
              `${route.method} ${route.path}: ${error.timeout ? 'no answer in 10 s' : error.message}`,
            );
          },
        )
    );
  };

  it('holds a sound access rule on every route the application serves', () => {
    expect(routes.length).toBeGreaterThan(20);
    expect(
      routes.filter((route) => route.problem !== undefined).map((r) => `${r.method} ${r.path}: ${r.problem}`),
    ).toEqual([]);
  });

  it('refuses anonymous callers and forged API keys (401) on every non-public route, changing nothing', async () => {
    const before = await databaseFingerprint(t.pool);
    const wrong: string[] = [];
    for (const route of routes.filter((r) => !r.rule!.public)) {
      const forged: Record<string, string>[] = [{}, { [API_KEY_HEADER]: `ck_${randomUUID()}` }];
      for (const headers of forged) {
        const { status, body } = await send(route, headers);
        if (status !== 401 || typeof (body as { message?: unknown }).message !== 'string')
          wrong.push(`${route.method} ${route.path} ${JSON.stringify(headers)}: ${status}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(await databaseFingerprint(t.pool)).toEqual(before);
  });

  it('refuses every role a route does not name (403), changing nothing', async () => {
    const before = await databaseFingerprint(t.pool);
    const wrong: string[] = [];
    let refusals = 0;
    for (const route of routes.filter((r) => !r.rule!.public)) {
      for (const caller of callers.filter((c) => !route.rule!.roles.includes(c.name as never))) {
        const { status, body } = await send(route, caller.headers);
        refusals += 1;
        const message = (body as { message?: unknown }).message;
        if (status !== 403 || typeof message !== 'string')
          wrong.push(`${route.method} ${route.path} as ${caller.name}: ${status}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(refusals).toBeGreaterThan(0);
    expect(await databaseFingerprint(t.pool)).toEqual(before);
  });

  it('admits every role a route names, and public routes to anyone, without a server error', async () => {
    const wrong: string[] = [];
    for (const route of routes) {
      const admitted = route.rule!.public
        ? [{ name: 'anonymous', headers: {} }]
        : callers.filter((c) => route.rule!.roles.includes(c.name as never));
      for (const caller of admitted) {
        const { status } = await send(route, caller.headers);
        // 400/404/409 are the route's own answer to an empty body and ids nobody holds.
        if (status === 401 || status === 403 || status >= 500)
          wrong.push(`${route.method} ${route.path} as ${caller.name}: ${status}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
