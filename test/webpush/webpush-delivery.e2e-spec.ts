import type { INestApplication } from '@nestjs/common';
import type { Pool } from 'pg';
import { Pool as PgPool } from 'pg';
import { type AlertContent, AlertFixtures } from '@childalert/alerts';
import { Topic } from '@childalert/contracts';
import { DeliveryLedger } from '@childalert/delivery';
import { topicOf } from '../../apps/webpush-worker/src/payload/push-payload';
import { RawKafka, uniquePrefix } from '../messaging/messaging-test.kit';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { PublishedAlerts } from '../delivery/support/published-alerts';
import { FanOut } from '../support/fan-out';
import { PushService } from './support/push-service';
import { makeTestCertificate, type TestCertificate } from './support/test-certificate';
import { recipientsOf, type SeededPushSubscriber, seedPushSubscribers } from './support/webpush-subscribers';
import {
  PUBLIC_BASE_URL,
  startWorkerInProcess,
  testVapidKeys,
  workerEnv,
} from './support/webpush-worker.harness';

/** The longest texts an alert may hold, in Greek (two bytes a letter): the largest payload there can be. */
function largestAlert(): AlertContent {
  const greek = (n: number) => 'Ωμέγα '.repeat(Math.ceil(n / 6)).slice(0, n);
  const base = AlertFixtures.anAlertContent();
  return {
    ...base,
    child: { ...base.child, name: greek(100), age: 17 },
    lastSeen: { ...base.lastSeen, place: { ...base.lastSeen.place, address: greek(300) } },
    texts: {
      el: {
        headline: greek(140),
        description: greek(2000),
        circumstances: greek(1000),
        instruction: greek(500),
      },
      en: {
        headline: greek(140),
        description: greek(2000),
        circumstances: greek(1000),
        instruction: greek(500),
      },
    },
    policeContact: { unit: greek(200), phone: '+30 210 000 0000 0000 0000' },
    expiresAt: new Date(Date.now() + 6 * 3600_000),
  };
}

