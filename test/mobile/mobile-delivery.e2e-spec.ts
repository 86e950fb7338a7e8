import type { INestApplication } from '@nestjs/common';
import type { Pool } from 'pg';
import { Pool as PgPool } from 'pg';
import { AlertFixtures } from '@childalert/alerts';
import { DeliveryLedger } from '@childalert/delivery';
import { RawKafka, uniquePrefix } from '../messaging/messaging-test.kit';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { PublishedAlerts } from '../delivery/support/published-alerts';
import { FanOut } from '../support/fan-out';
import { makeTestCertificate, type TestCertificate } from '../webpush/support/test-certificate';
import { FcmReceiver } from './support/fcm-receiver';
import { recipientsOf, seedMobileSubscribers } from './support/mobile-subscribers';
import {
  FCM_PROJECT_ID,
  PUBLIC_BASE_URL,
  startWorkerInProcess,
  testAccessToken,
  workerEnv,
} from './support/mobile-worker.harness';

describe('mobile (FCM) delivery', () => {
  jest.setTimeout(60_000);
  const prefix = uniquePrefix('mobile');
  const kafka = new RawKafka();
  const fanOut = new FanOut(kafka, prefix, 'mobile');
  const accessToken = testAccessToken();
  let database: TestDatabase;
  let pool: Pool;
  let certificate: TestCertificate;
  let receiver: FcmReceiver;
  let worker: INestApplication;
  let alerts: PublishedAlerts;
  let ledger: DeliveryLedger;

  beforeAll(async () => {
    database = await createTestDatabase();
    pool = new PgPool({ connectionString: database.url, max: 4 });
    certificate = makeTestCertificate();
    receiver = await new FcmReceiver(certificate, { projectId: FCM_PROJECT_ID, accessToken }).start();
    worker = await startWorkerInProcess(
      workerEnv({
        databaseUrl: database.url,
        topicPrefix: prefix,
        receiverOrigin: receiver.origin,
        caFile: certificate.certFile,
        accessToken,
      }),
    );
    alerts = new PublishedAlerts(pool);
    ledger = new DeliveryLedger(pool);
  }, 60_000);

  afterAll(async () => {
    await worker?.close();
    await kafka.close();
    await receiver?.stop();
    certificate?.remove();
    await pool?.end();
    await database?.drop();
  });

  afterEach(() => {
    // Every request of every case was addressed, authorised and shaped right.
    expect(receiver.violations).toEqual([]);
  });

  const messagesOf = (alertId: string, version?: number) =>
    receiver.received.filter(
      (m) =>
        m.message.data.alertId === alertId &&
        (version === undefined || m.message.data.version === String(version)),
    );

  const subscriptionIds = async (ids: string[]) =>
    (
      await pool.query<{ id: string }>(
        'SELECT id::text AS id FROM mobile_subscriptions WHERE id = ANY($1::bigint[])',
        [ids],
      )
    ).rows
      .map((r) => r.id)
      .sort();

  it('sends every device exactly one high-priority notification in its language; the resolution reaches all it reached', async () => {
    const subscribers = await seedMobileSubscribers(pool, receiver, 60);
    const content = { ...AlertFixtures.anAlertContent(), expiresAt: new Date(Date.now() + 3 * 3600_000) };
    const alertId = await alerts.activate(content);

    await fanOut.send(alertId, 1, 'activated', recipientsOf(subscribers), 20);
    await receiver.waitFor(() => messagesOf(alertId).length >= 60, '60 messages');
    await fanOut.receiptsOf(alertId, (r) => r.filter((x) => x.outcome === 'delivered').length >= 60);

    const received = messagesOf(alertId);
    expect(received).toHaveLength(60);
    const byToken = new Map(received.map((m) => [m.token, m.message]));
    expect(byToken.size).toBe(60);
    const image = `${PUBLIC_BASE_URL}/v1/alerts/${alertId}/photos/${AlertFixtures.FIXTURE_PHOTO_ID}/email`;
    const collapse = `childalert-${alertId}`;
    const nowSeconds = Math.floor(Date.now() / 1000);
    for (const subscriber of subscribers) {
      const message = byToken.get(subscriber.token)!;
      expect(message.notification).toEqual({
        title: expect.stringContaining(content.child.name),
        body: expect.stringContaining(content.policeContact.phone),
        image,
      });
      expect(message.data).toEqual({
        alertId,
        version: '1',
        language: subscriber.language,
        url: `${PUBLIC_BASE_URL}/alerts/${alertId}`,
        event: 'activated',
        exercise: 'false',
      });
      expect(message.android).toMatchObject({
        priority: 'high',
        collapse_key: collapse,
        notification: { channel_id: 'child_alerts', tag: collapse, image, default_sound: true },
      });
      // TTL: until the alert expires (3 h), less the seconds the test took.
      const ttl = Number(message.android.ttl.replace(/s$/, ''));
      expect(ttl).toBeGreaterThan(3 * 3600 - 120);
      expect(ttl).toBeLessThanOrEqual(3 * 3600);
      expect(message.apns.headers).toMatchObject({ 'apns-collapse-id': collapse });
      const expiration = Number(message.apns.headers['apns-expiration']);
      expect(expiration).toBeGreaterThan(nowSeconds + 3 * 3600 - 120);
      expect(expiration).toBeLessThanOrEqual(nowSeconds + 3 * 3600 + 1);
      expect(message.apns.payload.aps).toMatchObject({
        'interruption-level': 'time-sensitive',
        'mutable-content': 1,
        'thread-id': collapse,
      });
    }
    const titles = new Set(received.map((m) => `${m.message.data.language}:${m.message.notification.title}`));
    expect(titles.size).toBe(2);
    expect(await ledger.statusCounts({ channel: 'mobile', alertId, version: 1 })).toMatchObject({
      delivered: 60,
    });

    // The ending goes to the audience the ledger shows reached, as the dispatcher reads it.
    await alerts.end(alertId, 2, 'found_safe', content);
    const reached: { id: string; language: string }[] = [];
    for await (const page of ledger.streamReachedRecipients('mobile', alertId, { batchSize: 25 }))
      reached.push(...page);
    expect(reached.map((r) => r.id).sort()).toEqual(subscribers.map((s) => s.id).sort());
    await fanOut.send(alertId, 2, 'resolved', reached, 25);
    await receiver.waitFor(() => messagesOf(alertId, 2).length >= 60, '60 endings');
    const endings = messagesOf(alertId, 2);
    expect(new Set(endings.map((m) => m.token))).toEqual(new Set(subscribers.map((s) => s.token)));
    for (const { message } of endings) {
      expect(message.data).toMatchObject({ event: 'resolved', version: '2' });
      // Same tag and collapse id: the ending replaces the alert on the device; no photo, no name.
      expect(message.android.notification.tag).toBe(collapse);
      expect(message.apns.headers['apns-collapse-id']).toBe(collapse);
      expect(message.notification.image).toBeUndefined();
      expect(JSON.stringify(message)).not.toContain(content.child.name);
      expect(message.android.ttl).toBe(`${24 * 3600}s`);
    }
    // The keep-alive agent: a handful of connections for 120 messages, not one each.
    expect(receiver.connections).toBeLessThanOrEqual(16);
  });

  it('deletes tokens FCM reports UNREGISTERED or INVALID_ARGUMENT, reports them failed, keeps the rest', async () => {
    const subscribers = await seedMobileSubscribers(pool, receiver, 8);
    const [unregistered, invalid] = [subscribers[1], subscribers[6]];
    receiver.answerFor(unregistered.token, 'UNREGISTERED');
    receiver.answerFor(invalid.token, 'INVALID_ARGUMENT');
    const alertId = await alerts.activate();

    await fanOut.send(alertId, 1, 'activated', recipientsOf(subscribers), 8);
    const receipts = await fanOut.receiptsOf(alertId, (r) => r.length >= 8);

    expect(receipts.filter((r) => r.outcome === 'delivered')).toHaveLength(6);
    const failed = receipts.filter((r) => r.outcome === 'failed');
    expect(failed.map((r) => r.recipientId).sort()).toEqual([unregistered.id, invalid.id].sort());
    expect(failed.map((r) => r.reason).join(' ')).toMatch(/registration-token-not-registered/);
    expect(await subscriptionIds(subscribers.map((s) => s.id))).toEqual(
      subscribers
        .filter((s) => s !== unregistered && s !== invalid)
        .map((s) => s.id)
        .sort(),
    );
    expect(messagesOf(alertId)).toHaveLength(6);
    // Tried once each: a dead token is not retried.
    expect(await ledger.statusCounts({ channel: 'mobile', alertId, version: 1 })).toMatchObject({
      delivered: 6,
      failed: 2,
    });
  });

  it("deletes nobody when FCM's refusal blames our message or credential, not the token", async () => {
    // A credential refused for every message of a call: FCM as a whole, retried; nobody deleted.
    const subscribers = await seedMobileSubscribers(pool, receiver, 3);
    for (const s of subscribers) receiver.answerFor(s.token, 'SENDER_ID_MISMATCH', 1);
    const alertId = await alerts.activate();
    await fanOut.send(alertId, 1, 'activated', recipientsOf(subscribers), 3);
    await receiver.waitFor(() => messagesOf(alertId).length >= 3, '3 messages after the refusals');

    // A message refused as malformed (our bug) for everyone: failed, dead-lettered, nobody deleted.
    const others = await seedMobileSubscribers(pool, receiver, 3);
    for (const s of others) receiver.answerFor(s.token, 'INVALID_MESSAGE');
    const second = await alerts.activate();
    await fanOut.send(second, 1, 'activated', recipientsOf(others), 3);
    const receipts = await fanOut.receiptsOf(second, (r) => r.length >= 3);
    expect(receipts.map((r) => r.outcome)).toEqual(['failed', 'failed', 'failed']);
    expect(receipts[0].reason).toMatch(/message refused, not the token/);

    const all = [...subscribers, ...others].map((s) => s.id);
    expect(await subscriptionIds(all)).toEqual(all.sort());
  });

  it('waits out QUOTA_EXCEEDED (429) and UNAVAILABLE (503, Retry-After) and still delivers everyone exactly once', async () => {
    const subscribers = await seedMobileSubscribers(pool, receiver, 40);
    const alertId = await alerts.activate();
    const before429 = receiver.answers.filter((a) => a === 429).length;
    receiver.answerEveryone('QUOTA_EXCEEDED', 30, { 'Retry-After': '1' });

    const started = Date.now();
    await fanOut.send(alertId, 1, 'activated', recipientsOf(subscribers), 20);
    await receiver.waitFor(() => messagesOf(alertId).length >= 40, '40 messages after the quota storm');
    await fanOut.receiptsOf(
      alertId,
      (r) => new Set(r.filter((x) => x.outcome === 'delivered').map((x) => x.recipientId)).size >= 40,
    );

    expect(receiver.answers.filter((a) => a === 429).length - before429).toBe(30);
    // The quota pause (1 s here, FCM_QUOTA_BACKOFF_MS) was kept, not hammered through.
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    const tokens = messagesOf(alertId).map((m) => m.token);
    expect(tokens).toHaveLength(40);
    expect(new Set(tokens)).toEqual(new Set(subscribers.map((s) => s.token)));
    expect(await ledger.statusCounts({ channel: 'mobile', alertId, version: 1 })).toEqual({
      pending: 0,
      sending: 0,
      delivered: 40,
      failed: 0,
      skipped: 0,
    });

    // 503 with Retry-After, then INTERNAL: passing trouble, retried with backoff, nothing lost.
    const more = await seedMobileSubscribers(pool, receiver, 10);
    const second = await alerts.activate();
    const before503 = receiver.answers.filter((a) => a === 503).length;
    receiver.answerEveryone('UNAVAILABLE', 12, { 'Retry-After': '1' });
    await fanOut.send(second, 1, 'activated', recipientsOf(more), 10);
    await receiver.waitFor(() => messagesOf(second).length >= 10, '10 messages after 503s');
    receiver.answerEveryone('INTERNAL', 3);
    const third = await alerts.activate();
    await fanOut.send(third, 1, 'activated', recipientsOf(more), 10);
    await receiver.waitFor(() => messagesOf(third).length >= 10, '10 messages after 500s');
    await fanOut.receiptsOf(third, (r) => r.filter((x) => x.outcome === 'delivered').length >= 10);

    expect(receiver.answers.filter((a) => a === 503).length - before503).toBe(12);
    for (const id of [second, third]) {
      expect(messagesOf(id)).toHaveLength(10);
      expect(new Set(messagesOf(id).map((m) => m.token))).toEqual(new Set(more.map((s) => s.token)));
    }
  });
});
