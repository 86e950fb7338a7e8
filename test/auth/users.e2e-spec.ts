import { AuthSeeder, DEMO_USERS } from '@childalert/auth';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { ADMIN, type AuthTestApp, bearer, startAuthTestApp } from './auth-test.app';

describe('user management', () => {
  let t: AuthTestApp;
  let adminToken: string;

  const create = (body: object, token = adminToken) =>
    t.http().post('/v1/users').set(bearer(token)).send(body);
  const patch = (id: string, body: object, token = adminToken) =>
    t.http().patch(`/v1/users/${id}`).set(bearer(token)).send(body);

  beforeAll(async () => {
    t = await startAuthTestApp();
    adminToken = await t.login(ADMIN.username, ADMIN.password);
  });

  afterAll(() => t.close());

  it('creates a user and never shows a hash', async () => {
    const response = await create({
      username: 'Maria.K',
      password: 'maria-password-1',
      displayName: 'Maria K.',
      roles: ['police_officer', 'police_supervisor'],
    }).expect(201);

    expect(response.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      username: 'maria.k',
      displayName: 'Maria K.',
      organisation: 'police',
      roles: ['police_officer', 'police_supervisor'],
      disabled: false,
      demo: false,
      lockedUntil: null,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const stored = await t.pool.query<{ password_hash: string }>(
      'SELECT password_hash FROM users WHERE id = $1',
      [response.body.id],
    );
    expect(stored.rows[0].password_hash).toMatch(/^\$argon2id\$v=19\$/);
    const audit = await t.pool.query(
      `SELECT actor_name, action, details FROM audit_log WHERE subject_id = $1`,
      [response.body.id],
    );
    expect(audit.rows).toEqual([
      {
        actor_name: ADMIN.username,
        action: 'user.created',
        details: {
          username: 'maria.k',
          displayName: 'Maria K.',
          organisation: 'police',
          roles: ['police_officer', 'police_supervisor'],
        },
      },
    ]);
  });

  it('lists users without hashes', async () => {
    const response = await t.http().get('/v1/users').set(bearer(adminToken)).expect(200);

    expect(response.body.items.map((user: { username: string }) => user.username)).toEqual([
      'maria.k',
      ADMIN.username,
    ]);
    expect(JSON.stringify(response.body)).not.toMatch(/argon2|password/i);
  });

  it.each<[string, object, number, string | string[]]>([
    [
      'a taken username',
      { username: 'maria.k', password: 'another-password', displayName: 'x', roles: ['auditor'] },
      409,
      'username maria.k is already taken',
    ],
    [
      'roles of two organisations',
      {
        username: 'mixed',
        password: 'mixed-password-1',
        displayName: 'x',
        roles: ['police_officer', 'ngo_operator'],
      },
      400,
      'roles must all belong to one organisation (police, ngo or auditor)',
    ],
    [
      'an unknown role',
      { username: 'rooty', password: 'rooty-password-1', displayName: 'x', roles: ['root'] },
      400,
      [
        'each value in roles must be one of the following values: police_officer, police_supervisor, ngo_operator, ngo_admin, auditor',
      ],
    ],
    [
      'a short password',
      { username: 'shorty', password: 'short', displayName: 'x', roles: ['auditor'] },
      400,
      ['password must be longer than or equal to 12 characters'],
    ],
    [
      'a bad username',
      { username: 'a b', password: 'spaced-password-1', displayName: 'x', roles: ['auditor'] },
      400,
      ['username must be 3–64 characters: lower case letters, digits, dot, dash or underscore'],
    ],
    [
      'an unknown field',
      {
        username: 'extra',
        password: 'extra-password-1',
        displayName: 'x',
        roles: ['auditor'],
        passwordHash: 'x',
      },
      400,
      ['property passwordHash should not exist'],
    ],
  ])('refuses %s', async (_case, body, status, message) => {
    const before = await t.pool.query('SELECT count(*)::int AS n FROM users');

    const response = await create(body);

    expect(response.status).toBe(status);
    expect(response.body.message).toEqual(message);
    expect((await t.pool.query('SELECT count(*)::int AS n FROM users')).rows).toEqual(before.rows);
  });

  it('changes roles within the organisation, and refuses a move to another organisation', async () => {
    const user = (
      await create({
        username: 'stelios',
        password: 'stelios-password',
        displayName: 'Stelios',
        roles: ['ngo_operator'],
      })
    ).body;

    const promoted = await patch(user.id, { roles: ['ngo_operator', 'ngo_admin'] }).expect(200);
    const moved = await patch(user.id, { roles: ['police_officer'] }).expect(400);

    expect(promoted.body.roles).toEqual(['ngo_operator', 'ngo_admin']);
    expect(moved.body.message).toBe(
      "roles must belong to the user's organisation (ngo); create a new user to change organisation",
    );
  });

  it('takes a role change into effect on the next request, without a new login', async () => {
    const user = (
      await create({
        username: 'vasso',
        password: 'vasso-password-1',
        displayName: 'Vasso',
        roles: ['ngo_operator', 'ngo_admin'],
      })
    ).body;
    const token = await t.login('vasso', 'vasso-password-1');
    await t.http().get('/v1/users').set(bearer(token)).expect(200);

    await patch(user.id, { roles: ['ngo_operator'] }).expect(200);

    await t.http().get('/v1/users').set(bearer(token)).expect(403);
  });

  it('ends sessions on password reset and on disable', async () => {
    const user = (
      await create({
        username: 'kostas',
        password: 'kostas-password-1',
        displayName: 'Kostas',
        roles: ['auditor'],
      })
    ).body;
    const before = await t.login('kostas', 'kostas-password-1');

    await patch(user.id, { password: 'kostas-password-2' }).expect(200);

    await t.http().get('/v1/auth/me').set(bearer(before)).expect(401);
    await t
      .http()
      .post('/v1/auth/token')
      .send({ username: 'kostas', password: 'kostas-password-1' })
      .expect(401);
    const after = await t.login('kostas', 'kostas-password-2');
    await t.http().get('/v1/auth/me').set(bearer(after)).expect(200);

    const disabled = await patch(user.id, { disabled: true }).expect(200);

    expect(disabled.body.disabled).toBe(true);
    await t.http().get('/v1/auth/me').set(bearer(after)).expect(401);
    const audit = await t.pool.query(
      `SELECT details->'changes' AS changes FROM audit_log WHERE subject_id = $1 AND action = 'user.updated' ORDER BY seq`,
      [user.id],
    );
    expect(audit.rows.map((row: { changes: unknown }) => row.changes)).toEqual([
      { passwordReset: true, unlocked: true, sessionsEnded: true },
      { disabled: { from: false, to: true }, sessionsEnded: true },
    ]);
  });

  it('keeps at least one active ngo_admin', async () => {
    const admins = (await t.http().get('/v1/users').set(bearer(adminToken)).expect(200)).body.items.filter(
      (user: { roles: string[]; disabled: boolean }) => user.roles.includes('ngo_admin') && !user.disabled,
    );
    for (const other of admins.filter((user: { username: string }) => user.username !== ADMIN.username)) {
      await patch(other.id, { disabled: true }).expect(200);
    }
    const me = admins.find((user: { username: string }) => user.username === ADMIN.username);

    const response = await patch(me.id, { disabled: true }).expect(409);
    const demote = await patch(me.id, { roles: ['ngo_operator'] }).expect(409);

    expect(response.body.message).toBe(
      'at least one active ngo_admin must remain: appoint another one first',
    );
    expect(demote.body.message).toBe(response.body.message);
  });

  it('answers 400 for an empty change, 400 for a malformed id and 404 for an unknown one', async () => {
    const someone = (await t.http().get('/v1/users').set(bearer(adminToken))).body.items[0];

    const empty = await patch(someone.id, {}).expect(400);
    await patch('not-a-uuid', { disabled: true }).expect(400);
    const missing = await patch('00000000-0000-4000-8000-000000000000', { disabled: true }).expect(404);

    expect(empty.body.message).toBe(
      'nothing to change: give displayName, roles, disabled, password or unlock',
    );
    expect(missing.body.message).toBe('no user 00000000-0000-4000-8000-000000000000');
  });
});

describe(AuthSeeder.name, () => {
  let database: TestDatabase;

  beforeEach(async () => {
    database = await createTestDatabase();
  });

  afterEach(() => database.drop());

  it('creates the first admin once, and only while no ngo_admin exists', async () => {
    const first = await startAuthTestApp({}, database);
    await first.close();
    const second = await startAuthTestApp(
      { firstAdmin: { username: 'another.admin', password: 'another-password-1' } },
      database,
    );
    try {
      expect(second.app.get(AuthSeeder).result).toEqual({ firstAdmin: 'admin_exists', demoUsersDisabled: 0 });
      const admins = await second.pool.query(`SELECT username FROM users WHERE 'ngo_admin' = ANY(roles)`);
      expect(admins.rows).toEqual([{ username: ADMIN.username }]);
    } finally {
      await second.close();
    }
  });

  it('seeds one demo user per role with the given password, and resets them on the next start', async () => {
    const first = await startAuthTestApp({ demoUsers: { enabled: true, password: 'demo-pass' } }, database);
    try {
      expect(first.app.get(AuthSeeder).result).toEqual({
        firstAdmin: 'created',
        demoUsers: {
          usernames: ['officer', 'supervisor', 'operator', 'admin', 'auditor'],
          password: 'demo-pass',
          generated: false,
        },
        demoUsersDisabled: 0,
      });
      for (const demo of DEMO_USERS) {
        const token = await first.login(demo.username, 'demo-pass');
        const me = await first.http().get('/v1/auth/me').set(bearer(token)).expect(200);
        expect(me.body.roles).toEqual([demo.role]);
      }
    } finally {
      await first.close();
    }

    const second = await startAuthTestApp({ demoUsers: { enabled: true } }, database);
    try {
      const seeded = second.app.get(AuthSeeder).result?.demoUsers;
      expect(seeded).toEqual({
        usernames: expect.any(Array),
        password: expect.stringMatching(/^[A-Za-z0-9_-]{16}$/),
        generated: true,
      });
      await second.login('officer', seeded!.password);
      await second
        .http()
        .post('/v1/auth/token')
        .send({ username: 'officer', password: 'demo-pass' })
        .expect(401);
    } finally {
      await second.close();
    }
  });

  it('refuses to start with demo users in production, and disables demo users left in a production database', async () => {
    await expect(
      startAuthTestApp({ production: true, demoUsers: { enabled: true } }, database),
    ).rejects.toThrow('demo users must not be enabled in production');
    const demo = await startAuthTestApp({ demoUsers: { enabled: true, password: 'demo-pass' } }, database);
    await demo.close();

    const production = await startAuthTestApp({ production: true }, database);
    try {
      expect(production.app.get(AuthSeeder).result).toEqual({
        firstAdmin: 'admin_exists',
        demoUsersDisabled: 5,
      });
      await production
        .http()
        .post('/v1/auth/token')
        .send({ username: 'officer', password: 'demo-pass' })
        .expect(401);
    } finally {
      await production.close();
    }
  });
});
