import { validateCapBatch } from '@childalert/cap';
import sharp from 'sharp';
import {
  aCreateBody,
  anActiveAlert,
  aPhoneJpeg,
  type AlertApiTestApp,
  bearer,
  expectStatus,
  loginStaff,
  previewToken,
  PUBLIC_BASE_URL,
  readTopic,
  type Staff,
  startAlertApi,
  VALIDATE_BODY,
} from './alert-api-test.app';

interface PublicationRow {
  version: number;
  type: string;
  msg_type: string;
  identifier: string;
  sender: string;
  sent: Date;
  exercise: boolean;
  event_id: string;
  cap_xml: string;
}

const NAME = 'Maria Papadopoulou';

// Real PostgreSQL, broker and child processes: generous, though each test takes seconds.
jest.setTimeout(60_000);
describe('alert lifecycle over HTTP', () => {
  let t: AlertApiTestApp;
  let staff: Staff;
  /** Every CAP document the tests saw (previews and publications): all must validate. */
  const capSeen: string[] = [];

  beforeAll(async () => {
    t = await startAlertApi();
    staff = await loginStaff(t);
  });

  afterAll(async () => {
    await t?.close();
  });

  async function publications(id: string): Promise<PublicationRow[]> {
    const { rows } = await t.pool.query<PublicationRow>(
      'SELECT * FROM alert_publications WHERE alert_id = $1 ORDER BY version',
      [id],
    );
    return rows;
  }

  async function preview(id: string, token: string, query: Record<string, string>) {
    const body = expectStatus(
      await t.http().get(`/v1/alerts/${id}/preview`).query(query).set(bearer(token)),
      200,
    );
    capSeen.push((body.cap as { xml: string }).xml);
    return body as {
      version: number;
      newVersion: boolean;
      contentHash: string;
      channels: string[];
      cap: { identifier: string; msgType: string; xml: string };
      renderings: Record<
        string,
        { push: { title: string }; email: { subject: string }; social: { text: string } }
      >;
      confirmationToken: string;
      confirmationExpiresAt: string;
    };
  }

  it('drafts, validates, activates, updates and resolves an alert; Kafka carries one event per published version', async () => {
    const { officer, supervisor, operator } = staff;

    // Draft (police officer), then a phone photo: stored stripped, added to the draft as a new version.
    const created = expectStatus(
      await t.http().post('/v1/alerts').set(bearer(officer)).send(aCreateBody()),
      201,
    );
    const id = created.id!;
    expect(created).toMatchObject({ state: 'DRAFT', latestVersion: 1, candidate: { state: 'DRAFT' } });
    const upload = expectStatus(
      await t
        .http()
        .post(`/v1/alerts/${id}/photos`)
        .set(bearer(officer))
        .attach('photo', await aPhoneJpeg(), { filename: 'IMG_0001.jpg', contentType: 'image/jpeg' }),
      201,
    );
    const photoId = upload.photoId as string;
    expect(upload).toMatchObject({ attachedToVersion: 2 });
    const stored = await t.http().get(`/v1/alerts/${id}/photos/${photoId}/original`).set(bearer(officer));
    expect(stored.status).toBe(200);
    expect(stored.headers['cache-control']).toBe('private, no-store');
    const body = stored.body as Buffer;
    expect(body.includes(Buffer.from('PhoneMaker'))).toBe(false);
    expect((await sharp(body).metadata()).exif).toBeUndefined();
    // Not public before activation.
    expect((await t.http().get(`/v1/alerts/${id}/photos/${photoId}/push`)).status).toBe(401);
    expect((await t.http().get(`/v1/alerts/${id}`)).status).toBe(404);

    // Submit; the supervisor validates (criteria + prosecutor's order).
    expect(
      expectStatus(await t.http().post(`/v1/alerts/${id}/submit`).set(bearer(officer)), 200),
    ).toMatchObject({
      state: 'PENDING_VALIDATION',
    });
    const scan = Buffer.from("%PDF-1.7\n% the prosecutor's order, scanned\n");
    const document = expectStatus(
      await t
        .http()
        .post(`/v1/alerts/${id}/documents`)
        .set(bearer(supervisor))
        .set('Content-Type', 'application/pdf')
        .send(scan),
      201,
    );
    const prosecutorOrder = { ...VALIDATE_BODY.prosecutorOrder, documentId: document.documentId };
    const validated = expectStatus(
      await t
        .http()
        .post(`/v1/alerts/${id}/validate`)
        .set(bearer(supervisor))
        .send({ ...VALIDATE_BODY, prosecutorOrder }),
      200,
    );
    expect(validated).toMatchObject({
      state: 'VALIDATED',
      candidate: {
        state: 'VALIDATED',
        validation: {
          version: 2,
          criteria: VALIDATE_BODY.criteria,
          prosecutorOrder: { reference: 'ΕΓ-2026/1234', documentId: document.documentId },
        },
      },
    });
    const order = await t
      .http()
      .get(`/v1/alerts/${id}/documents/${document.documentId as string}`)
      .set(bearer(operator));
    expect(order.status).toBe(200);
    expect(order.headers['content-type']).toBe('application/pdf');
    expect(Buffer.from(order.body as Buffer).equals(scan)).toBe(true);
    expect((await t.http().get(`/v1/alerts/${id}/documents/${document.documentId as string}`)).status).toBe(
      401,
    );

    // The operator previews every rendering of the exact version, then activates with its token.
    const activation = await preview(id, operator, { intent: 'activate', channels: 'email,webpush,social' });
    expect(activation).toMatchObject({
      version: 2,
      newVersion: false,
      channels: ['email', 'webpush', 'social'],
    });
    expect(activation.cap).toMatchObject({ identifier: `urn:childalert:alert:${id}:v2`, msgType: 'Alert' });
    expect(activation.cap.xml).toContain('<status>Actual</status>');
    expect(Object.keys(activation.renderings).sort()).toEqual(['el', 'en']);
    expect(activation.renderings.en.push.title).toContain('Maria');
    expect(activation.renderings.el.email.subject.length).toBeGreaterThan(0);
    expect(activation.renderings.en.social.text).toContain(PUBLIC_BASE_URL);
    const activated = expectStatus(
      await t
        .http()
        .post(`/v1/alerts/${id}/activate`)
        .set(bearer(operator))
        .send({ confirmationToken: activation.confirmationToken, channels: ['email', 'webpush', 'social'] }),
      200,
    );
    expect(activated).toMatchObject({
      state: 'ACTIVE',
      live: { version: 2 },
      channels: ['email', 'webpush', 'social'],
    });

    // Public now: JSON, photo, page, Atom (with ETag), CAP (the stored bytes).
    const publicView = expectStatus(await t.http().get(`/v1/alerts/${id}`), 200);
    expect(publicView).toMatchObject({ id, status: 'ACTIVE', version: 2, alert: { child: { name: NAME } } });
    expect(publicView).not.toHaveProperty('candidate');
    const publicPhoto = await t.http().get(`/v1/alerts/${id}/photos/${photoId}/social`);
    expect(publicPhoto.status).toBe(200);
    expect(publicPhoto.headers['cache-control']).toBe('public, max-age=60');
    const feed = await t.http().get('/feeds/alerts.atom');
    expect(feed.status).toBe(200);
    expect(feed.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
    expect(feed.headers['cache-control']).toBe('public, max-age=30');
    expect(feed.text).toContain(`${PUBLIC_BASE_URL}/feeds/alerts/${id}.cap.xml`);
    expect(feed.text).toContain('Maria');
    const unchanged = await t.http().get('/feeds/alerts.atom').set('If-None-Match', feed.headers.etag);
    expect(unchanged.status).toBe(304);
    const [first] = await publications(id);
    const cap = await t.http().get(`/feeds/alerts/${id}.cap.xml`);
    expect(cap.status).toBe(200);
    expect(cap.headers['content-type']).toBe('application/cap+xml; charset=utf-8');
    expect(cap.text).toBe(first.cap_xml);
    expect(first).toMatchObject({
      version: 2,
      type: 'activated',
      msg_type: 'Alert',
      sender: 'alerts@amber.test',
    });
    // The CAP resource is the stripped photo, with its size and SHA-1.
    expect(first.cap_xml).toContain(`${PUBLIC_BASE_URL}/v1/alerts/${id}/photos/${photoId}/original`);
    const page = await t.http().get(`/alerts/${id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(NAME);

    // An update: a new photo (the NGO has one) waits for it; proposed (a new version),
    // validated again, previewed, published as CAP Update.
    const newPhoto = expectStatus(
      await t
        .http()
        .post(`/v1/alerts/${id}/photos`)
        .set(bearer(operator))
        .set('Content-Type', 'image/png')
        .send(
          await sharp(await aPhoneJpeg(400, 400))
            .png()
            .toBuffer(),
        ),
      201,
    );
    expect(newPhoto).not.toHaveProperty('attachedToVersion');
    const newPhotoId = newPhoto.photoId as string;
    const proposed = expectStatus(
      await t
        .http()
        .post(`/v1/alerts/${id}/versions`)
        .set(bearer(officer))
        .send({ child: { clothing: 'green coat' }, photoIds: [photoId, newPhotoId] }),
      201,
    );
    expect((await t.http().get(`/v1/alerts/${id}/photos/${newPhotoId}/email`)).status).toBe(401);
    expect(proposed).toMatchObject({
      state: 'ACTIVE',
      live: { version: 2 },
      candidate: { state: 'PENDING_VALIDATION', version: { version: 3 } },
    });
    expect(expectStatus(await t.http().get(`/v1/alerts/${id}`), 200)).toMatchObject({ version: 2 });
    expectStatus(
      await t.http().post(`/v1/alerts/${id}/validate`).set(bearer(supervisor)).send(VALIDATE_BODY),
      200,
    );
    const update = await preview(id, operator, { intent: 'publish_update' });
    expect(update).toMatchObject({ version: 3, cap: { msgType: 'Update' } });
    expect(update.renderings.en.push.title).toContain('UPDATE');
    const updated = expectStatus(
      await t
        .http()
        .post(`/v1/alerts/${id}/publish-update`)
        .set(bearer(operator))
        .send({ confirmationToken: update.confirmationToken }),
      200,
    );
    expect(updated).toMatchObject({
      state: 'ACTIVE',
      live: { version: 3, content: { child: { clothing: 'green coat' } } },
    });
    expect(updated).not.toHaveProperty('candidate');
    const [, second] = await publications(id);
    expect(second).toMatchObject({ version: 3, type: 'updated', msg_type: 'Update' });
    expect(second.cap_xml).toContain(`/photos/${newPhotoId}/original`);
    expect((await t.http().get(`/v1/alerts/${id}/photos/${newPhotoId}/email`)).status).toBe(200);
    const sent = first.sent.toISOString().replace('.000Z', '+00:00');
    expect(second.cap_xml).toContain(
      `<references>alerts@amber.test,${first.identifier},${sent}</references>`,
    );

    // Resolution, by the police this time: previewed and confirmed by the same person.
    const resolution = await preview(id, officer, { intent: 'resolve' });
    expect(resolution).toMatchObject({ version: 4, newVersion: true, cap: { msgType: 'Update' } });
    expect(resolution.cap.xml).not.toContain('Maria');
    const resolved = expectStatus(
      await t
        .http()
        .post(`/v1/alerts/${id}/resolve`)
        .set(bearer(officer))
        .send({ confirmationToken: resolution.confirmationToken }),
      200,
    );
    expect(resolved).toMatchObject({
      state: 'RESOLVED',
      live: { version: 4, kind: 'closure' },
      lastContent: { version: 3 },
    });
    const all = await publications(id);
    expect(all.map((p) => [p.version, p.type, p.msg_type])).toEqual([
      [2, 'activated', 'Alert'],
      [3, 'updated', 'Update'],
      [4, 'resolved', 'Update'],
    ]);
    expect(all[2].cap_xml).toContain(`${first.identifier},`);
    expect(all[2].cap_xml).toContain(`${second.identifier},`);

    // The personal data left every public feed and page at once.
    const ended = expectStatus(await t.http().get(`/v1/alerts/${id}`), 200);
    expect(ended).toEqual({
      id,
      status: 'RESOLVED',
      exercise: false,
      version: 4,
      updatedAt: all[2].sent.toISOString(),
      capUrl: `${PUBLIC_BASE_URL}/feeds/alerts/${id}.cap.xml`,
      pageUrl: `${PUBLIC_BASE_URL}/alerts/${id}`,
      outcome: 'found_safe',
      messages: { el: expect.any(Object), en: expect.any(Object) },
    });
    const endedFeed = await t.http().get('/feeds/alerts.atom');
    expect(endedFeed.text).toContain(`/feeds/alerts/${id}.cap.xml`);
    for (const text of [JSON.stringify(ended), endedFeed.text, (await t.http().get(`/alerts/${id}`)).text]) {
      expect(text).not.toContain('Maria');
      expect(text).not.toContain('Μαρία');
      expect(text).not.toContain(photoId);
      expect(text).not.toContain('Omonoia');
    }
    expect((await t.http().get(`/feeds/alerts/${id}.cap.xml`)).text).toBe(all[2].cap_xml);
    expect((await t.http().get(`/v1/alerts/${id}/photos/${photoId}/original`)).status).toBe(401);
    expect(
      (await t.http().get(`/v1/alerts/${id}/photos/${photoId}/original`).set(bearer(operator))).status,
    ).toBe(200);
    // The restricted record keeps it for staff.
    expect(expectStatus(await t.http().get(`/v1/alerts/${id}`).set(bearer(operator)), 200)).toMatchObject({
      lastContent: { content: { child: { name: NAME } } },
    });

    // Kafka: exactly one event per published version, in order, keyed by the alert id.
    const events = await readTopic(
      t.lifecycleTopic,
      (messages) => messages.filter((m) => m.key === id).length >= 3,
    );
    const mine = events.filter((m) => m.key === id);
    expect(mine.map((m) => m.value)).toEqual(
      all.map((p) => ({
        eventId: p.event_id,
        alertId: id,
        version: p.version,
        type: p.type,
        occurredAt: p.sent.toISOString(),
        exercise: false,
        capIdentifier: p.identifier,
      })),
    );
    expect(new Set(mine.map((m) => m.partition)).size).toBe(1);
    capSeen.push(...all.map((p) => p.cap_xml));

    // Every step is on the audit trail, in order.
    const { rows } = await t.pool.query<{ action: string }>(
      "SELECT action FROM audit_log WHERE subject_type = 'alert' AND subject_id = $1 ORDER BY seq",
      [id],
    );
    expect(rows.map((r) => r.action)).toEqual([
      'alert.created',
      'alert.edited',
      'alert.submitted',
      'alert.document_uploaded',
      'alert.validated',
      'alert.previewed',
      'alert.activated',
      'alert.photo_uploaded',
      'alert.update_proposed',
      'alert.update_validated',
      'alert.previewed',
      'alert.update_published',
      'alert.previewed',
      'alert.resolved',
    ]);
  });

  it('runs an exercise through the identical pipeline, labelled EXERCISE, and cancels it with a CAP Cancel', async () => {
    const id = await anActiveAlert(t, staff, { exercise: true });
    const [activation] = await publications(id);
    expect(activation.exercise).toBe(true);
    expect(activation.cap_xml).toContain('<status>Exercise</status>');
    expect(activation.cap_xml).toContain('EXERCISE');
    // The public feed is for real alerts; exercises have their own.
    expect((await t.http().get('/feeds/alerts.atom')).text).not.toContain(id);
    const exerciseFeed = await t.http().get('/feeds/alerts.atom').query({ exercise: 'true', lang: 'en' });
    expect(exerciseFeed.text).toContain(id);
    expect(exerciseFeed.text).toContain('<title>EXERCISE – ');
    expect(expectStatus(await t.http().get('/v1/alerts').query({ exercise: 'true' }), 200).items).toEqual([
      expect.objectContaining({ id, exercise: true, status: 'ACTIVE' }),
    ]);

    const token = await previewToken(t, id, staff.operator, { intent: 'cancel' });
    const cancelled = expectStatus(
      await t
        .http()
        .post(`/v1/alerts/${id}/cancel`)
        .set(bearer(staff.operator))
        .send({ reason: 'exercise over', confirmationToken: token }),
      200,
    );
    expect(cancelled).toMatchObject({ state: 'CANCELLED', live: { kind: 'closure' } });
    const all = await publications(id);
    expect(all.map((p) => [p.type, p.msg_type, p.exercise])).toEqual([
      ['activated', 'Alert', true],
      ['cancelled', 'Cancel', true],
    ]);
    const events = await readTopic(t.lifecycleTopic, (m) => m.filter((e) => e.key === id).length >= 2);
    expect(events.filter((e) => e.key === id).map((e) => [e.value.type, e.value.exercise])).toEqual([
      ['activated', true],
      ['cancelled', true],
    ]);
    capSeen.push(...all.map((p) => p.cap_xml));
  });

  it('cancels a draft without publishing anything', async () => {
    const created = expectStatus(
      await t.http().post('/v1/alerts').set(bearer(staff.officer)).send(aCreateBody()),
      201,
    );
    const cancelled = expectStatus(
      await t
        .http()
        .post(`/v1/alerts/${created.id}/cancel`)
        .set(bearer(staff.officer))
        .send({ reason: 'entered twice' }),
      200,
    );
    expect(cancelled).toMatchObject({ state: 'CANCELLED', publications: [] });
    expect(await publications(created.id!)).toEqual([]);
  });

  it('lists alerts: live ones for the public, the restricted list for staff', async () => {
    const id = await anActiveAlert(t, staff);
    const publicList = expectStatus(await t.http().get('/v1/alerts'), 200).items as { id: string }[];
    expect(publicList.map((item) => item.id)).toEqual([id]);
    const staffList = expectStatus(await t.http().get('/v1/alerts').set(bearer(staff.supervisor)), 200)
      .items as { id: string; state: string }[];
    expect(staffList.length).toBe(4);
    expect(staffList[0]).toMatchObject({ id, state: 'ACTIVE', childName: NAME });
    const drafts = expectStatus(
      await t.http().get('/v1/alerts').query({ state: 'RESOLVED' }).set(bearer(staff.operator)),
      200,
    );
    expect((drafts.items as { state: string }[]).map((item) => item.state)).toEqual(['RESOLVED']);
  });

  it('serves the OpenAPI document and UI at /docs, and health without credentials', async () => {
    const document = expectStatus(await t.http().get('/docs-json'), 200) as {
      paths: Record<string, unknown>;
    };
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/v1/alerts',
        '/v1/alerts/{id}',
        '/v1/alerts/{id}/preview',
        '/v1/alerts/{id}/activate',
        '/v1/alerts/{id}/versions',
        '/feeds/alerts.atom',
      ]),
    );
    const ui = await t.http().get('/docs');
    expect(ui.status).toBe(200);
    expect(ui.text).toContain('swagger');
    expect((await t.http().get('/health/ready')).status).toBe(200);
  });

  it('produced only CAP messages that validate against the OASIS CAP 1.2 schema', async () => {
    expect(capSeen.length).toBeGreaterThanOrEqual(8);
    const results = await validateCapBatch(capSeen);
    expect(results).toEqual(capSeen.map(() => ({ valid: true })));
  });
});
