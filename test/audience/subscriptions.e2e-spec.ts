import { createECDH, randomBytes } from 'node:crypto';
import { AudienceRepository } from '@childalert/audience';
import { bearer, ADMIN } from '../auth/auth-test.app';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { type AudienceTestApp, localPath, startAudienceTestApp } from './audience-test.app';
import { type ReceivedMail, type SmtpReceiver, startSmtpReceiver } from './smtp-receiver';

const ATHENS_AREA = { kind: 'circle', lat: 37.9838, lon: 23.7275, radiusKm: 10 };
const ATHENS_ALERT = { kind: 'circle' as const, lat: 37.98, lon: 23.73, radiusKm: 5 };

function pushSubscription() {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  return {
    endpoint: `https://push.example.net/send/${randomBytes(24).toString('base64url')}`,
    expirationTime: null,
    keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: randomBytes(16).toString('base64url') },
  };
}

const fcmToken = (): string =>
  `${randomBytes(16).toString('base64url')}:APA91b${randomBytes(96).toString('base64url')}`;

function linkIn(mail: ReceivedMail, path: string): string {
  const found = mail.parsed.text?.match(
    new RegExp(`https://alerts\\.example\\.org${path}\\?token=[A-Za-z0-9._-]+`),
  );
  if (!found) throw new Error(`no ${path} link in: ${mail.parsed.text}`);
  return found[0];
}

