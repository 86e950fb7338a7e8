import type { PoolClient } from 'pg';
import { RetentionJob } from '../../apps/alert-api/src/alerts/retention.job';
import {
  aCreateBody,
  aDraftWithPhoto,
  type AlertApiTestApp,
  anActiveAlert,
  bearer,
  expectStatus,
  loginStaff,
  previewToken,
  type Staff,
  startAlertApi,
  VALIDATE_BODY,
} from './alert-api-test.app';

const DAY = 86_400_000;
const RETENTION_DAYS = 30;

const CHILD = 'Zoe Kallistratou';
/** Every piece of personal data the alerts below carry; none may survive the redaction. */
const PERSONAL = [
  'Kallistratou',
  'Stavros Retentis',
  'ΡΤΝ-4242',
  'Odos Mnimis',
  'fox badge',
  'Mnimosyni',
  'embroidered owls',
];

/** The alert's personal data, spread over every field that can hold it. */
function personalContent(): Record<string, unknown> {
  const base = aCreateBody();
  return {
    child: { name: CHILD, age: 9, sex: 'female', heightCm: 131, clothing: 'yellow raincoat' },
    lastSeen: {
      at: new Date(Date.now() - 60 * 60_000).toISOString(),
      place: { lat: 38.2466, lon: 21.7346, address: 'Odos Mnimis 17, Patras' },
    },
    suspects: [{ name: 'Stavros Retentis', age: 41, description: 'tall man, shaved head' }],
    vehicle: { colour: 'blue', plate: 'ΡΤΝ-4242' },
    texts: {
      el: { description: 'Η Ζωή φοράει κίτρινο αδιάβροχο (fox badge).', circumstances: 'Mnimosyni, Πάτρα.' },
      en: {
        description: 'Zoe wears a yellow raincoat with a fox badge.',
        circumstances: 'She was taken from the Mnimosyni playground.',
      },
    },
    area: base.area,
  };
}

// Real PostgreSQL and broker; every lifecycle step goes through HTTP.
jest.setTimeout(90_000);

