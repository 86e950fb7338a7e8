import * as jwt from 'jsonwebtoken';
import { ApiKeyService, listRouteAccess, type RouteAccess } from '@childalert/auth';
import { ADMIN, type AuthTestApp, bearer, JWT_SECRET, startAuthTestApp } from './auth-test.app';

describe('access control', () => {
  let t: AuthTestApp;
  let adminToken: string;
  let operatorToken: string;
  let operatorId: string;

  const now = () => Math.floor(Date.now() / 1000);
  const claims = () => ({
    sub: operatorId,
    username: 'op.one',
    ver: 0,
    iss: 'childalert',
    aud: 'childalert-api',
    iat: now(),
    exp: now() + 600,
  });
  const unsigned = (payload: object, alg = 'none') =>
    `${Buffer.from(JSON.stringify({ alg, typ: 'JWT' })).toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.`;

  beforeAll(async () => {
    t = await startAuthTestApp();
    adminToken = await t.login(ADMIN.username, ADMIN.password);
    const created = await t
      .http()
      .post('/v1/users')
      .set(bearer(adminToken))
      .send({
        username: 'op.one',
        password: 'operator-password',
        displayName: 'Op One',
        roles: ['ngo_operator'],
      })
      .expect(201);
    operatorId = created.body.id;
    operatorToken = await t.login('op.one', 'operator-password');
  });

  afterAll(() => t.close());

  describe('JWT attacks', () => {
    it('accepts a token signed like ours (control)', async () => {
      const token = jwt.sign(claims(), JWT_SECRET, { algorithm: 'HS256' });

      await t.http().get('/v1/auth/me').set(bearer(token)).expect(200);
    });

    it.each<[string, () => string]>([
      ['alg none', () => unsigned(claims())],
      ['alg none, upper case', () => unsigned(claims(), 'NONE')],
      [
        'wrong key',
        () => jwt.sign(claims(), 'an-attacker-secret-that-is-long-enough', { algorithm: 'HS256' }),
      ],
      ['expired', () => jwt.sign({ ...claims(), iat: now() - 2000, exp: now() - 60 }, JWT_SECRET)],
      ['another audience', () => jwt.sign({ ...claims(), aud: 'partner-portal' }, JWT_SECRET)],
      ['another issuer', () => jwt.sign({ ...claims(), iss: 'someone-else' }, JWT_SECRET)],
      ['an older token version (reset password)', () => jwt.sign({ ...claims(), ver: 7 }, JWT_SECRET)],
      [
        'a user that does not exist',
        () => jwt.sign({ ...claims(), sub: '00000000-0000-4000-8000-000000000000' }, JWT_SECRET),
      ],
      ['a subject that is not a uuid', () => jwt.sign({ ...claims(), sub: "x' OR '1'='1" }, JWT_SECRET)],
      [
        'HS256 signature stripped',
        () => jwt.sign(claims(), JWT_SECRET).split('.').slice(0, 2).join('.') + '.',
      ],
    ])('refuses %s with 401', async (_case, token) => {
      const response = await t.http().get('/v1/auth/me').set(bearer(token()));

      expect(response.status).toBe(401);
      expect(response.body).toEqual({
        statusCode: 401,
        message: 'invalid or expired token',
        error: 'Unauthorized',
      });
      expect(response.headers['www-authenticate']).toBe('Bearer realm="childalert"');
    });

    it('refuses a request without credentials with 401', async () => {
      const response = await t.http().get('/v1/users').expect(401);

      expect(response.body.message).toBe('authentication required');
    });
  });

  describe('roles', () => {
    it('refuses a role that is not allowed with 403 and changes nothing', async () => {
      const before = await t.pool.query('SELECT count(*)::int AS n FROM users');
      const auditBefore = await t.pool.query('SELECT count(*)::int AS n FROM audit_log');

      const create = await t
        .http()
        .post('/v1/users')
        .set(bearer(operatorToken))
        .send({ username: 'sneaky', password: 'sneaky-password', displayName: 'S', roles: ['ngo_admin'] });
      const promote = await t
        .http()
        .patch(`/v1/users/${operatorId}`)
        .set(bearer(operatorToken))
        .send({ roles: ['ngo_admin'] });
      const audit = await t.http().get('/v1/audit').set(bearer(operatorToken));

      expect([create.status, promote.status, audit.status]).toEqual([403, 403, 403]);
      expect(create.body).toEqual({
        statusCode: 403,
        message: 'requires one of the roles: ngo_admin',
        error: 'Forbidden',
      });
      expect((await t.pool.query('SELECT count(*)::int AS n FROM users')).rows).toEqual(before.rows);
      expect((await t.pool.query('SELECT count(*)::int AS n FROM audit_log')).rows).toEqual(auditBefore.rows);
      const roles = await t.pool.query('SELECT roles FROM users WHERE id = $1', [operatorId]);
      expect(roles.rows).toEqual([{ roles: ['ngo_operator'] }]);
    });

    it('refuses a route that declares no rule with 403, whoever calls, and logs it as a programming error', async () => {
      const asAdmin = await t.http().get('/v1/probe/unruled').set(bearer(adminToken));
      const anonymous = await t.http().get('/v1/probe/unruled');

      expect([asAdmin.status, anonymous.status]).toEqual([403, 403]);
      expect(asAdmin.body.message).toBe('this route declares no access rule and is refused');
      expect(t.logger.errors).toEqual(
        expect.arrayContaining([expect.stringContaining('ProbeController.unruled has no access rule')]),
      );
    });

    it('serves public routes to anyone', async () => {
      const response = await t.http().get('/v1/probe/public').expect(200);

      expect(response.text).toBe('hello');
    });
  });

  describe('route table', () => {
    it('lists every route with its rule, so a security test can build the matrix', () => {
      const routes = listRouteAccess(t.app);

      const summary = routes.map((route: RouteAccess) => [
        route.method,
        route.path,
        route.rule?.public
          ? 'public'
          : [...(route.rule?.roles ?? []), ...(route.rule?.apiKeyKinds ?? []).map((k) => `key:${k}`)].join(
              '|',
            ),
        route.problem ?? null,
      ]);
      expect(summary).toEqual([
        ['GET', '/v1/audit', 'auditor', null],
        ['GET', '/v1/audit/verify', 'auditor', null],
        ['GET', '/v1/auth/me', 'police_officer|police_supervisor|ngo_operator|ngo_admin|auditor', null],
        ['POST', '/v1/auth/token', 'public', null],
        ['POST', '/v1/probe/broadcast', 'key:broadcaster', null],
        ['GET', '/v1/probe/public', 'public', null],
        ['GET', '/v1/probe/unruled', '', 'no access rule (@Public, @Roles or @ApiKeyAuth)'],
        ['GET', '/v1/users', 'ngo_admin', null],
        ['POST', '/v1/users', 'ngo_admin', null],
        ['PATCH', '/v1/users/:id', 'ngo_admin', null],
      ]);
    });
  });

  describe('API keys', () => {
    it('admits a key of the right kind, stores only its hash, and refuses it once revoked', async () => {
      const keys = t.app.get(ApiKeyService);
      const created = await keys.create({ kind: 'broadcaster', ownerId: 'ert-news', label: 'ERT newsroom' });
      const partner = await keys.create({ kind: 'partner', ownerId: 'cy' });

      const byHeader = await t.http().post('/v1/probe/broadcast').set('X-API-Key', created.key).expect(201);
      await t.http().post('/v1/probe/broadcast').set('Authorization', `ApiKey ${created.key}`).expect(201);
      const wrongKind = await t.http().post('/v1/probe/broadcast').set('X-API-Key', partner.key);
      const unknown = await t
        .http()
        .post('/v1/probe/broadcast')
        // One character changed (never to itself: a key ending in A would otherwise stay valid).
        .set('X-API-Key', `${created.key.slice(0, -1)}${created.key.endsWith('A') ? 'B' : 'A'}`);
      const person = await t.http().post('/v1/probe/broadcast').set(bearer(adminToken));

      expect(created.key).toMatch(/^cak_[A-Za-z0-9_-]{43}$/);
      expect(byHeader.body).toEqual({
        id: created.id,
        kind: 'broadcaster',
        ownerId: 'ert-news',
        prefix: created.key.slice(0, 12),
      });
      expect([wrongKind.status, unknown.status, person.status]).toEqual([403, 401, 403]);
      const stored = await t.pool.query('SELECT * FROM api_keys WHERE id = $1', [created.id]);
      expect(JSON.stringify(stored.rows)).not.toContain(created.key);
      expect(stored.rows[0].hash).toMatch(/^[0-9a-f]{64}$/);

      await expect(keys.revoke(created.id)).resolves.toBe(true);
      await t.http().post('/v1/probe/broadcast').set('X-API-Key', created.key).expect(401);
      await expect(keys.revoke(created.id)).resolves.toBe(false);
      expect(
        (await keys.list({ ownerId: 'ert-news' })).map((key) => [key.prefix, key.revokedAt !== null]),
      ).toEqual([[created.prefix, true]]);
      const audited = await t.pool.query(`SELECT action FROM audit_log WHERE subject_id = $1 ORDER BY seq`, [
        created.id,
      ]);
      expect(audited.rows.map((row: { action: string }) => row.action)).toEqual([
        'api_key.created',
        'api_key.revoked',
      ]);
    });
  });
});