describe('subscriptions API (e2e)', () => {
  let database: TestDatabase;
  let smtp: SmtpReceiver;
  let sut: AudienceTestApp;
  let audience: AudienceRepository;

  beforeAll(async () => {
    database = await createTestDatabase();
    smtp = await startSmtpReceiver();
    sut = await startAudienceTestApp(database, smtp.port);
    audience = sut.app.get(AudienceRepository);
  });

  afterAll(async () => {
    await sut?.close();
    await smtp?.close();
    await database?.drop();
  });

  beforeEach(async () => {
    smtp.received.length = 0;
    smtp.refuseRecipients(undefined);
    await sut.pool.query('TRUNCATE webpush_subscriptions, mobile_subscriptions, email_subscriptions');
  });

  const count = async (table: string): Promise<number> =>
    Number((await sut.pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);

  const selectEmail = async (): Promise<string[]> => {
    const ids: string[] = [];
    for await (const batch of audience.streamRecipients({
      channel: 'email',
      area: ATHENS_ALERT,
      languages: ['el', 'en'],
      testAudienceOnly: false,
      batchSize: 10,
    })) {
      ids.push(...batch.map((recipient) => recipient.id));
    }
    return ids;
  };

  describe('e-mail', () => {
    it('subscribes with double opt-in, confirms by the link and unsubscribes with one click', async () => {
      const accepted = await sut
        .http()
        .post('/v1/subscriptions/email')
        .send({ address: ' Maria@Example.org ', language: 'el', area: ATHENS_AREA })
        .expect(202);
      expect(accepted.body).toEqual({
        status: 'confirmation_pending',
        message:
          'If this address can receive e-mail, a confirmation link is on its way. Alerts start once the link is followed.',
      });

      const [mail] = await smtp.waitForMessages(1);
      expect(mail.to).toEqual(['maria@example.org']);
      expect(mail.parsed.subject).toBe('Επιβεβαιώστε την εγγραφή σας στις ειδοποιήσεις για παιδιά');
      expect(mail.parsed.from?.text).toBe('"Child Alert" <alerts@example.org>');
      const confirmUrl = linkIn(mail, '/v1/subscriptions/email/confirm');
      const unsubscribeUrl = linkIn(mail, '/v1/subscriptions/email/unsubscribe');
      expect(mail.header('list-unsubscribe')).toBe(`<${unsubscribeUrl}>`);
      expect(mail.header('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
      expect(mail.parsed.html).toContain(`href="${confirmUrl}"`);

      // Unconfirmed: never selected, never loaded for sending.
      const [row] = (await sut.pool.query<{ id: string }>('SELECT id::text AS id FROM email_subscriptions'))
        .rows;
      expect(await selectEmail()).toEqual([]);
      expect((await audience.loadRecipients('email', [row.id])).size).toBe(0);

      const page = await sut.http().get(localPath(confirmUrl)).set('Accept', 'text/html').expect(200);
      expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(page.headers['referrer-policy']).toBe('no-referrer');
      expect(page.text).toContain('<h1>Subscription confirmed</h1>');
      const again = await sut.http().get(localPath(confirmUrl)).expect(200);
      expect(again.body).toEqual({ status: 'already_confirmed' });

      expect(await selectEmail()).toEqual([row.id]);
      expect([...(await audience.loadRecipients('email', [row.id])).values()]).toEqual([
        { id: row.id, address: 'maria@example.org' },
      ]);

      // GET asks and deletes nothing (mail scanners follow links).
      const ask = await sut.http().get(localPath(unsubscribeUrl)).set('Accept', 'text/html').expect(200);
      expect(ask.text).toContain('<form method="post">');
      expect((await sut.http().get(localPath(unsubscribeUrl)).expect(200)).body).toEqual({
        status: 'subscribed',
      });
      expect(await count('email_subscriptions')).toBe(1);

      // RFC 8058 one-click: a POST of List-Unsubscribe=One-Click to the List-Unsubscribe URL.
      const done = await sut
        .http()
        .post(localPath(unsubscribeUrl))
        .type('form')
        .send('List-Unsubscribe=One-Click')
        .expect(200);
      expect(done.body).toEqual({ status: 'unsubscribed' });
      expect(await count('email_subscriptions')).toBe(0);
      await sut
        .http()
        .post(localPath(unsubscribeUrl))
        .type('form')
        .send('List-Unsubscribe=One-Click')
        .expect(200);
      expect((await sut.http().get(localPath(unsubscribeUrl)).expect(200)).body).toEqual({
        status: 'unsubscribed',
      });
      expect(smtp.received).toHaveLength(1);
    });

    it('answers the same for a known address, resends without a second row, and retires the old link', async () => {
      const body = { address: 'nikos@example.org', language: 'en', area: ATHENS_AREA };
      const first = await sut.http().post('/v1/subscriptions/email').send(body).expect(202);
      const second = await sut.http().post('/v1/subscriptions/email').send(body).expect(202);
      expect(second.body).toEqual(first.body);
      const [mail1, mail2] = await smtp.waitForMessages(2);
      expect(await count('email_subscriptions')).toBe(1);
      const old = linkIn(mail1, '/v1/subscriptions/email/confirm');
      const current = linkIn(mail2, '/v1/subscriptions/email/confirm');
      expect(mail2.parsed.subject).toBe('Confirm your child alert subscription');

      const superseded = await sut.http().get(localPath(old)).expect(410);
      expect(superseded.body).toEqual({
        statusCode: 410,
        error: 'link_superseded',
        message: 'A newer confirmation e-mail was sent to this address. Use the link in the latest one.',
      });
      await sut.http().get(localPath(current)).expect(200);

      // Confirmed, then asked again: same answer, and nothing changes until the new link is followed.
      const change = { ...body, area: { kind: 'country', code: 'AL' } };
      expect((await sut.http().post('/v1/subscriptions/email').send(change).expect(202)).body).toEqual(
        first.body,
      );
      const [, , mail3] = await smtp.waitForMessages(3);
      expect(mail3.parsed.text).toContain('for this area: AL.');
      expect(await selectEmail()).toHaveLength(1);
      await sut
        .http()
        .get(localPath(linkIn(mail3, '/v1/subscriptions/email/confirm')))
        .expect(200);
      expect(await selectEmail()).toEqual([]);
      expect(await count('email_subscriptions')).toBe(1);
    });

    it('sends one confirmation per resend interval', async () => {
      const throttled = await startAudienceTestApp(database, smtp.port, { confirmationResendSeconds: 3600 });
      try {
        const body = { address: 'eleni@example.org', language: 'el', area: { kind: 'country', code: 'GR' } };
        await throttled.http().post('/v1/subscriptions/email').send(body).expect(202);
        await throttled.http().post('/v1/subscriptions/email').send(body).expect(202);
        // Each request waits for its e-mail to be accepted: what arrived by now is all that was sent.
        expect(smtp.received).toHaveLength(1);
        await throttled
          .http()
          .get(localPath(linkIn(smtp.received[0], '/v1/subscriptions/email/confirm')))
          .expect(200);
      } finally {
        await throttled.close();
      }
    });

    it('answers 503 with Retry-After while the relay defers, keeps the row unconfirmed, and a retry works', async () => {
      smtp.refuseRecipients({ code: 451, message: 'Try again later' });
      const body = { address: 'kostas@example.org', language: 'en', area: ATHENS_AREA };
      const refused = await sut.http().post('/v1/subscriptions/email').send(body).expect(503);
      expect(refused.headers['retry-after']).toBe('60');
      expect(refused.body).toEqual({
        statusCode: 503,
        error: 'email_unavailable',
        message: 'The confirmation e-mail could not be sent right now. Please try again in 60 seconds.',
      });
      const rows = await sut.pool.query('SELECT confirmed_at, confirmation_sent_at FROM email_subscriptions');
      expect(rows.rows).toEqual([{ confirmed_at: null, confirmation_sent_at: null }]);

      smtp.refuseRecipients(undefined);
      await sut.http().post('/v1/subscriptions/email').send(body).expect(202);
      const [mail] = await smtp.waitForMessages(1);
      await sut
        .http()
        .get(localPath(linkIn(mail, '/v1/subscriptions/email/confirm')))
        .expect(200);
      expect(await selectEmail()).toHaveLength(1);
    });

    it('undoes the request when the relay refuses the address for good', async () => {
      smtp.refuseRecipients({ code: 550, message: 'No such user here' });
      const refused = await sut
        .http()
        .post('/v1/subscriptions/email')
        .send({ address: 'nobody@example.org', language: 'en', area: ATHENS_AREA })
        .expect(400);
      expect(refused.body).toEqual({
        statusCode: 400,
        error: 'address_rejected',
        message: 'The mail server refused this address. Check the address and try again.',
      });
      expect(await count('email_subscriptions')).toBe(0);
    });

    it('refuses altered and foreign links, as a page for browsers', async () => {
      await sut
        .http()
        .post('/v1/subscriptions/email')
        .send({ address: 'a@example.org', language: 'en', area: ATHENS_AREA });
      const [mail] = await smtp.waitForMessages(1);
      const confirm = localPath(linkIn(mail, '/v1/subscriptions/email/confirm'));
      const altered = confirm.replace('.c.', '.u.');
      const invalid = await sut.http().get(altered).expect(400);
      expect(invalid.body).toEqual({
        statusCode: 400,
        error: 'link_invalid',
        message:
          'This link is not valid: it may have been cut or altered. Copy the whole link from the e-mail.',
      });
      const page = await sut.http().get(confirm.slice(0, -2)).set('Accept', 'text/html').expect(400);
      expect(page.text).toContain('<h1>This link does not work</h1>');
      await sut.http().post('/v1/subscriptions/email/unsubscribe?token=v1.u.1.forged').expect(400);
      await sut.http().get('/v1/subscriptions/email/confirm').expect(400);
      expect(await selectEmail()).toEqual([]);
    });
  });

  describe('web push', () => {
    it('subscribes, updates the same endpoint in place, and unsubscribes by endpoint', async () => {
      const subscription = pushSubscription();
      const created = await sut
        .http()
        .post('/v1/subscriptions/webpush')
        .send({ subscription, languages: ['el'], area: ATHENS_AREA })
        .expect(201);
      expect(created.body).toEqual({ id: expect.stringMatching(/^\d+$/) });
      const again = await sut
        .http()
        .post('/v1/subscriptions/webpush')
        .send({ subscription, languages: ['en', 'el'], area: { kind: 'regions', codes: ['gr-i'] } })
        .expect(201);
      expect(again.body).toEqual(created.body);
      const rows = await sut.pool.query(
        'SELECT endpoint, languages, area_kind, region_codes FROM webpush_subscriptions',
      );
      expect(rows.rows).toEqual([
        {
          endpoint: subscription.endpoint,
          languages: ['en', 'el'],
          area_kind: 'regions',
          region_codes: ['GR-I'],
        },
      ]);
      const contacts = await audience.loadRecipients('webpush', [created.body.id]);
      expect(contacts.get(created.body.id)).toEqual({
        id: created.body.id,
        endpoint: subscription.endpoint,
        keys: subscription.keys,
      });

      await sut
        .http()
        .delete('/v1/subscriptions/webpush')
        .send({ endpoint: subscription.endpoint })
        .expect(204);
      expect(await count('webpush_subscriptions')).toBe(0);
      // Unknown endpoint: the same answer.
      await sut
        .http()
        .delete('/v1/subscriptions/webpush')
        .query({ endpoint: subscription.endpoint })
        .expect(204);
      const missing = await sut.http().delete('/v1/subscriptions/webpush').expect(400);
      expect(missing.body.message).toBe(
        'endpoint is required: send the PushSubscription endpoint in the body ({"endpoint": ...}) or as ?endpoint=',
      );
    });

    it('unsubscribes by query too', async () => {
      const subscription = pushSubscription();
      await sut
        .http()
        .post('/v1/subscriptions/webpush')
        .send({ subscription, languages: ['el'], area: ATHENS_AREA });
      await sut
        .http()
        .delete('/v1/subscriptions/webpush')
        .query({ endpoint: subscription.endpoint })
        .expect(204);
      expect(await count('webpush_subscriptions')).toBe(0);
    });
  });

  describe('mobile', () => {
    it('subscribes, updates the same token, and unsubscribes by token', async () => {
      const token = fcmToken();
      const created = await sut
        .http()
        .post('/v1/subscriptions/mobile')
        .send({ token, platform: 'android', languages: ['el', 'en'], area: { kind: 'country', code: 'GR' } })
        .expect(201);
      await sut
        .http()
        .post('/v1/subscriptions/mobile')
        .send({ token, platform: 'ios', languages: ['en'], area: ATHENS_AREA })
        .expect(201, created.body);
      const contacts = await audience.loadRecipients('mobile', [created.body.id, '999999']);
      expect([...contacts.values()]).toEqual([{ id: created.body.id, token, platform: 'ios' }]);
      await sut
        .http()
        .delete(`/v1/subscriptions/mobile/${encodeURIComponent(token)}`)
        .expect(204);
      expect(await count('mobile_subscriptions')).toBe(0);
      const bad = await sut.http().delete('/v1/subscriptions/mobile/short').expect(400);
      expect(bad.body.error).toBe('invalid_subscription');
    });
  });

  describe('bad input', () => {
    it.each<[string, string, Record<string, unknown>, string[]]>([
      [
        'e-mail without address, with a bad language and an unknown field',
        '/v1/subscriptions/email',
        { language: 'greek', area: ATHENS_AREA, name: 'Maria' },
        [
          'property name should not exist',
          'address must be an e-mail address such as name@example.org',
          'address must be shorter than or equal to 254 characters',
          'address must be a string',
          'language must be an ISO 639-1 code such as "el" or "en"',
        ],
      ],
      [
        'a radius past the limit and a latitude out of range',
        '/v1/subscriptions/email',
        {
          address: 'x@example.org',
          language: 'el',
          area: { kind: 'circle', lat: 95, lon: 23, radiusKm: 600 },
        },
        [
          'area.lat must not be greater than 90',
          'area.radiusKm must not be greater than 500; for a whole country use kind "country"',
        ],
      ],
      [
        'an unknown area kind',
        '/v1/subscriptions/mobile',
        { token: fcmToken(), platform: 'android', languages: ['el'], area: { kind: 'city', name: 'Athens' } },
        [
          'area.property name should not exist',
          'area.kind must be one of: circle (lat, lon, radiusKm), regions (codes), country (code)',
        ],
      ],
      [
        'a region code that is no code',
        '/v1/subscriptions/mobile',
        { token: fcmToken(), platform: 'tv', languages: [], area: { kind: 'regions', codes: ['Attica'] } },
        [
          'platform must be one of: android, ios, web',
          'languages must contain at least 1 elements',
          'area.codes must hold ISO 3166 codes: a country (GR) or a region (GR-I)',
        ],
      ],
      [
        'a push subscription without keys',
        '/v1/subscriptions/webpush',
        { subscription: { endpoint: 'https://push.example.net/x' }, languages: ['el'], area: ATHENS_AREA },
        ['subscription.keys should not be null or undefined'],
      ],
    ])('%s: 400 naming each problem, nothing stored', async (_name, path, body, messages) => {
      const response = await sut.http().post(path).send(body).expect(400);
      expect(response.body.message).toEqual(messages);
      expect(await count('email_subscriptions')).toBe(0);
      expect(await count('mobile_subscriptions')).toBe(0);
      expect(await count('webpush_subscriptions')).toBe(0);
    });

    it.each<[string, (s: ReturnType<typeof pushSubscription>) => unknown, string]>([
      [
        'a plain-http endpoint',
        (s) => ({ ...s, endpoint: 'http://push.example.net/x' }),
        'subscription.endpoint must be an https URL',
      ],
      [
        'a loopback endpoint',
        (s) => ({ ...s, endpoint: 'https://127.0.0.1:8443/push' }),
        'subscription.endpoint must be on a public address, not 127.0.0.1',
      ],
      [
        'a private-network endpoint',
        (s) => ({ ...s, endpoint: 'https://192.168.1.20/push' }),
        'subscription.endpoint must be on a public address, not 192.168.1.20',
      ],
      [
        'a short p256dh key',
        (s) => ({ ...s, keys: { ...s.keys, p256dh: s.keys.p256dh.slice(0, 40) } }),
        "subscription.keys.p256dh must be the browser's P-256 public key: 65 bytes (uncompressed point), base64url",
      ],
      [
        'a long auth secret',
        (s) => ({ ...s, keys: { ...s.keys, auth: randomBytes(32).toString('base64url') } }),
        'subscription.keys.auth must be the 16-byte authentication secret, base64url',
      ],
    ])('web push with %s: 400 with the reason, nothing stored', async (_name, change, message) => {
      const response = await sut
        .http()
        .post('/v1/subscriptions/webpush')
        .send({ subscription: change(pushSubscription()), languages: ['el'], area: ATHENS_AREA })
        .expect(400);
      expect(response.body).toEqual({ statusCode: 400, error: 'invalid_subscription', message });
      expect(await count('webpush_subscriptions')).toBe(0);
    });

    it('refuses a country alias and an unknown country with the code to use', async () => {
      const alias = await sut
        .http()
        .post('/v1/subscriptions/email')
        .send({ address: 'x@example.org', language: 'el', area: { kind: 'regions', codes: ['EL-I'] } })
        .expect(400);
      expect(alias.body.message).toBe('area.codes: "EL-I": EL is not the ISO 3166-1 code, use GR');
      const unknown = await sut
        .http()
        .post('/v1/subscriptions/email')
        .send({ address: 'x@example.org', language: 'el', area: { kind: 'country', code: 'XX' } })
        .expect(400);
      expect(unknown.body.message).toBe('area.code: "XX": XX is not an ISO 3166-1 country code');
      expect(smtp.received).toHaveLength(0);
      expect(await count('email_subscriptions')).toBe(0);
    });
  });

  describe('test audience', () => {
    it('is set by an ngo_admin only, audited, and listed without contact data', async () => {
      const created = await sut
        .http()
        .post('/v1/subscriptions/mobile')
        .send({
          token: fcmToken(),
          platform: 'android',
          languages: ['el'],
          area: { kind: 'country', code: 'GR' },
        })
        .expect(201);
      const id = created.body.id as string;
      const path = `/v1/subscriptions/mobile/${id}/test-audience`;
      await sut.http().put(path).send({ testAudience: true }).expect(401);
      const token = await sut.login(ADMIN.username, ADMIN.password);
      const set = await sut.http().put(path).set(bearer(token)).send({ testAudience: true }).expect(200);
      expect(set.body).toEqual({ channel: 'mobile', id, testAudience: true });
      await sut
        .http()
        .put('/v1/subscriptions/mobile/999999/test-audience')
        .set(bearer(token))
        .send({ testAudience: true })
        .expect(404);
      await sut
        .http()
        .put('/v1/subscriptions/sms/1/test-audience')
        .set(bearer(token))
        .send({ testAudience: true })
        .expect(400);

      const list = await sut.http().get('/v1/subscriptions/test-audience').set(bearer(token)).expect(200);
      expect(list.body).toEqual({
        items: [
          {
            channel: 'mobile',
            id,
            area: { kind: 'regions', codes: ['GR'] },
            languages: ['el'],
            createdAt: expect.any(String),
          },
        ],
      });
      const audit = await sut.pool.query(
        `SELECT actor_name, action, subject_type, subject_id FROM audit_log WHERE action LIKE 'subscription.%'`,
      );
      expect(audit.rows).toEqual([
        {
          actor_name: ADMIN.username,
          action: 'subscription.test_audience.added',
          subject_type: 'mobile_subscription',
          subject_id: id,
        },
      ]);

      const exercise = async (): Promise<string[]> => {
        const ids: string[] = [];
        for await (const batch of audience.streamRecipients({
          channel: 'mobile',
          area: { kind: 'regions', codes: ['GR'] },
          languages: ['el'],
          testAudienceOnly: true,
          batchSize: 10,
        })) {
          ids.push(...batch.map((recipient) => recipient.id));
        }
        return ids;
      };
      expect(await exercise()).toEqual([id]);
      await sut.http().put(path).set(bearer(token)).send({ testAudience: false }).expect(200);
      expect(await exercise()).toEqual([]);
    });
  });

  describe('rate limit', () => {
    it('answers 429 with Retry-After past the per-client budget', async () => {
      const limited = await startAudienceTestApp(database, smtp.port, { rateLimit: { perMinute: 3 } });
      try {
        const body = { subscription: pushSubscription(), languages: ['el'], area: ATHENS_AREA };
        for (let i = 0; i < 3; i++)
          await limited.http().post('/v1/subscriptions/webpush').send(body).expect(201);
        const refused = await limited.http().post('/v1/subscriptions/webpush').send(body).expect(429);
        expect(refused.headers['retry-after']).toBe('20');
        expect(refused.body).toEqual({
          statusCode: 429,
          error: 'Too Many Requests',
          message: 'Too many subscription requests from your address. Try again in 20 seconds.',
        });
        // One budget across the subscription routes.
        await limited.http().delete('/v1/subscriptions/mobile/anything-at-all-here').expect(429);
        await limited.http().get('/v1/subscriptions/email/confirm?token=x').expect(429);
      } finally {
        await limited.close();
      }
    });
  });
});
