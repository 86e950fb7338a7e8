// Issue 6, end to end on the mobile path: devices subscribed through
// alert-api's public API get an alert activated on the mobile channel
// through the outbox, Kafka, the dispatcher, the mobile worker and the
// loopback FCM receiver, once each in their language; a token FCM reports
// unregistered is deleted; the resolution reaches every device the alert
// reached, and the receipts come back into the alert's progress.
import { aValidatedAlert, bearer, expectStatus, previewToken } from '../alerts-api/alert-api-test.app';
import { type MobilePipeline, startMobilePipeline } from './support/mobile-pipeline.harness';

const ATHENS = { lat: 37.9838, lon: 23.7275 };
const ATHENS_AREA = { kind: 'circle', ...ATHENS, radiusKm: 25 };

interface Device {
  token: string;
  language: 'el' | 'en';
}

describe('mobile fan-out across alert-api, dispatcher and mobile worker', () => {
  let pipeline: MobilePipeline;

  beforeAll(async () => {
    pipeline = await startMobilePipeline({ dispatchBatchSize: 10 });
  }, 90_000);

  afterAll(async () => {
    await pipeline?.close();
  });

  async function subscribe(area: Record<string, unknown>, language: 'el' | 'en', platform: string) {
    const token = pipeline.receiver.register();
    expectStatus(
      await pipeline.api
        .http()
        .post('/v1/subscriptions/mobile')
        .send({ token, platform, languages: [language], area }),
      201,
    );
    return { token, language };
  }

  it('reaches each device of the area once in its language, deletes an unregistered token, and ends on every device reached', async () => {
    const { api, staff, receiver } = pipeline;
    const inside: Device[] = [];
    for (let i = 0; i < 24; i += 1) {
      const area = { kind: 'circle', lat: ATHENS.lat + (i % 6) * 0.01, lon: ATHENS.lon, radiusKm: 3 };
      inside.push(await subscribe(area, i % 2 === 0 ? 'el' : 'en', i % 3 === 0 ? 'ios' : 'android'));
    }
    inside.push(await subscribe({ kind: 'country', code: 'GR' }, 'en', 'android'));
    // Outside the activated area: Thessaloniki and Cyprus.
    const outside = [
      await subscribe({ kind: 'circle', lat: 40.6401, lon: 22.9444, radiusKm: 5 }, 'el', 'android'),
      await subscribe({ kind: 'country', code: 'CY' }, 'en', 'ios'),
    ];
    const gone = inside[5];
    receiver.answerFor(gone.token, 'UNREGISTERED');
    const N = inside.length;

    const id = await aValidatedAlert(api, staff);
    const confirmationToken = await previewToken(api, id, staff.operator, {
      intent: 'activate',
      channels: 'mobile',
      area: JSON.stringify(ATHENS_AREA),
    });
    expectStatus(
      await api
        .http()
        .post(`/v1/alerts/${id}/activate`)
        .set(bearer(staff.operator))
        .send({ confirmationToken, channels: ['mobile'], area: ATHENS_AREA }),
      200,
    );
    const activation = await pipeline.mobileProgress(
      id,
      (m) => m.pending === 0 && m.delivered + m.failed === N,
    );
    expect(activation).toMatchObject({ planned: N, delivered: N - 1, failed: 1, skipped: 0, pending: 0 });

    const messagesOf = (event: string) =>
      receiver.received.filter((m) => m.message.data.alertId === id && m.message.data.event === event);
    const alerts = messagesOf('activated');
    const reached = inside.filter((d) => d !== gone);
    expect(alerts.map((m) => m.token).sort()).toEqual(reached.map((d) => d.token).sort());
    for (const device of reached) {
      const message = alerts.find((m) => m.token === device.token)!.message;
      expect(message.data.language).toBe(device.language);
      expect(message.notification.image).toMatch(new RegExp(`/v1/alerts/${id}/photos/[^/]+/email$`));
    }
    expect(receiver.received.filter((m) => outside.some((d) => d.token === m.token))).toEqual([]);
    const { rows } = await api.pool.query<{ n: string }>(
      'SELECT count(*)::text AS n FROM mobile_subscriptions WHERE token = $1',
      [gone.token],
    );
    expect(rows[0].n).toBe('0');

    const resolveToken = await previewToken(api, id, staff.operator, { intent: 'resolve' });
    expectStatus(
      await api
        .http()
        .post(`/v1/alerts/${id}/resolve`)
        .set(bearer(staff.operator))
        .send({ confirmationToken: resolveToken }),
      200,
    );
    const progress = await pipeline.mobileProgress(id, (m) => {
      const ending = m.versions.find((v) => v.eventType === 'resolved');
      return ending !== undefined && ending.pending === 0 && ending.delivered === N - 1;
    });
    expect(progress.versions.find((v) => v.eventType === 'resolved')).toMatchObject({
      planned: N - 1,
      delivered: N - 1,
      failed: 0,
    });
    const endings = messagesOf('resolved');
    expect(endings.map((m) => m.token).sort()).toEqual(reached.map((d) => d.token).sort());
    for (const { message } of endings) {
      expect(message.android.collapse_key).toBe(`childalert-${id}`);
      expect(message.notification.image).toBeUndefined();
    }
    expect(receiver.violations).toEqual([]);
  }, 90_000);
});
