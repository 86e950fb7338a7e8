import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { validateCapBatch } from '@childalert/cap';
import { AlertCommandService } from '../../apps/alert-api/src/alerts/alert-commands.service';
import { SYSTEM_COMMAND_ACTOR } from '../../apps/alert-api/src/alerts/alert-actor';
import {
  anActiveAlert,
  type AlertApiTestApp,
  bearer,
  expectStatus,
  loginStaff,
  readTopic,
  type Staff,
  startAlertApi,
} from './alert-api-test.app';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '..', '..');
const HOUR = 3_600_000;

// Real PostgreSQL, broker and child processes: generous, though each test takes seconds.
jest.setTimeout(60_000);

describe('expiry and the audit trail', () => {
  let t: AlertApiTestApp;
  let staff: Staff;

  beforeAll(async () => {
    t = await startAlertApi();
    staff = await loginStaff(t);
  });

  afterAll(async () => {
    await t?.close();
  });

  afterEach(() => {
    t.clock.offsetMs = 0;
  });

  async function states(ids: string[]): Promise<string[]> {
    const { rows } = await t.pool.query<{ id: string; state: string }>(
      'SELECT id, state FROM alerts WHERE id = ANY($1::uuid[])',
      [ids],
    );
    return ids.map((id) => rows.find((row) => row.id === id)!.state);
  }

  it('ends an ACTIVE alert past its expiry through the lifecycle, and publishes that', async () => {
    const id = await anActiveAlert(t, staff, { expiresAt: new Date(Date.now() + 2 * HOUR).toISOString() });

    await expect(t.expiry.runOnce()).resolves.toBe(0);
    expect(await states([id])).toEqual(['ACTIVE']);

    t.clock.offsetMs = 2 * HOUR + 1000;
    await expect(t.expiry.runOnce()).resolves.toBe(1);
    expect(await states([id])).toEqual(['EXPIRED']);
    await expect(t.expiry.runOnce()).resolves.toBe(0);

    const { rows } = await t.pool.query<{ type: string; msg_type: string; cap_xml: string }>(
      'SELECT type, msg_type, cap_xml FROM alert_publications WHERE alert_id = $1 ORDER BY version',
      [id],
    );
    expect(rows.map((row) => [row.type, row.msg_type])).toEqual([
      ['activated', 'Alert'],
      ['expired', 'Update'],
    ]);
    expect(await validateCapBatch(rows.map((row) => row.cap_xml))).toEqual([
      { valid: true },
      { valid: true },
    ]);
    expect(rows[1].cap_xml).not.toContain('Maria');
    const ended = expectStatus(await t.http().get(`/v1/alerts/${id}`), 200);
    expect(ended).toMatchObject({ status: 'EXPIRED', outcome: 'expired' });
    expect(JSON.stringify(ended)).not.toContain('Maria');
    const events = await readTopic(t.lifecycleTopic, (m) => m.filter((e) => e.key === id).length >= 2);
    expect(events.filter((e) => e.key === id).map((e) => e.value.type)).toEqual(['activated', 'expired']);
    const { rows: audit } = await t.pool.query<{ actor_type: string; action: string }>(
      "SELECT actor_type, action FROM audit_log WHERE subject_id = $1 AND action = 'alert.expired'",
      [id],
    );
    expect(audit).toEqual([{ actor_type: 'system', action: 'alert.expired' }]);
  });

  it('ends each due alert exactly once when several instances run the job at the same time', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 4; i += 1) {
      ids.push(await anActiveAlert(t, staff, { expiresAt: new Date(Date.now() + HOUR).toISOString() }));
    }
    const commands = t.app.get(AlertCommandService);
    const now = new Date(Date.now() + HOUR + 1000);
    // Two "instances" draining the same table concurrently (SKIP LOCKED shares the rows).
    const drain = async (): Promise<string[]> => {
      const ended: string[] = [];
      for (;;) {
        const id = await commands.expireNext(SYSTEM_COMMAND_ACTOR, now, []);
        if (id === undefined) return ended;
        ended.push(id);
      }
    };
    const [a, b] = await Promise.all([drain(), drain()]);
    expect([...a, ...b].sort()).toEqual([...ids].sort());
    expect(await states(ids)).toEqual(ids.map(() => 'EXPIRED'));
    const { rows } = await t.pool.query<{ count: string }>(
      "SELECT count(*) FROM alert_publications WHERE alert_id = ANY($1::uuid[]) AND type = 'expired'",
      [ids],
    );
    expect(rows[0].count).toBe('4');
  });

  it('keeps an alert live past its first expiry once a published update extended it', async () => {
    const id = await anActiveAlert(t, staff, { expiresAt: new Date(Date.now() + HOUR).toISOString() });
    const later = new Date(Date.now() + 5 * HOUR).toISOString();
    expectStatus(
      await t.http().post(`/v1/alerts/${id}/versions`).set(bearer(staff.officer)).send({ expiresAt: later }),
      201,
    );
    expectStatus(
      await t.http().post(`/v1/alerts/${id}/validate`).set(bearer(staff.supervisor)).send(validateBody()),
      200,
    );
    const preview = expectStatus(
      await t
        .http()
        .get(`/v1/alerts/${id}/preview`)
        .query({ intent: 'publish_update' })
        .set(bearer(staff.operator)),
      200,
    );
    expectStatus(
      await t
        .http()
        .post(`/v1/alerts/${id}/publish-update`)
        .set(bearer(staff.operator))
        .send({ confirmationToken: preview.confirmationToken }),
      200,
    );
    t.clock.offsetMs = 2 * HOUR;
    await expect(t.expiry.runOnce()).resolves.toBe(0);
    expect(await states([id])).toEqual(['ACTIVE']);
  });

  it('npm run audit:verify finds the chain intact, then names the first row someone altered', async () => {
    const env = { ...process.env, DATABASE_URL: t.database.url };
    const intact = await run('npm', ['run', '--silent', 'audit:verify'], { cwd: ROOT, env });
    expect(intact.stdout).toMatch(/^audit chain intact: \d+ rows in .*; head \d+:[0-9a-f]{64}/);

    const { rows } = await t.pool.query<{ seq: string }>(
      "SELECT seq::text FROM audit_log WHERE action = 'alert.activated' ORDER BY seq LIMIT 1",
    );
    const seq = rows[0].seq;
    const client = await t.pool.connect();
    try {
      // Someone with the power to switch the append-only trigger off rewrites who activated an alert.
      await client.query('BEGIN');
      await client.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
      await client.query("UPDATE audit_log SET actor_name = 'someone-else' WHERE seq = $1", [seq]);
      await client.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only');
      await client.query('COMMIT');
    } finally {
      client.release();
    }

    const broken = await run('npm', ['run', '--silent', 'audit:verify'], { cwd: ROOT, env }).then(
      () => undefined,
      (error: { code: number; stdout: string }) => error,
    );
    expect(broken?.code).toBe(1);
    expect(broken?.stdout).toBe(
      `audit chain BROKEN at row ${seq}: hash of row ${seq} does not match its content: the row was altered (${Number(seq) - 1} rows before it are intact)\n`,
    );
    const auditor = await t.login('auditor');
    expect(expectStatus(await t.http().get('/v1/audit/verify').set(bearer(auditor)), 200)).toMatchObject({
      ok: false,
      firstBrokenSeq: Number(seq),
    });
  });
});

function validateBody() {
  return {
    criteria: {
      childUnder18: true,
      abductionBelieved: true,
      imminentDanger: true,
      sufficientDescription: true,
      familyConsent: 'given',
    },
    prosecutorOrder: {
      reference: 'ΕΓ-2026/1235',
      issuingOffice: "Athens Public Prosecutor's Office",
      issuedAt: new Date(Date.now() - 60_000).toISOString(),
    },
  };
}
