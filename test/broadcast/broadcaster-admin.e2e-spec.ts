// Issue 6, the broadcaster register and what a broadcaster pulls: the NGO
// admin's API (roles, URL rules as in production, credentials shown once,
// rotations), the authenticated Atom/CAP feed of the broadcaster's area and
// languages, and the 1920×1080 image card.
import sharp from 'sharp';
import {
  type AlertApiTestApp,
  anActiveAlert,
  bearer,
  expectStatus,
  loginStaff,
  previewToken,
  type Staff,
  startAlertApi,
} from '../alerts-api/alert-api-test.app';

const ATHENS = { kind: 'circle', lat: 37.98, lon: 23.73, radiusKm: 20 };
const THESSALONIKI = { kind: 'circle', lat: 40.64, lon: 22.94, radiusKm: 30 };
const aBody = (overrides: Record<string, unknown> = {}) => ({
  name: 'ERT News',
  webhookUrl: 'https://newsroom.example.gr/hooks/amber',
  languages: ['el', 'en'],
  area: ATHENS,
  formats: ['cap', 'json'],
  ...overrides,
});

describe('broadcaster register, feed and image card (production URL rules)', () => {
  jest.setTimeout(30_000);
  let api: AlertApiTestApp;
  let staff: Staff & { admin: string; auditor: string };

  beforeAll(async () => {
    // ALLOW_PRIVATE_ENDPOINTS unset: the production rule, https on public addresses only.
    api = await startAlertApi();
    staff = {
      ...(await loginStaff(api)),
      admin: await api.login('admin'),
      auditor: await api.login('auditor'),
    };
  }, 60_000);

  afterAll(async () => {
    await api?.close();
  });

  const count = async () =>
    Number((await api.pool.query<{ n: string }>('SELECT count(*) AS n FROM broadcasters')).rows[0].n);

  async function create(overrides: Record<string, unknown> = {}) {
    return expectStatus(
      await api.http().post('/v1/broadcasters').set(bearer(staff.admin)).send(aBody(overrides)),
      201,
    ) as {
      broadcaster: { id: string; active: boolean };
      signingSecret: string;
      apiKey: string;
    };
  }

  it('lets only the NGO admin manage broadcasters', async () => {
    for (const token of [staff.officer, staff.supervisor, staff.operator, staff.auditor]) {
      const post = await api.http().post('/v1/broadcasters').set(bearer(token)).send(aBody());
      expect(post.status).toBe(403);
      expect((await api.http().get('/v1/broadcasters').set(bearer(token))).status).toBe(403);
    }
    expect((await api.http().post('/v1/broadcasters').send(aBody())).status).toBe(401);
    expect(await count()).toBe(0);
  });

  it('shows the signing secret and API key once, stores the key hashed, lists neither', async () => {
    const created = await create();
    expect(created.signingSecret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(created.apiKey).toMatch(/^cak_/);
    expect(created.broadcaster).toMatchObject({ active: true, formats: ['cap', 'json'], area: ATHENS });

    const listed = await api.http().get('/v1/broadcasters').set(bearer(staff.admin));
    expect(listed.status).toBe(200);
    expect(listed.text).not.toContain(created.signingSecret.slice(6));
    expect(listed.text).not.toContain(created.apiKey);
    const one = await api.http().get(`/v1/broadcasters/${created.broadcaster.id}`).set(bearer(staff.admin));
    expect(one.text).not.toContain(created.apiKey);
    const keys = await api.pool.query<{ hash: string }>('SELECT hash FROM api_keys WHERE owner_id = $1', [
      created.broadcaster.id,
    ]);
    expect(keys.rows).toHaveLength(1);
    expect(keys.rows[0].hash).not.toContain(created.apiKey);
    const audit = await api.pool.query<{ action: string }>(
      "SELECT action FROM audit_log WHERE subject_id = $1 AND subject_type = 'broadcaster'",
      [created.broadcaster.id],
    );
    expect(audit.rows.map((r) => r.action)).toEqual(['broadcaster.created']);
  });

  it.each([
    ['plain http', 'http://newsroom.example.gr/hook', 'webhookUrl must be an https URL'],
    ['loopback', 'https://127.0.0.1:8443/hook', 'webhookUrl must be on a public address, not 127.0.0.1'],
    ['a private address', 'https://10.1.2.3/hook', 'webhookUrl must be on a public address, not 10.1.2.3'],
    ['IPv6 loopback', 'https://[::1]/hook', 'webhookUrl must be on a public address, not ::1'],
    ['localhost', 'https://localhost/hook', 'webhookUrl must be on a public host name, not localhost'],
    ['not a URL', 'newsroom hook', 'webhookUrl is not a URL'],
  ])(
    'refuses %s as a webhook URL with a clear 400, and writes nothing',
    async (_what, webhookUrl, message) => {
      const before = await count();
      const response = await api
        .http()
        .post('/v1/broadcasters')
        .set(bearer(staff.admin))
        .send(aBody({ webhookUrl }));
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ error: 'invalid_broadcaster', problems: [message] });
      expect(await count()).toBe(before);
    },
  );

  it('refuses bad languages, formats and areas, naming each', async () => {
    const before = await count();
    const response = await api
      .http()
      .post('/v1/broadcasters')
      .set(bearer(staff.admin))
      .send(
        aBody({
          languages: ['greek'],
          formats: ['xml'],
          area: { kind: 'circle', lat: 38, lon: 23, radiusKm: 900 },
        }),
      );
    expect(response.status).toBe(400);
    const text = JSON.stringify(response.body);
    expect(text).toContain('languages must hold ISO 639-1 codes');
    expect(text).toContain('formats must hold');
    expect(text).toContain('radiusKm must not be greater than 500');
    expect(await count()).toBe(before);
  });

  it('updates, disables, enables and rotates; a bad change changes nothing', async () => {
    const created = await create({ name: 'Radio One' });
    const id = created.broadcaster.id;
    const updated = expectStatus(
      await api
        .http()
        .patch(`/v1/broadcasters/${id}`)
        .set(bearer(staff.admin))
        .send({ name: 'Radio One FM', languages: ['en'] }),
      200,
    );
    expect(updated).toMatchObject({
      name: 'Radio One FM',
      languages: ['en'],
      webhookUrl: aBody().webhookUrl,
    });
    const refused = await api
      .http()
      .patch(`/v1/broadcasters/${id}`)
      .set(bearer(staff.admin))
      .send({ webhookUrl: 'https://192.168.1.10/hook' });
    expect(refused.status).toBe(400);
    const after = expectStatus(await api.http().get(`/v1/broadcasters/${id}`).set(bearer(staff.admin)), 200);
    expect(after.webhookUrl).toBe(aBody().webhookUrl);

    const disabled = expectStatus(
      await api
        .http()
        .post(`/v1/broadcasters/${id}/disable`)
        .set(bearer(staff.admin))
        .send({ reason: 'contract ended' }),
      200,
    );
    expect(disabled).toMatchObject({ active: false, disabledReason: 'contract ended' });
    expect(
      expectStatus(await api.http().post(`/v1/broadcasters/${id}/enable`).set(bearer(staff.admin)), 200),
    ).toMatchObject({ active: true, disabledReason: null });

    const rotated = expectStatus(
      await api.http().post(`/v1/broadcasters/${id}/rotate-secret`).set(bearer(staff.admin)),
      200,
    );
    expect(rotated.signingSecret).toMatch(/^whsec_/);
    expect(rotated.signingSecret).not.toBe(created.signingSecret);
    const overlap =
      Date.parse((rotated.broadcaster as { previousSecretExpiresAt: string }).previousSecretExpiresAt) -
      Date.now();
    expect(overlap).toBeGreaterThan(23.9 * 3_600_000);
    const { rows } = await api.pool.query(
      'SELECT signing_secret, previous_signing_secret FROM broadcasters WHERE id = $1',
      [id],
    );
    expect(rows[0]).toEqual({
      signing_secret: rotated.signingSecret,
      previous_signing_secret: created.signingSecret,
    });
    expect(
      (await api.http().post(`/v1/broadcasters/${randomId()}/rotate-secret`).set(bearer(staff.admin))).status,
    ).toBe(404);
  });

  it('serves each broadcaster the alerts of its area and languages, CAP embedded; the card; only with its key', async () => {
    const athens = await create({ name: 'Athens TV', area: ATHENS, languages: ['en'] });
    const north = await create({ name: 'North TV', area: THESSALONIKI, languages: ['el'] });
    const french = await create({
      name: 'Radio FR',
      area: { kind: 'country', code: 'GR' },
      languages: ['fr'],
    });
    const alertId = await anActiveAlert(api, staff);
    const { rows } = await api.pool.query<{ cap_xml: string }>(
      'SELECT cap_xml FROM alert_publications WHERE alert_id = $1 ORDER BY version DESC LIMIT 1',
      [alertId],
    );
    const capRoot = rows[0].cap_xml.slice(rows[0].cap_xml.indexOf('<alert'));

    const feed = await api.http().get('/v1/broadcast/feed.atom').set('X-API-Key', athens.apiKey);
    expect(feed.status).toBe(200);
    expect(feed.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
    expect(feed.text).toContain(`<id>urn:childalert:alert:${alertId}</id>`);
    expect(feed.text).toContain(capRoot.trim());
    expect(feed.text).toContain('Maria');
    for (const other of [north, french]) {
      const empty = await api.http().get('/v1/broadcast/feed.atom').set('X-API-Key', other.apiKey);
      expect(empty.status).toBe(200);
      expect(empty.text).not.toContain('<entry>');
    }
    expect((await api.http().get('/v1/broadcast/feed.atom')).status).toBe(401);
    expect(
      (
        await api
          .http()
          .get('/v1/broadcast/feed.atom')
          .set('X-API-Key', `cak_${'x'.repeat(43)}`)
      ).status,
    ).toBe(401);
    // A person's token is not a broadcaster's key.
    expect((await api.http().get('/v1/broadcast/feed.atom').set(bearer(staff.admin))).status).toBe(403);

    const card = await api
      .http()
      .get(`/v1/broadcast/alerts/${alertId}/card.png?lang=el`)
      .set('X-API-Key', athens.apiKey);
    expect(card.status).toBe(200);
    expect(card.headers['content-type']).toBe('image/png');
    const meta = await sharp(card.body as Buffer).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 1920, 1080]);
    expect(
      (await api.http().get(`/v1/broadcast/alerts/${alertId}/card.png`).set(bearer(staff.operator))).status,
    ).toBe(200);
    expect(
      (await api.http().get(`/v1/broadcast/alerts/${alertId}/card.png`).set(bearer(staff.officer))).status,
    ).toBe(403);
    expect((await api.http().get(`/v1/broadcast/alerts/${alertId}/card.png`)).status).toBe(401);
    expect(
      (await api.http().get(`/v1/broadcast/alerts/${randomId()}/card.png`).set('X-API-Key', athens.apiKey))
        .status,
    ).toBe(404);

    // Resolved: the feed and the card show only the end, no personal data.
    const confirmationToken = await previewToken(api, alertId, staff.operator, { intent: 'resolve' });
    expectStatus(
      await api
        .http()
        .post(`/v1/alerts/${alertId}/resolve`)
        .set(bearer(staff.operator))
        .send({ confirmationToken }),
      200,
    );
    const ended = await api.http().get('/v1/broadcast/feed.atom').set('X-API-Key', athens.apiKey);
    expect(ended.text).toContain('FOUND SAFE');
    expect(ended.text).not.toContain('Maria');
    const endCard = await api
      .http()
      .get(`/v1/broadcast/alerts/${alertId}/card.png?lang=en`)
      .set('X-API-Key', athens.apiKey);
    expect(endCard.status).toBe(200);
    expect(endCard.headers.etag).not.toBe(card.headers.etag);
    const { data, info } = await sharp(endCard.body as Buffer)
      .raw()
      .toBuffer({ resolveWithObject: true });
    expect([info.width, info.height]).toEqual([1920, 1080]);
    // The found-safe band, green.
    expect([
      ...data.subarray(
        (10 * info.width + 1900) * info.channels,
        (10 * info.width + 1900) * info.channels + 3,
      ),
    ]).toEqual([27, 127, 59]);

    // A rotated key: the old one stops at once. A disabled broadcaster: 403.
    const rotated = expectStatus(
      await api
        .http()
        .post(`/v1/broadcasters/${athens.broadcaster.id}/rotate-api-key`)
        .set(bearer(staff.admin)),
      200,
    );
    expect((await api.http().get('/v1/broadcast/feed.atom').set('X-API-Key', athens.apiKey)).status).toBe(
      401,
    );
    expect(
      (
        await api
          .http()
          .get('/v1/broadcast/feed.atom')
          .set('X-API-Key', rotated.apiKey as string)
      ).status,
    ).toBe(200);
    expectStatus(
      await api
        .http()
        .post(`/v1/broadcasters/${athens.broadcaster.id}/disable`)
        .set(bearer(staff.admin))
        .send({}),
      200,
    );
    const refused = await api
      .http()
      .get('/v1/broadcast/feed.atom')
      .set('X-API-Key', rotated.apiKey as string);
    expect(refused.status).toBe(403);
    expect(refused.body.message).toContain('disabled');
  });
});

function randomId(): string {
  return '00000000-0000-4000-8000-000000000000';
}