describe('retention of ended alerts', () => {
  let t: AlertApiTestApp;
  let staff: Staff;
  let job: RetentionJob;
  /** Resolved after activation, a document, an update; then redacted. */
  let resolvedId: string;
  let rejectedId: string;
  let liveId: string;

  beforeAll(async () => {
    t = await startAlertApi({
      RETENTION_DAYS: String(RETENTION_DAYS),
      // The tests run the job themselves (RetentionJob.runOnce) at the time they choose.
      RETENTION_INTERVAL_MS: String(DAY),
    });
    staff = await loginStaff(t);
    job = t.app.get(RetentionJob);
  });

  afterAll(async () => {
    await t?.close();
  });

  afterEach(() => {
    t.clock.offsetMs = 0;
  });

  /** Every column of every table of the database, searched for each needle: `table.column: needle`. */
  async function occurrences(needles: readonly string[]): Promise<string[]> {
    const { rows: columns } = await t.pool.query<{ table: string; column: string; type: string }>(
      `SELECT c.table_name AS table, c.column_name AS column, c.data_type AS type
         FROM information_schema.columns c
         JOIN information_schema.tables tb ON tb.table_schema = c.table_schema AND tb.table_name = c.table_name
        WHERE c.table_schema = 'public' AND tb.table_type = 'BASE TABLE'
        ORDER BY 1, 2`,
    );
    const found: string[] = [];
    for (const { table, column, type } of columns) {
      const ref = `"${table}"."${column}"`;
      const contains =
        type === 'bytea' ? `position(convert_to(n, 'UTF8') in ${ref}) > 0` : `strpos(${ref}::text, n) > 0`;
      const { rows } = await t.pool.query<{ n: string }>(
        `SELECT n FROM unnest($1::text[]) AS n WHERE EXISTS (SELECT 1 FROM "${table}" WHERE ${contains})`,
        [needles],
      );
      found.push(...rows.map((row) => `${table}.${column}: ${row.n}`));
    }
    return found;
  }

  /** What proves the record without holding it: ids, versions, dates and hashes, for `ids`. */
  async function proofs(ids: readonly string[]): Promise<Record<string, unknown[]>> {
    const queries: Record<string, string> = {
      versions: `SELECT alert_id, version, kind, content_hash, created_at, created_by
                   FROM alert_versions WHERE alert_id = ANY($1::uuid[]) ORDER BY alert_id, version`,
      publications: `SELECT alert_id, version, type, msg_type, identifier, sent, cap_sha256, event_id
                       FROM alert_publications WHERE alert_id = ANY($1::uuid[]) ORDER BY alert_id, version`,
      decisions: `SELECT alert_id, version, decision, content_hash, criteria, prosecutor_reference, decided_by, decided_at
                    FROM alert_decisions WHERE alert_id = ANY($1::uuid[]) ORDER BY alert_id, version`,
      photos: `SELECT v.photo_id, v.variant, v.size, v.sha1, v.sha256
                 FROM photo_variants v JOIN photos p ON p.id = v.photo_id
                WHERE p.alert_id = ANY($1::uuid[]) ORDER BY v.photo_id, v.variant`,
      documents: `SELECT id, alert_id, mime_type, size, sha256
                    FROM alert_documents WHERE alert_id = ANY($1::uuid[]) ORDER BY id`,
      alerts: `SELECT id, state, created_at, updated_at, latest_version, live_version, last_content_version
                 FROM alerts WHERE id = ANY($1::uuid[]) ORDER BY id`,
    };
    const result: Record<string, unknown[]> = {};
    for (const [name, query] of Object.entries(queries))
      result[name] = (await t.pool.query(query, [ids])).rows;
    return result;
  }

  async function storedBytes(alertId: string): Promise<number[]> {
    const { rows } = await t.pool.query<{ length: number }>(
      `SELECT octet_length(v.bytes) AS length FROM photo_variants v JOIN photos p ON p.id = v.photo_id
        WHERE p.alert_id = $1
       UNION ALL
       SELECT octet_length(bytes) FROM alert_documents WHERE alert_id = $1`,
      [alertId],
    );
    return rows.map((row) => row.length);
  }

  async function withClient<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await t.pool.connect();
    try {
      await client.query('BEGIN');
      return await work(client);
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
  }

  /** Drafted with a photo and the personal data, submitted, validated with a scanned order. */
  async function aValidatedPersonalAlert(): Promise<{ id: string; documentId: string }> {
    const id = await aDraftWithPhoto(t, staff, personalContent());
    expectStatus(await t.http().post(`/v1/alerts/${id}/submit`).set(bearer(staff.officer)), 200);
    const document = expectStatus(
      await t
        .http()
        .post(`/v1/alerts/${id}/documents`)
        .set(bearer(staff.supervisor))
        .set('Content-Type', 'application/pdf')
        .send(Buffer.from(`%PDF-1.7\n% order of the prosecutor concerning ${CHILD}\n`)),
      201,
    );
    const documentId = document.documentId as string;
    const prosecutorOrder = { ...VALIDATE_BODY.prosecutorOrder, documentId };
    expectStatus(
      await t
        .http()
        .post(`/v1/alerts/${id}/validate`)
        .set(bearer(staff.supervisor))
        .send({ ...VALIDATE_BODY, prosecutorOrder }),
      200,
    );
    return { id, documentId };
  }

  it('erases the personal data of alerts ended longer ago than RETENTION_DAYS, keeping hashes, dates and the audit chain', async () => {
    // An alert activated, updated and resolved (versions 1 draft, 2 activated, 3 updated, 4 closure).
    const { id, documentId } = await aValidatedPersonalAlert();
    resolvedId = id;
    const activation = await previewToken(t, id, staff.operator, { intent: 'activate', channels: 'email' });
    expectStatus(
      await t
        .http()
        .post(`/v1/alerts/${id}/activate`)
        .set(bearer(staff.operator))
        .send({ confirmationToken: activation, channels: ['email'] }),
      200,
    );
    expectStatus(
      await t
        .http()
        .post(`/v1/alerts/${id}/versions`)
        .set(bearer(staff.officer))
        .send({ child: { clothing: 'teal scarf with embroidered owls' } }),
      201,
    );
    expectStatus(
      await t.http().post(`/v1/alerts/${id}/validate`).set(bearer(staff.supervisor)).send(VALIDATE_BODY),
      200,
    );
    const update = await previewToken(t, id, staff.operator, { intent: 'publish_update' });
    expectStatus(
      await t
        .http()
        .post(`/v1/alerts/${id}/publish-update`)
        .set(bearer(staff.operator))
        .send({ confirmationToken: update }),
      200,
    );
    const resolution = await previewToken(t, id, staff.officer, { intent: 'resolve' });
    expectStatus(
      await t
        .http()
        .post(`/v1/alerts/${id}/resolve`)
        .set(bearer(staff.officer))
        .send({ confirmationToken: resolution }),
      200,
    );
    const [photo] = (await t.pool.query<{ id: string }>('SELECT id FROM photos WHERE alert_id = $1', [id]))
      .rows;

    // An alert rejected with a reason that names the child (never public).
    rejectedId = await aDraftWithPhoto(t, staff, personalContent());
    expectStatus(await t.http().post(`/v1/alerts/${rejectedId}/submit`).set(bearer(staff.officer)), 200);
    expectStatus(
      await t
        .http()
        .post(`/v1/alerts/${rejectedId}/reject`)
        .set(bearer(staff.supervisor))
        .send({ reason: `the photo of ${CHILD} is blurred` }),
      200,
    );
    // An alert still live, which keeps everything.
    liveId = await anActiveAlert(t, staff);

    // The search finds every needle before (it would see them if they stayed).
    const before = await occurrences(PERSONAL);
    expect(new Set(before.map((hit) => hit.split(': ')[1]))).toEqual(new Set(PERSONAL));
    expect(before).toEqual(
      expect.arrayContaining([
        'alert_versions.content: Kallistratou',
        'alert_publications.cap_xml: Kallistratou',
        'alert_decisions.reason: Kallistratou',
        'alert_documents.bytes: Kallistratou',
      ]),
    );
    const proofsBefore = await proofs([id, rejectedId]);
    const { rows: kept } = await t.pool.query<{ version: number; content: unknown; cap_xml: string }>(
      `SELECT v.version, v.content, p.cap_xml FROM alert_versions v
         JOIN alert_publications p USING (alert_id, version) WHERE v.alert_id = $1 AND v.kind = 'closure'`,
      [id],
    );
    const liveBefore = await proofs([liveId]);
    const liveBytes = await storedBytes(liveId);

    // Not yet: 29 days after the end.
    t.clock.offsetMs = (RETENTION_DAYS - 1) * DAY;
    await expect(job.runOnce()).resolves.toBe(0);
    expect(await occurrences(PERSONAL)).toEqual(before);

    // 31 days after: both ended alerts, once.
    t.clock.offsetMs = (RETENTION_DAYS + 1) * DAY;
    await expect(job.runOnce()).resolves.toBe(2);
    await expect(job.runOnce()).resolves.toBe(0);
    const redactedAt = new Date(Date.now() + t.clock.offsetMs);

    // What remains is the rejection's reason in the audit log: hash-chained and append-only, it
    // cannot be erased, so the reason (free text) should never have been copied into it.
    expect(await occurrences(PERSONAL)).toEqual(['audit_log.details: Kallistratou']);
    expect(await proofs([id, rejectedId])).toEqual(proofsBefore);
    expect(await storedBytes(id)).toEqual([0, 0, 0, 0, 0]);
    expect(await storedBytes(rejectedId)).toEqual([0, 0, 0, 0]);
    const { rows: versions } = await t.pool.query<{ version: number; kind: string; content: unknown }>(
      'SELECT version, kind, content FROM alert_versions WHERE alert_id = $1 ORDER BY version',
      [id],
    );
    expect(versions).toEqual([
      { version: 1, kind: 'content', content: { redacted: true } },
      { version: 2, kind: 'content', content: { redacted: true } },
      { version: 3, kind: 'content', content: { redacted: true } },
      { version: 4, kind: 'closure', content: kept[0].content },
    ]);
    const { rows: xml } = await t.pool.query<{ version: number; cap_xml: string }>(
      'SELECT version, cap_xml FROM alert_publications WHERE alert_id = $1 ORDER BY version',
      [id],
    );
    expect(xml).toEqual([
      { version: 2, cap_xml: '' },
      { version: 3, cap_xml: '' },
      { version: 4, cap_xml: kept[0].cap_xml },
    ]);
    const { rows: marks } = await t.pool.query<{ id: string; redacted_at: Date | null }>(
      'SELECT id, redacted_at FROM alerts WHERE id = ANY($1::uuid[])',
      [[id, rejectedId, liveId]],
    );
    expect(Object.fromEntries(marks.map((row) => [row.id, row.redacted_at?.getTime() ?? null]))).toEqual({
      [id]: expect.any(Number),
      [rejectedId]: expect.any(Number),
      [liveId]: null,
    });
    expect(
      Math.abs(marks.find((row) => row.id === id)!.redacted_at!.getTime() - redactedAt.getTime()),
    ).toBeLessThan(60_000);
    // The live alert keeps everything.
    expect(await proofs([liveId])).toEqual(liveBefore);
    expect(await storedBytes(liveId)).toEqual(liveBytes);
    expect(liveBytes.every((length) => length > 0)).toBe(true);

    // The audit trail: one system entry per redaction, naming what went by hash only; the chain holds.
    const { rows: audit } = await t.pool.query<{
      subject_id: string;
      actor_type: string;
      actor_name: string;
      details: Record<string, unknown>;
    }>(
      "SELECT subject_id, actor_type, actor_name, details FROM audit_log WHERE action = 'alert.redacted' ORDER BY seq",
    );
    expect(audit.map((row) => [row.subject_id, row.actor_type, row.actor_name])).toEqual(
      expect.arrayContaining([
        [id, 'system', 'system'],
        [rejectedId, 'system', 'system'],
      ]),
    );
    expect(audit).toHaveLength(2);
    const hashOf = (version: number) =>
      (proofsBefore.versions as { alert_id: string; version: number; content_hash: string }[]).find(
        (row) => row.alert_id === id && row.version === version,
      )!.content_hash;
    const capHashOf = (version: number) =>
      (proofsBefore.publications as { alert_id: string; version: number; cap_sha256: string }[]).find(
        (row) => row.alert_id === id && row.version === version,
      )!.cap_sha256;
    expect(audit.find((row) => row.subject_id === id)!.details).toEqual({
      state: 'RESOLVED',
      endedAt: (proofsBefore.alerts as { id: string; updated_at: Date }[])
        .find((row) => row.id === id)!
        .updated_at.toISOString(),
      retentionDays: RETENTION_DAYS,
      redactedAt: expect.any(String),
      versions: [1, 2, 3].map((version) => ({ version, contentHash: hashOf(version) })),
      publications: [2, 3].map((version) => ({ version, capSha256: capHashOf(version) })),
      decisions: [],
      documents: [{ id: documentId, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) }],
      photos: [{ id: photo.id, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) }],
    });
    expect(audit.find((row) => row.subject_id === rejectedId)!.details).toMatchObject({
      state: 'REJECTED',
      decisions: [2],
      publications: [],
    });
    const auditor = await t.login('auditor');
    expect(expectStatus(await t.http().get('/v1/audit/verify').set(bearer(auditor)), 200)).toMatchObject({
      ok: true,
    });

    // Staff still see the state, dates, versions and hashes, and nothing personal.
    const detail = expectStatus(await t.http().get(`/v1/alerts/${id}`).set(bearer(staff.operator)), 200);
    expect(detail).toMatchObject({
      state: 'RESOLVED',
      latestVersion: 4,
      live: { version: 4, kind: 'closure' },
      lastContent: { version: 3, kind: 'content', content: { redacted: true }, contentHash: hashOf(3) },
      publications: [{ version: 2 }, { version: 3 }, { version: 4, type: 'resolved' }],
    });
    const rejected = expectStatus(
      await t.http().get(`/v1/alerts/${rejectedId}`).set(bearer(staff.officer)),
      200,
    );
    expect(rejected).toMatchObject({
      state: 'REJECTED',
      candidate: {
        state: 'REJECTED',
        version: { version: 2, content: { redacted: true } },
        rejection: { reason: 'redacted' },
      },
    });
    const list = expectStatus(await t.http().get('/v1/alerts').set(bearer(staff.operator)), 200);
    const summaries = list.items as { id: string; childName?: string }[];
    expect(summaries.find((item) => item.id === id)).not.toHaveProperty('childName');
    expect(summaries.find((item) => item.id === liveId)).toHaveProperty('childName', 'Maria Papadopoulou');
    // The public: the closure only; the CAP feed serves the closure's message, as published.
    const publicView = expectStatus(await t.http().get(`/v1/alerts/${id}`), 200);
    expect(publicView).toMatchObject({ status: 'RESOLVED', outcome: 'found_safe', version: 4 });
    const cap = await t.http().get(`/feeds/alerts/${id}.cap.xml`);
    expect(cap.status).toBe(200);
    expect(cap.text).toBe(kept[0].cap_xml);
    // Photos and the order's scan are gone, for staff too.
    const photoUrl = `/v1/alerts/${id}/photos/${photo.id}/original`;
    expect((await t.http().get(photoUrl).set(bearer(staff.operator))).status).toBe(404);
    expect((await t.http().get(photoUrl)).status).toBe(401);
    expect(
      (await t.http().get(`/v1/alerts/${id}/documents/${documentId}`).set(bearer(staff.operator))).status,
    ).toBe(404);
    const page = await t.http().get(`/alerts/${id}`);
    expect(page.status).toBe(200);
    for (const text of [detail, rejected, list, publicView]
      .map((body) => JSON.stringify(body))
      .concat(page.text)) {
      expect(PERSONAL.filter((needle) => text.includes(needle))).toEqual([]);
    }
  });

  it('refuses every other change of the history, in the database too', async () => {
    expect(resolvedId).toBeDefined();
    const refused = (table: string, op: string) => new RegExp(`^${table} is insert-only: ${op} refused$`);
    const attempt = (query: string, params: unknown[], guard?: string) =>
      withClient(async (client) => {
        if (guard) await client.query("SELECT set_config('childalert.redacting_alert', $1, true)", [guard]);
        await client.query(query, params);
      });

    // A plain UPDATE or DELETE, of a redacted alert or a live one.
    for (const id of [resolvedId, liveId]) {
      await expect(
        attempt(`UPDATE alert_versions SET content = '{"child": {}}' WHERE alert_id = $1`, [id]),
      ).rejects.toThrow(refused('alert_versions', 'UPDATE'));
      await expect(attempt('DELETE FROM alert_publications WHERE alert_id = $1', [id])).rejects.toThrow(
        refused('alert_publications', 'DELETE'),
      );
      await expect(
        attempt("UPDATE alert_decisions SET reason = 'x' WHERE alert_id = $1", [id]),
      ).rejects.toThrow(refused('alert_decisions', 'UPDATE'));
    }
    // The redaction's own shape, outside redact_alert, on the live alert: refused.
    const marker = `UPDATE alert_versions SET content = '{"redacted": true}', redacted_at = now() WHERE alert_id = $1`;
    await expect(attempt(marker, [liveId])).rejects.toThrow(refused('alert_versions', 'UPDATE'));
    // Even with the guard open: a live alert is not redacted.
    await expect(attempt(marker, [liveId], liveId)).rejects.toThrow(refused('alert_versions', 'UPDATE'));
    // An ended alert not yet due: the guard open, but the hash changed too.
    const cancelled = expectStatus(
      await t.http().post('/v1/alerts').set(bearer(staff.officer)).send(aCreateBody()),
      201,
    ).id!;
    expectStatus(
      await t
        .http()
        .post(`/v1/alerts/${cancelled}/cancel`)
        .set(bearer(staff.officer))
        .send({ reason: 'a duplicate report' }),
      200,
    );
    await expect(
      attempt(
        `UPDATE alert_versions SET content = '{"redacted": true}', redacted_at = now(), content_hash = repeat('0', 64)
          WHERE alert_id = $1`,
        [cancelled],
        cancelled,
      ),
    ).rejects.toThrow(refused('alert_versions', 'UPDATE'));
    // Undoing a redaction.
    await expect(
      attempt(`UPDATE alert_versions SET redacted_at = NULL WHERE alert_id = $1`, [resolvedId], resolvedId),
    ).rejects.toThrow(refused('alert_versions', 'UPDATE'));
    // redact_alert itself: only an ended alert, only once.
    await expect(attempt('SELECT redact_alert($1, now())', [liveId])).rejects.toThrow(
      `alert ${liveId} is ACTIVE: only an ended alert is redacted`,
    );
    await expect(attempt('SELECT redact_alert($1, now())', [resolvedId])).rejects.toThrow(
      new RegExp(`^alert ${resolvedId} was redacted at `),
    );
    const { rows } = await t.pool.query<{ content: unknown }>(
      'SELECT content FROM alert_versions WHERE alert_id = $1 ORDER BY version',
      [cancelled],
    );
    expect(rows).toEqual([{ content: expect.objectContaining({ child: expect.any(Object) }) }]);
  });

  it('shares the work between instances: each due alert is redacted exactly once', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 4; i += 1) {
      const id = expectStatus(
        await t.http().post('/v1/alerts').set(bearer(staff.officer)).send(aCreateBody()),
        201,
      ).id!;
      expectStatus(
        await t
          .http()
          .post(`/v1/alerts/${id}/cancel`)
          .set(bearer(staff.officer))
          .send({ reason: 'a duplicate report' }),
        200,
      );
      ids.push(id);
    }
    const { rows: due } = await t.pool.query<{ id: string }>(
      `SELECT id FROM alerts WHERE redacted_at IS NULL AND state IN ('REJECTED', 'RESOLVED', 'CANCELLED', 'EXPIRED')`,
    );
    expect(due.map((row) => row.id)).toEqual(expect.arrayContaining(ids));
    const now = new Date(Date.now() + (RETENTION_DAYS + 1) * DAY);
    // Two "instances" draining the same table concurrently (SKIP LOCKED shares the rows).
    const drain = async (): Promise<string[]> => {
      const redacted: string[] = [];
      for (;;) {
        const id = await job.redactNext(now);
        if (id === undefined) return redacted;
        redacted.push(id);
      }
    };
    const [a, b] = await Promise.all([drain(), drain()]);
    expect([...a, ...b].sort()).toEqual(due.map((row) => row.id).sort());
    const { rows: audit } = await t.pool.query<{ subject_id: string; count: string }>(
      `SELECT subject_id, count(*)::text AS count FROM audit_log
        WHERE action = 'alert.redacted' AND subject_id = ANY($1::text[]) GROUP BY subject_id`,
      [ids],
    );
    expect(audit.map((row) => [row.subject_id, row.count]).sort()).toEqual(ids.map((id) => [id, '1']).sort());
    const { rows: contents } = await t.pool.query<{ content: unknown }>(
      'SELECT DISTINCT content FROM alert_versions WHERE alert_id = ANY($1::uuid[])',
      [ids],
    );
    expect(contents).toEqual([{ content: { redacted: true } }]);
  });
});
