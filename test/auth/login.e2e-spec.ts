import { ADMIN, type AuthTestApp, bearer, startAuthTestApp } from './auth-test.app';

describe('POST /v1/auth/token', () => {
  let t: AuthTestApp;
  let adminToken: string;

  const createUser = async (username: string, password: string, roles: string[]) => {
    const response = await t
      .http()
      .post('/v1/users')
      .set(bearer(adminToken))
      .send({ username, password, displayName: username, roles })
      .expect(201);
    return response.body as { id: string };
  };

  const auditActions = async (username: string) => {
    const { rows } = await t.pool.query<{ action: string; reason: string | null }>(
      `SELECT action, details->>'reason' AS reason FROM audit_log
       WHERE details->>'username' = $1 AND action LIKE 'auth.%' ORDER BY seq`,
      [username],
    );
    return rows.map((row) => (row.reason ? `${row.action}:${row.reason}` : row.action));
  };

  beforeAll(async () => {
    t = await startAuthTestApp({ lockout: { threshold: 3, windowSeconds: 600, durationSeconds: 900 } });
    adminToken = await t.login(ADMIN.username, ADMIN.password);
  });

  afterAll(() => t.close());

  it('issues a short-lived bearer token that authenticates the user', async () => {
    await createUser('olga.officer', 'olga-password-123', ['police_officer']);

    const response = await t
      .http()
      .post('/v1/auth/token')
      .send({ username: 'Olga.Officer', password: 'olga-password-123' })
      .expect(200);

    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.body).toEqual({ accessToken: expect.any(String), tokenType: 'Bearer', expiresIn: 900 });
    const me = await t.http().get('/v1/auth/me').set(bearer(response.body.accessToken)).expect(200);
    expect(me.body).toEqual({
      id: expect.any(String),
      username: 'olga.officer',
      displayName: 'olga.officer',
      organisation: 'police',
      roles: ['police_officer'],
    });
    expect(await auditActions('olga.officer')).toEqual(['auth.login.succeeded']);
  });

  it('answers the same 401 for a wrong password and an unknown user, and audits both', async () => {
    await createUser('pavlos.sup', 'pavlos-password-1', ['police_supervisor']);

    const wrong = await t.http().post('/v1/auth/token').send({ username: 'pavlos.sup', password: 'nope' });
    const unknown = await t.http().post('/v1/auth/token').send({ username: 'nobody.here', password: 'nope' });

    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual({
      statusCode: 401,
      message: 'invalid username or password',
      error: 'Unauthorized',
    });
    expect(unknown.body).toEqual(wrong.body);
    expect(await auditActions('pavlos.sup')).toEqual(['auth.login.failed:bad_password']);
    expect(await auditActions('nobody.here')).toEqual(['auth.login.failed:unknown_user']);
  });

  it('locks an account after 3 consecutive failures, even against the right password, until an admin unlocks it', async () => {
    const user = await createUser('nikos.op', 'nikos-password-1', ['ngo_operator']);
    for (let i = 0; i < 3; i += 1) {
      await t
        .http()
        .post('/v1/auth/token')
        .send({ username: 'nikos.op', password: `guess-${i}` })
        .expect(401);
    }

    const locked = await t
      .http()
      .post('/v1/auth/token')
      .send({ username: 'nikos.op', password: 'nikos-password-1' });

    expect(locked.status).toBe(423);
    expect(locked.body.message).toMatch(/^account locked until \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const until = new Date(locked.body.lockedUntil as string).getTime();
    expect(until).toBeGreaterThan(Date.now() + 890_000);
    expect(until).toBeLessThanOrEqual(Date.now() + 900_000);
    expect(await auditActions('nikos.op')).toEqual([
      'auth.login.failed:bad_password',
      'auth.login.failed:bad_password',
      'auth.account.locked',
      'auth.login.failed:bad_password',
      'auth.login.failed:locked',
    ]);

    await t.http().patch(`/v1/users/${user.id}`).set(bearer(adminToken)).send({ unlock: true }).expect(200);
    await t
      .http()
      .post('/v1/auth/token')
      .send({ username: 'nikos.op', password: 'nikos-password-1' })
      .expect(200);
  });

  it('resets the failure count on success: failures must be consecutive', async () => {
    await createUser('eleni.op', 'eleni-password-1', ['ngo_operator']);
    const attempt = (password: string) =>
      t.http().post('/v1/auth/token').send({ username: 'eleni.op', password });

    await attempt('bad-1').expect(401);
    await attempt('bad-2').expect(401);
    await attempt('eleni-password-1').expect(200);
    await attempt('bad-3').expect(401);
    await attempt('bad-4').expect(401);

    await attempt('eleni-password-1').expect(200);
  });

  it('locks unknown usernames the same way, so 423 does not reveal which accounts exist', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i += 1) {
      statuses.push(
        (await t.http().post('/v1/auth/token').send({ username: 'ghost.user', password: 'x' })).status,
      );
    }

    expect(statuses).toEqual([401, 401, 401, 423]);
  });

  it('lets no more than the threshold of parallel guesses check a password', async () => {
    await createUser('burst.target', 'burst-password-1', ['auditor']);

    const responses = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        t
          .http()
          .post('/v1/auth/token')
          .send({ username: 'burst.target', password: `parallel-${i}` }),
      ),
    );

    const statuses = responses.map((response) => response.status).sort();
    expect(statuses).toEqual([401, 401, 401, 423, 423, 423, 423, 423]);
    const { rows } = await t.pool.query<{ reason: string; n: number }>(
      `SELECT details->>'reason' AS reason, count(*)::int AS n FROM audit_log
       WHERE action = 'auth.login.failed' AND details->>'username' = 'burst.target'
       GROUP BY 1 ORDER BY 1`,
    );
    expect(rows).toEqual([
      { reason: 'bad_password', n: 3 },
      { reason: 'locked', n: 5 },
    ]);
  });

  it('refuses a disabled account with the uniform 401', async () => {
    const user = await createUser('dora.disabled', 'dora-password-12', ['auditor']);
    await t.http().patch(`/v1/users/${user.id}`).set(bearer(adminToken)).send({ disabled: true }).expect(200);

    const response = await t
      .http()
      .post('/v1/auth/token')
      .send({ username: 'dora.disabled', password: 'dora-password-12' });

    expect(response.status).toBe(401);
    expect(response.body.message).toBe('invalid username or password');
    expect(await auditActions('dora.disabled')).toEqual(['auth.login.failed:disabled']);
  });

  it('answers 400 for a body that is not a username and a password', async () => {
    const response = await t
      .http()
      .post('/v1/auth/token')
      .send({ username: 'x', password: 'y', role: 'ngo_admin' })
      .expect(400);

    expect(response.body.message).toEqual(['property role should not exist']);
    await t.http().post('/v1/auth/token').send({ username: 42 }).expect(400);
  });

  it('keeps the audit chain intact through all of the above', async () => {
    const auditor = await createUser('anna.auditor', 'anna-password-12', ['auditor']);
    const token = await t.login('anna.auditor', 'anna-password-12');

    const response = await t.http().get('/v1/audit/verify').set(bearer(token)).expect(200);

    expect(response.body).toEqual({
      ok: true,
      rows: expect.any(Number),
      head: { seq: expect.any(Number), hash: expect.stringMatching(/^[0-9a-f]{64}$/) },
    });
    expect(response.body.rows).toBeGreaterThan(30);
    expect(response.body.head.seq).toBe(response.body.rows);
    expect(auditor.id).toEqual(expect.any(String));
  });
});
