import { sql } from 'drizzle-orm';
import { AuditService, GENESIS_HASH, SYSTEM_ACTOR, verifyAuditChain } from '@childalert/audit';
import { type Database, DATABASE, users } from '@childalert/persistence';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { ADMIN, type AuthTestApp, bearer, startAuthTestApp } from './auth-test.app';

async function seedRows(audit: AuditService, count: number): Promise<void> {
  for (let i = 1; i <= count; i += 1) {
    await audit.record({
      actor: { type: 'user', id: `u-${i}`, name: `user${i}` },
      action: i % 2 === 0 ? 'alert.validated' : 'alert.created',
      subject: { type: 'alert', id: `alert-${i % 3}` },
      details: { n: i, nested: { b: [1, 'two', null], a: true }, when: new Date(Date.UTC(2026, 0, i)) },
    });
  }
}

/** Runs SQL as someone who can switch the append-only trigger off. */
async function tamper(t: AuthTestApp, statements: string[]): Promise<void> {
  const client = await t.pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
    for (const statement of statements) await client.query(statement);
    await client.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only');
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}

describe('audit log', () => {
  let t: AuthTestApp;
  let audit: AuditService;
  let auditorToken: string;

  beforeAll(async () => {
    t = await startAuthTestApp();
    audit = t.app.get(AuditService);
    const adminToken = await t.login(ADMIN.username, ADMIN.password);
    await t
      .http()
      .post('/v1/users')
      .set(bearer(adminToken))
      .send({ username: 'aud.one', password: 'auditor-password', displayName: 'Auditor', roles: ['auditor'] })
      .expect(201);
    auditorToken = await t.login('aud.one', 'auditor-password');
  });

  afterAll(() => t.close());

  it('chains each row to the previous one and reads it back exactly as recorded', async () => {
    const before = await verifyAuditChain(t.pool);

    const recorded = await audit.record({
      actor: SYSTEM_ACTOR,
      action: 'test.recorded',
      subject: { type: 'thing', id: 't-1' },
      details: { z: 1, a: { y: 'Ωμέγα', x: [3, 2, 1] }, gone: undefined },
    });

    expect(before.ok).toBe(true);
    if (!before.ok || !before.head) throw new Error('expected an intact chain with rows');
    expect(recorded).toEqual({
      seq: before.head.seq + 1,
      at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      actor: { type: 'system', id: null, name: 'system' },
      action: 'test.recorded',
      subject: { type: 'thing', id: 't-1' },
      details: { z: 1, a: { y: 'Ωμέγα', x: [3, 2, 1] } },
      correlationId: null,
      prevHash: before.head.hash,
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    const page = await audit.list({ action: 'test.recorded' });
    expect(page).toEqual({ items: [recorded], nextBefore: null });
    await expect(verifyAuditChain(t.pool)).resolves.toEqual({
      ok: true,
      rows: recorded.seq,
      head: { seq: recorded.seq, hash: recorded.hash },
    });
  });

  it('starts the chain at seq 1 from the genesis value', async () => {
    const { rows } = await t.pool.query(
      'SELECT seq::int AS seq, prev_hash FROM audit_log ORDER BY seq LIMIT 1',
    );

    expect(rows).toEqual([{ seq: 1, prev_hash: GENESIS_HASH }]);
  });

  it('keeps one chain under concurrent appends from two processes', async () => {
    const other = await startAuthTestApp({}, t.database);
    try {
      const otherAudit = other.app.get(AuditService);
      const before = await verifyAuditChain(t.pool);
      if (!before.ok) throw new Error('expected an intact chain');

      await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          (i % 2 === 0 ? audit : otherAudit).record({
            actor: SYSTEM_ACTOR,
            action: 'test.concurrent',
            details: { i },
          }),
        ),
      );

      const after = await verifyAuditChain(t.pool);
      expect(after).toMatchObject({ ok: true, rows: before.rows + 40 });
      const { rows } = await t.pool.query(
        `SELECT count(*)::int AS n FROM audit_log WHERE action = 'test.concurrent'`,
      );
      expect(rows).toEqual([{ n: 40 }]);
    } finally {
      await other.close();
    }
  });

  it('writes in the caller transaction: a rollback takes the row away and leaves no gap', async () => {
    const db = t.app.get<Database>(DATABASE);
    const before = await verifyAuditChain(t.pool);
    if (!before.ok || !before.head) throw new Error('expected an intact chain with rows');

    await expect(
      db.transaction(async (tx) => {
        await tx.insert(users).values({
          username: 'rolled.back',
          passwordHash: 'x',
          displayName: 'x',
          organisation: 'auditor',
          roles: ['auditor'],
        });
        await audit.record({ actor: SYSTEM_ACTOR, action: 'test.rolled_back' }, tx);
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    const next = await audit.record({ actor: SYSTEM_ACTOR, action: 'test.after_rollback' });

    expect(next.seq).toBe(before.head.seq + 1);
    const leftovers = await t.pool.query(
      `SELECT (SELECT count(*)::int FROM users WHERE username = 'rolled.back') AS users,
              (SELECT count(*)::int FROM audit_log WHERE action = 'test.rolled_back') AS audit`,
    );
    expect(leftovers.rows).toEqual([{ users: 0, audit: 0 }]);
    await expect(verifyAuditChain(t.pool)).resolves.toMatchObject({ ok: true });
  });

  it.each([
    ['UPDATE', `UPDATE audit_log SET action = 'x' WHERE seq = 1`],
    ['DELETE', `DELETE FROM audit_log WHERE seq = 1`],
    ['TRUNCATE', `TRUNCATE audit_log`],
  ])('refuses %s in the database', async (operation, statement) => {
    await expect(t.pool.query(statement)).rejects.toThrow(`audit_log is append-only: ${operation} refused`);
  });

  describe('GET /v1/audit', () => {
    it('filters by actor, action, subject and time, newest first, in pages', async () => {
      await seedRows(audit, 6);
      const get = (query: Record<string, string | number>) =>
        t.http().get('/v1/audit').query(query).set(bearer(auditorToken)).expect(200);

      const byActor = await get({ actor: 'user2' });
      const bySubject = await get({ subjectType: 'alert', subjectId: 'alert-1', action: 'alert.*' });
      const firstPage = await get({ action: 'alert.created', limit: 2 });
      const secondPage = await get({ action: 'alert.created', limit: 2, before: firstPage.body.nextBefore });
      const future = await get({ from: new Date(Date.now() + 60_000).toISOString() });

      expect(byActor.body.items.map((row: { actor: object }) => row.actor)).toEqual([
        { type: 'user', id: 'u-2', name: 'user2' },
      ]);
      expect(bySubject.body.items.map((row: { details: { n: number } }) => row.details.n)).toEqual([4, 1]);
      expect(firstPage.body.items.map((row: { details: { n: number } }) => row.details.n)).toEqual([5, 3]);
      expect(secondPage.body).toEqual({
        items: [expect.objectContaining({ details: expect.objectContaining({ n: 1 }) })],
        nextBefore: null,
      });
      expect(future.body).toEqual({ items: [], nextBefore: null });
    });

    it('answers 400 for bad filters and 403 for other roles', async () => {
      const bad = await t
        .http()
        .get('/v1/audit')
        .query({ limit: 501, from: 'yesterday' })
        .set(bearer(auditorToken));
      const admin = await t.login(ADMIN.username, ADMIN.password);

      expect(bad.status).toBe(400);
      expect(bad.body.message).toEqual([
        'from must be a valid ISO 8601 date string',
        'limit must not be greater than 500',
      ]);
      await t.http().get('/v1/audit').set(bearer(admin)).expect(403);
      await t.http().get('/v1/audit/verify').set(bearer(admin)).expect(403);
    });
  });
});

describe('audit chain tampering', () => {
  let database: TestDatabase;
  let t: AuthTestApp;
  let auditorToken: string;

  beforeEach(async () => {
    database = await createTestDatabase();
    t = await startAuthTestApp({ demoUsers: { enabled: true, password: 'demo-pass' } }, database);
    auditorToken = await t.login('auditor', 'demo-pass');
    // Fixed content from here on: seqs 1..N are seeding and logins, then 8 known rows.
    await seedRows(t.app.get(AuditService), 8);
  });

  afterEach(async () => {
    await t.close();
    await database.drop();
  });

  const lastSeq = async () => Number((await t.pool.query('SELECT max(seq) AS m FROM audit_log')).rows[0].m);

  it('verifies an untouched chain over HTTP', async () => {
    const response = await t.http().get('/v1/audit/verify').set(bearer(auditorToken)).expect(200);

    expect(response.body).toEqual({
      ok: true,
      rows: await lastSeq(),
      head: { seq: await lastSeq(), hash: expect.any(String) },
    });
  });

  it('reports the seq of a row altered in SQL', async () => {
    const target = (await lastSeq()) - 3;
    await tamper(t, [
      `UPDATE audit_log SET details = jsonb_set(details, '{n}', '999') WHERE seq = ${target}`,
    ]);

    const response = await t.http().get('/v1/audit/verify').set(bearer(auditorToken)).expect(200);

    expect(response.body).toEqual({
      ok: false,
      firstBrokenSeq: target,
      reason: `hash of row ${target} does not match its content: the row was altered`,
      rows: target - 1,
    });
  });

  it('reports an altered actor or timestamp the same way', async () => {
    const target = (await lastSeq()) - 1;
    await tamper(t, [`UPDATE audit_log SET at = at + interval '1 millisecond' WHERE seq = ${target}`]);

    await expect(verifyAuditChain(t.pool)).resolves.toMatchObject({ ok: false, firstBrokenSeq: target });
  });

  it('reports the next link when the altered row got a recomputed hash', async () => {
    const target = (await lastSeq()) - 3;
    // The attacker rehashes the row they changed (any value will do here) but not the rest of the chain.
    await tamper(t, [
      `UPDATE audit_log SET action = 'alert.nothing_to_see', hash = md5('x') || md5('y') WHERE seq = ${target}`,
    ]);

    const result = await verifyAuditChain(t.pool);

    expect(result).toMatchObject({ ok: false, firstBrokenSeq: target });
  });

  it('reports a removed row by its seq', async () => {
    const target = (await lastSeq()) - 4;
    await tamper(t, [`DELETE FROM audit_log WHERE seq = ${target}`]);

    await expect(verifyAuditChain(t.pool)).resolves.toEqual({
      ok: false,
      firstBrokenSeq: target,
      reason: `row ${target} is missing: row ${target + 1} follows row ${target - 1}`,
      rows: target - 1,
    });
  });

  it('reports a removed row whose successors were renumbered to hide the gap', async () => {
    const target = (await lastSeq()) - 4;
    await tamper(t, [
      `DELETE FROM audit_log WHERE seq = ${target}`,
      `UPDATE audit_log SET seq = seq - 1 WHERE seq > ${target}`,
    ]);

    await expect(verifyAuditChain(t.pool)).resolves.toEqual({
      ok: false,
      firstBrokenSeq: target,
      reason: `prev_hash of row ${target} is not the hash of row ${target - 1}: rows were removed, reordered or altered`,
      rows: target - 1,
    });
  });

  it('reports the first of two swapped rows', async () => {
    const a = (await lastSeq()) - 2;
    await tamper(t, [
      `UPDATE audit_log SET seq = 1000000 WHERE seq = ${a}`,
      `UPDATE audit_log SET seq = ${a} WHERE seq = ${a + 1}`,
      `UPDATE audit_log SET seq = ${a + 1} WHERE seq = 1000000`,
    ]);

    await expect(verifyAuditChain(t.pool)).resolves.toMatchObject({ ok: false, firstBrokenSeq: a });
  });

  it('reports the first row removed', async () => {
    await tamper(t, ['DELETE FROM audit_log WHERE seq = 1']);

    await expect(verifyAuditChain(t.pool)).resolves.toMatchObject({
      ok: false,
      firstBrokenSeq: 1,
      reason: 'row 1 is missing: row 2 follows the start of the log',
    });
  });

  it('detects a cut tail against an anchored head (the chain alone cannot)', async () => {
    const intact = await verifyAuditChain(t.pool);
    if (!intact.ok || !intact.head) throw new Error('expected an intact chain');
    const last = intact.head.seq;

    await tamper(t, [`DELETE FROM audit_log WHERE seq >= ${last - 1}`]);

    await expect(verifyAuditChain(t.pool)).resolves.toMatchObject({ ok: true, rows: last - 2 });
    await expect(verifyAuditChain(t.pool, { anchor: intact.head })).resolves.toEqual({
      ok: false,
      firstBrokenSeq: last - 1,
      reason: `row ${last - 1} is missing: the log ends before the anchored head ${last}`,
      rows: last - 2,
    });
  });

  it('walks a chain longer than one page', async () => {
    await expect(verifyAuditChain(t.pool, { pageSize: 3 })).resolves.toMatchObject({
      ok: true,
      rows: await lastSeq(),
    });
    await tamper(t, [`UPDATE audit_log SET actor_name = 'someone-else' WHERE seq = 7`]);

    await expect(verifyAuditChain(t.pool, { pageSize: 3 })).resolves.toMatchObject({
      ok: false,
      firstBrokenSeq: 7,
    });
  });

  it('needs nothing of the app: a script can verify with a plain pg Pool', async () => {
    const { Pool } = await import('pg');
    const pool = new Pool({ connectionString: database.url, max: 1 });
    try {
      await expect(verifyAuditChain(pool)).resolves.toMatchObject({ ok: true });
      // And a statement through drizzle sees the same rows.
      const db = t.app.get<Database>(DATABASE);
      const count = await db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM audit_log`);
      expect(count.rows[0].n).toBe(await lastSeq());
    } finally {
      await pool.end();
    }
  });
});
