import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { AlertFixtures } from '@childalert/alerts';
import type { DeliveryReceipt } from '@childalert/contracts';
import { DeliveryLedger, DeliveryPlans, DeliveryProgressRepository } from '@childalert/delivery';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { PublishedAlerts } from './support/published-alerts';

describe(DeliveryLedger.name, () => {
  let database: TestDatabase;
  let pool: Pool;
  let sut: DeliveryLedger;
  let alerts: PublishedAlerts;
  const workerA = randomUUID();
  const workerB = randomUUID();
  const recipients = ['1', '2', '3'].map((id) => ({ id, language: 'en' }));

  beforeAll(async () => {
    database = await createTestDatabase();
    pool = new Pool({ connectionString: database.url, max: 4 });
    sut = new DeliveryLedger(pool);
    alerts = new PublishedAlerts(pool);
  });

  afterAll(async () => {
    await pool.end();
    await database.drop();
  });

  it('keeps a live claim to its worker, hands it over when the lease ends, never re-claims a delivered one', async () => {
    const alertId = await alerts.activate();
    const key = { channel: 'email' as const, alertId, version: 1 };

    const a = await sut.claim(key, { recipients, workerId: workerA, leaseMs: 300, requireOpenAlert: true });
    const b = await sut.claim(key, { recipients, workerId: workerB, leaseMs: 300, requireOpenAlert: true });
    expect(a).toEqual({
      alertEnded: false,
      claimed: new Map([
        ['1', 0],
        ['2', 0],
        ['3', 0],
      ]),
    });
    expect(b).toEqual({ alertEnded: false, claimed: new Map() });
    const seenByB = await sut.read(key, ['1'], workerB);
    expect(seenByB.get('1')).toMatchObject({ status: 'sending', leasedElsewhere: true });

    await sut.record([{ ...key, recipientId: '1', status: 'delivered', attempts: 1 }], workerA);
    await sut.record(
      [{ ...key, recipientId: '2', status: 'pending', attempts: 1, lastError: '450 busy' }],
      workerA,
    );
    // '2' was handed back: anyone may take it; '3' waits for A's lease.
    const again = await sut.claim(key, {
      recipients,
      workerId: workerB,
      leaseMs: 300,
      requireOpenAlert: true,
    });
    expect(again).toEqual({ alertEnded: false, claimed: new Map([['2', 1]]) });

    await new Promise((resolve) => setTimeout(resolve, 350)); // the lease is a duration: nothing to await
    const afterLease = await sut.claim(key, {
      recipients,
      workerId: workerB,
      leaseMs: 300,
      requireOpenAlert: true,
    });
    expect([...(afterLease.alertEnded ? [] : afterLease.claimed.keys())].sort()).toEqual(['2', '3']);
    // A late 'pending' from A no longer touches what B holds; 'delivered' always lands.
    await sut.record([{ ...key, recipientId: '3', status: 'pending', attempts: 1 }], workerA);
    expect((await sut.read(key, ['3'], workerB)).get('3')).toMatchObject({
      status: 'sending',
      leasedElsewhere: false,
    });
    expect(await sut.statusCounts(key)).toEqual({
      pending: 0,
      sending: 2,
      delivered: 1,
      failed: 0,
      skipped: 0,
    });
  });

  it('claims nothing for a content version once the alert ended, and lists who it reached for the end', async () => {
    const content = AlertFixtures.anAlertContent();
    const alertId = await alerts.activate(content);
    const v1 = { channel: 'email' as const, alertId, version: 1 };
    await sut.claim(v1, { recipients, workerId: workerA, leaseMs: 10_000, requireOpenAlert: true });
    await sut.record(
      [
        { ...v1, recipientId: '1', status: 'delivered', attempts: 1 },
        { ...v1, recipientId: '2', status: 'failed', attempts: 4 },
      ],
      workerA,
    );
    await alerts.end(alertId, 2, 'found_safe', content);

    const late = await sut.claim(v1, {
      recipients: [{ id: '4', language: 'el' }],
      workerId: workerA,
      leaseMs: 10_000,
      requireOpenAlert: true,
    });
    expect(late).toEqual({ alertEnded: true });
    const reached: string[] = [];
    for await (const page of sut.streamReachedRecipients('email', alertId, { batchSize: 1 })) {
      reached.push(...page.map((r) => r.id));
    }
    // Delivered, and '3' still in flight (it may have arrived): both get the end; the failed one not.
    expect(reached).toEqual(['1', '3']);
  });
});

describe(DeliveryProgressRepository.name, () => {
  let database: TestDatabase;
  let pool: Pool;
  let sut: DeliveryProgressRepository;

  beforeAll(async () => {
    database = await createTestDatabase();
    pool = new Pool({ connectionString: database.url, max: 4 });
    sut = new DeliveryProgressRepository(pool);
  });

  afterAll(async () => {
    await pool.end();
    await database.drop();
  });

  it('counts distinct recipients whatever receipts come twice, and moves outcomes only forward', async () => {
    const alertId = randomUUID();
    await new DeliveryPlans(pool).record({
      alertId,
      version: 1,
      channel: 'email',
      eventType: 'activated',
      planned: 4,
    });
    const receipt = (
      recipientId: string,
      outcome: DeliveryReceipt['outcome'],
      at: string,
    ): DeliveryReceipt => ({
      alertId,
      version: 1,
      channel: 'email',
      recipientId,
      outcome,
      at,
    });
    const batch = [
      receipt('1', 'delivered', '2026-03-01T10:00:01.000Z'),
      receipt('2', 'retried', '2026-03-01T10:00:02.000Z'),
      receipt('3', 'failed', '2026-03-01T10:00:03.000Z'),
    ];
    expect(await sut.apply(batch)).toEqual([alertId]);
    expect(await sut.apply(batch)).toEqual([]);
    await sut.apply([
      receipt('2', 'delivered', '2026-03-01T10:00:05.000Z'),
      receipt('1', 'retried', '2026-03-01T10:00:06.000Z'),
    ]);

    const progress = await sut.read(alertId);
    expect(progress.channels).toEqual([
      expect.objectContaining({
        channel: 'email',
        planned: 4,
        delivered: 2,
        failed: 1,
        skipped: 0,
        retrying: 0,
        pending: 1,
        firstDeliveryAt: new Date('2026-03-01T10:00:01.000Z'),
        lastDeliveryAt: new Date('2026-03-01T10:00:05.000Z'),
      }),
    ]);
  });
});
