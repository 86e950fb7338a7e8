import {
  aCreateBody,
  addUser,
  aPhoneJpeg,
  type AlertApiTestApp,
  aValidatedAlert,
  bearer,
  expectRefused,
  expectStatus,
  loginStaff,
  previewToken,
  type Staff,
  startAlertApi,
  VALIDATE_BODY,
} from './alert-api-test.app';

// Real PostgreSQL and broker: generous, though each test takes a second or two.
jest.setTimeout(60_000);

describe('refusals: stale confirmations and bad input', () => {
  let t: AlertApiTestApp;
  let staff: Staff;
  const tokens = {} as Record<'officer' | 'supervisor' | 'operator' | 'admin', string>;

  beforeAll(async () => {
    t = await startAlertApi();
    staff = await loginStaff(t);
    Object.assign(tokens, staff, { admin: await t.login('admin') });
  });

  afterAll(async () => {
    await t?.close();
  });

  const refused = (
    send: () => Promise<{ status: number; body: unknown }>,
    status: number,
    expected: Record<string, unknown> = {},
  ) => expectRefused(t, send, status, expected);

  describe('confirmation tokens', () => {
    it('refuses a token of another version, another alert, another intent, another person, a forged or an expired one', async () => {
      const id = await aValidatedAlert(t, staff);
      const other = await aValidatedAlert(t, staff);
      const token = await previewToken(t, id, tokens.operator, {
        intent: 'activate',
        channels: 'email,webpush',
      });
      const otherToken = await previewToken(t, other, tokens.operator, {
        intent: 'activate',
        channels: 'email,webpush',
      });
      const activate = (confirmationToken: string, extra: object = {}, who = tokens.operator) =>
        t
          .http()
          .post(`/v1/alerts/${id}/activate`)
          .set(bearer(who))
          .send({ confirmationToken, channels: ['email', 'webpush'], ...extra });

      // Channels or area other than previewed: another version than the one confirmed.
      await refused(() => activate(token, { channels: ['email'] }), 409, {
        error: 'stale_confirmation',
        currentState: 'VALIDATED',
      });
      await refused(
        () => activate(token, { area: { kind: 'circle', lat: 38, lon: 23.7, radiusKm: 80 } }),
        409,
        {
          error: 'stale_confirmation',
        },
      );
      await refused(() => activate(otherToken), 409, {
        error: 'stale_confirmation',
        message: expect.stringContaining('another alert'),
      });
      const [header, payload] = token.split('.');
      await refused(() => activate(`${header}.${payload}.${'A'.repeat(43)}`), 400, {
        error: 'invalid_confirmation',
      });
      const tampered = Buffer.from(
        JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), version: 9 }),
      ).toString('base64url');
      await refused(() => activate(`${header}.${tampered}.${token.split('.')[2]}`), 400, {
        error: 'invalid_confirmation',
      });
      const operator2 = await addUser(t, tokens.admin, 'operator2', 'ngo_operator');
      await refused(() => activate(token, {}, operator2), 403, { error: 'forbidden' });
      // Ten minutes later the preview is worthless.
      t.clock.offsetMs = 11 * 60_000;
      try {
        await refused(() => activate(token), 409, { error: 'confirmation_expired' });
      } finally {
        t.clock.offsetMs = 0;
      }
      expectStatus(await activate(token), 200);

      // A resolution previewed before an update went out confirms a version that will never exist.
      const resolve = await previewToken(t, id, tokens.operator, { intent: 'resolve' });
      expectStatus(
        await t
          .http()
          .post(`/v1/alerts/${id}/versions`)
          .set(bearer(tokens.officer))
          .send({ child: { clothing: 'green' } }),
        201,
      );
      await refused(
        () =>
          t
            .http()
            .post(`/v1/alerts/${id}/resolve`)
            .set(bearer(tokens.operator))
            .send({ confirmationToken: resolve }),
        409,
        { error: 'stale_confirmation', currentState: 'ACTIVE' },
      );
      expectStatus(
        await t.http().post(`/v1/alerts/${id}/validate`).set(bearer(tokens.supervisor)).send(VALIDATE_BODY),
        200,
      );
      // The activation token is for activating, not for publishing an update.
      await refused(
        () =>
          t
            .http()
            .post(`/v1/alerts/${id}/publish-update`)
            .set(bearer(tokens.operator))
            .send({ confirmationToken: token }),
        409,
        { error: 'stale_confirmation', message: expect.stringContaining('intent=publish_update') },
      );
      const update = await previewToken(t, id, tokens.operator, { intent: 'publish_update' });
      expectStatus(
        await t
          .http()
          .post(`/v1/alerts/${id}/publish-update`)
          .set(bearer(tokens.operator))
          .send({ confirmationToken: update }),
        200,
      );
      await refused(
        () =>
          t
            .http()
            .post(`/v1/alerts/${id}/resolve`)
            .set(bearer(tokens.operator))
            .send({ confirmationToken: resolve }),
        409,
        { error: 'stale_confirmation' },
      );
      // Cancelling a live alert needs its preview too.
      await refused(
        () =>
          t.http().post(`/v1/alerts/${id}/cancel`).set(bearer(tokens.officer)).send({ reason: 'mistake' }),
        400,
        {
          error: 'invalid_confirmation',
        },
      );
    });
  });

  describe('bad input', () => {
    const create = (body: object) => () => t.http().post('/v1/alerts').set(bearer(tokens.officer)).send(body);

    it.each<[string, Record<string, unknown>, string]>([
      ['an unknown field', { nickname: 'Mimi' }, 'property nickname should not exist'],
      ['a wrong type', { child: { name: 'Maria', age: 'seven', sex: 'female' } }, 'child.age'],
      [
        'a latitude out of range',
        { area: { kind: 'circle', lat: 123, lon: 23, radiusKm: 10 } },
        'area.lat must be between -90 and 90',
      ],
      [
        'an open polygon',
        {
          area: {
            kind: 'polygon',
            points: [
              [37, 23],
              [38, 23],
              [38, 24],
              [37.5, 24],
            ],
          },
        },
        'area.points',
      ],
      ['an expiry in the past', { expiresAt: '2020-01-01T00:00:00Z' }, 'expiresAt'],
      [
        'a headline too long for push and social',
        {
          texts: {
            el: { description: 'x', circumstances: 'y', headline: 'h'.repeat(141) },
            en: { description: 'x', circumstances: 'y' },
          },
        },
        'texts.el.headline must be at most 140 characters',
      ],
      [
        'a photo that was never uploaded',
        { photoIds: ['a3e0f6f4-0a8e-4c1c-9a39-5b0b3d1e2c77'] },
        'was not uploaded to this alert',
      ],
    ])('refuses %s with 400 and a message naming the field', async (_what, override, message) => {
      const body = await refused(create(aCreateBody(override)), 400);
      expect((body.problems as string[]).join('\n')).toContain(message);
    });

    it('refuses uploads that are not images (415), too large (413) or damaged (422)', async () => {
      const id = expectStatus(
        await t.http().post('/v1/alerts').set(bearer(tokens.officer)).send(aCreateBody()),
        201,
      ).id!;
      const upload = (type: string, bytes: Buffer) => () =>
        t
          .http()
          .post(`/v1/alerts/${id}/photos`)
          .set(bearer(tokens.officer))
          .set('Content-Type', type)
          .send(bytes);
      await refused(upload('image/jpeg', Buffer.from('%PDF-1.7 not a photo')), 415, {
        error: 'photo_unsupported_type',
      });
      await refused(upload('text/plain', Buffer.from('hello')), 415, { error: 'unsupported_media_type' });
      const jpeg = await aPhoneJpeg(64, 64);
      await refused(upload('image/png', Buffer.concat([jpeg.subarray(0, 200)])), 422, {
        error: 'photo_unreadable',
      });
      await refused(upload('image/jpeg', Buffer.alloc(t.config.PHOTO_MAX_BYTES + 1, 0xff)), 413);
    });

    it('refuses ids that are not UUIDs and answers 404 for unknown alerts', async () => {
      await refused(() => t.http().get('/v1/alerts/not-a-uuid'), 400);
      await refused(
        () =>
          t.http().post('/v1/alerts/6f1c1d0e-3c57-4b8e-9a55-0c1f3f2b8a01/submit').set(bearer(tokens.officer)),
        404,
        {
          error: 'not_found',
        },
      );
      await refused(() => t.http().get('/v1/alerts/6f1c1d0e-3c57-4b8e-9a55-0c1f3f2b8a01'), 404);
    });
  });
});