describe('web push delivery', () => {
  jest.setTimeout(60_000);
  const prefix = uniquePrefix('webpush');
  const kafka = new RawKafka();
  const fanOut = new FanOut(kafka, prefix, 'webpush');
  const vapid = testVapidKeys();
  let database: TestDatabase;
  let pool: Pool;
  let certificate: TestCertificate;
  let service: PushService;
  let worker: INestApplication;
  let alerts: PublishedAlerts;
  let ledger: DeliveryLedger;

  beforeAll(async () => {
    database = await createTestDatabase();
    pool = new PgPool({ connectionString: database.url, max: 4 });
    certificate = makeTestCertificate();
    service = await new PushService(certificate, { vapidPublicKey: vapid.publicKey }).start();
    worker = await startWorkerInProcess(
      workerEnv({ databaseUrl: database.url, topicPrefix: prefix, caFile: certificate.certFile, vapid }),
    );
    alerts = new PublishedAlerts(pool);
    ledger = new DeliveryLedger(pool);
  }, 60_000);

  afterAll(async () => {
    await worker?.close();
    await kafka.close();
    await service?.stop();
    certificate?.remove();
    await pool?.end();
    await database?.drop();
  });

  afterEach(() => {
    // Every request of every case spoke the protocol right.
    expect(service.violations).toEqual([]);
  });

  const pushesOf = (alertId: string, version?: number) =>
    service.received.filter(
      (p) => p.payload.alertId === alertId && (version === undefined || p.payload.version === version),
    );

  it('sends every subscriber exactly one decryptable notification in its language, with TTL, Urgency and Topic', async () => {
    const subscribers = await seedPushSubscribers(pool, service, 60);
    const content = { ...AlertFixtures.anAlertContent(), expiresAt: new Date(Date.now() + 3 * 3600_000) };
    const alertId = await alerts.activate(content);

    await fanOut.send(alertId, 1, 'activated', recipientsOf(subscribers), 20);
    await service.waitFor(() => pushesOf(alertId).length >= 60, '60 notifications');
    await fanOut.receiptsOf(alertId, (r) => r.filter((x) => x.outcome === 'delivered').length >= 60);

    const pushes = pushesOf(alertId);
    expect(pushes).toHaveLength(60);
    const byToken = new Map(pushes.map((p) => [p.token, p]));
    expect(byToken.size).toBe(60);
    for (const subscriber of subscribers) {
      const push = byToken.get(subscriber.subscription.token)!;
      expect(push.payload).toEqual({
        alertId,
        version: 1,
        event: 'activated',
        lang: subscriber.language,
        title: expect.stringContaining(content.child.name),
        body: expect.stringContaining(content.policeContact.phone),
        url: expect.stringContaining(alertId),
        tag: `childalert-${alertId}`,
        image: `${PUBLIC_BASE_URL}/v1/alerts/${alertId}/photos/${AlertFixtures.FIXTURE_PHOTO_ID}/push`,
        requireInteraction: true,
        exercise: false,
      });
      expect(push.urgency).toBe('high');
      expect(push.topic).toBe(topicOf(alertId));
      expect(push.httpVersion).toBe('2.0');
      // TTL: until the alert expires (3 h), less the seconds the test took.
      expect(push.ttl).toBeGreaterThan(3 * 3600 - 120);
      expect(push.ttl).toBeLessThanOrEqual(3 * 3600);
    }
    const titles = new Set(pushes.map((p) => `${String(p.payload.lang)}:${String(p.payload.title)}`));
    expect(titles.size).toBe(2);
    // One VAPID JWT for the origin, reused for every message.
    expect(service.jwts.size).toBe(1);
    expect(await ledger.statusCounts({ channel: 'webpush', alertId, version: 1 })).toMatchObject({
      delivered: 60,
    });

    // The ending: same Topic (replaces what still waits at the push service), found, no personal data.
    await alerts.end(alertId, 2, 'found_safe', content);
    await fanOut.send(alertId, 2, 'resolved', recipientsOf(subscribers), 30);
    await service.waitFor(() => pushesOf(alertId, 2).length >= 60, '60 endings');
    for (const push of pushesOf(alertId, 2)) {
      expect(push.payload).toMatchObject({ found: true, event: 'resolved', tag: `childalert-${alertId}` });
      expect(push.payload.image).toBeUndefined();
      expect(JSON.stringify(push.payload)).not.toContain(content.child.name);
      expect(push.topic).toBe(topicOf(alertId));
      expect(push.ttl).toBe(24 * 3600);
    }
  });

  it('sends the largest alert there can be within 4 KB: no 413, decryptable in both languages', async () => {
    const subscribers = await seedPushSubscribers(pool, service, 4);
    const alertId = await alerts.activate(largestAlert());
    await fanOut.send(alertId, 1, 'activated', recipientsOf(subscribers), 10);
    await fanOut.receiptsOf(alertId, (r) => r.length >= 4);
    const pushes = pushesOf(alertId);
    expect(pushes).toHaveLength(4);
    for (const push of pushes) expect(push.bodyBytes).toBeLessThanOrEqual(4096);
    expect(service.answers).not.toContain(413);
    process.stdout.write(`largest alert: ${Math.max(...pushes.map((p) => p.bodyBytes))} bytes encrypted\n`);
  });

  it('deletes subscriptions the push service says are gone (404, 410) and reports them failed', async () => {
    const subscribers = await seedPushSubscribers(pool, service, 6);
    const [gone404, gone410] = [subscribers[1], subscribers[4]];
    service.answerFor(gone404.subscription.token, 404);
    service.answerFor(gone410.subscription.token, 410);
    const alertId = await alerts.activate();

    await fanOut.send(alertId, 1, 'activated', recipientsOf(subscribers), 6);
    const receipts = await fanOut.receiptsOf(alertId, (r) => r.length >= 6);

    expect(receipts.filter((r) => r.outcome === 'delivered')).toHaveLength(4);
    const failed = receipts.filter((r) => r.outcome === 'failed');
    expect(failed.map((r) => r.recipientId).sort()).toEqual([gone404.id, gone410.id].sort());
    const { rows } = await pool.query<{ id: string }>(
      'SELECT id::text AS id FROM webpush_subscriptions WHERE id = ANY($1::bigint[])',
      [subscribers.map((s) => s.id)],
    );
    expect(rows.map((r) => r.id).sort()).toEqual(
      subscribers
        .filter((s) => s !== gone404 && s !== gone410)
        .map((s) => s.id)
        .sort(),
    );
    expect(pushesOf(alertId)).toHaveLength(4);
  });

  it('waits out a 429 storm (Retry-After) and a 500 and still delivers everyone exactly once', async () => {
    const subscribers: SeededPushSubscriber[] = await seedPushSubscribers(pool, service, 40);
    const alertId = await alerts.activate();
    const before429 = service.answers.filter((a) => a === 429).length;
    service.answerEveryone(429, 30, { 'Retry-After': '1' });

    const started = Date.now();
    await fanOut.send(alertId, 1, 'activated', recipientsOf(subscribers), 20);
    await service.waitFor(() => pushesOf(alertId).length >= 40, '40 notifications after the storm');
    await fanOut.receiptsOf(
      alertId,
      (r) => new Set(r.filter((x) => x.outcome === 'delivered').map((x) => x.recipientId)).size >= 40,
    );

    expect(service.answers.filter((a) => a === 429).length - before429).toBe(30);
    // Retry-After: 1 s was honoured, not hammered through.
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    const tokens = pushesOf(alertId).map((p) => p.token);
    expect(tokens).toHaveLength(40);
    expect(new Set(tokens)).toEqual(new Set(subscribers.map((s) => s.subscription.token)));
    expect(await ledger.statusCounts({ channel: 'webpush', alertId, version: 1 })).toEqual({
      pending: 0,
      sending: 0,
      delivered: 40,
      failed: 0,
      skipped: 0,
    });

    // A 500 is the push service's passing trouble: retried with backoff, nothing lost.
    const more = await seedPushSubscribers(pool, service, 5);
    const second = await alerts.activate();
    service.answerEveryone(500, 3);
    await fanOut.send(second, 1, 'activated', recipientsOf(more), 5);
    await service.waitFor(() => pushesOf(second).length >= 5, '5 notifications after 500s');
    await fanOut.receiptsOf(second, (r) => r.filter((x) => x.outcome === 'delivered').length >= 5);
    expect(pushesOf(second)).toHaveLength(5);
  });
  it('sends once to each recipient of a batch that is on the topic twice (a replayed dispatch)', async () => {
    const subscribers = await seedPushSubscribers(pool, service, 10);
    const alertId = await alerts.activate();
    const batch = JSON.stringify({
      batchId: `${alertId}:v1:webpush:0`,
      alertId,
      version: 1,
      eventType: 'activated',
      channel: 'webpush',
      recipients: recipientsOf(subscribers),
    });
    // One key, so one partition, one after the other: both copies come in one handler call.
    await kafka.produce(`${prefix}${Topic.DispatchWebpush}`, [
      { key: `${alertId}:0`, value: batch },
      { key: `${alertId}:0`, value: batch },
    ]);
    await service.waitFor(() => pushesOf(alertId).length >= 10, '10 notifications');
    await fanOut.receiptsOf(alertId, (r) => r.filter((x) => x.outcome === 'delivered').length >= 10);
    // Time for a second copy to arrive, were one sent.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(pushesOf(alertId)).toHaveLength(10);
  });
});
