import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import type { Pool } from 'pg';
import { Pool as PgPool } from 'pg';
import { AlertFixtures } from '@childalert/alerts';
import { SubscriptionLinks } from '@childalert/audience';
import { deadLetterTopicOf, type DispatchBatch, Header, Topic } from '@childalert/contracts';
import { DeliveryLedger, DeliveryPlans } from '@childalert/delivery';
import { RawKafka, uniquePrefix } from '../messaging/messaging-test.kit';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { PublishedAlerts } from '../delivery/support/published-alerts';
import { readUntil } from '../delivery/support/topic-reader';
import { FanOut } from '../support/fan-out';
import { seedEmailSubscribers, type SeededSubscriber } from './support/email-subscribers';
import {
  PUBLIC_BASE_URL,
  SIGNING_SECRET,
  startWorkerInProcess,
  workerEnv,
} from './support/email-worker.harness';
import { type ProgressApi, startProgressApi } from './support/progress-api';
import { SmtpSink } from './support/smtp-sink';

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

describe('e-mail delivery', () => {
  jest.setTimeout(30_000);
  const prefix = uniquePrefix('email');
  const kafka = new RawKafka();
  const fanOut = new FanOut(kafka, prefix, 'email');
  let database: TestDatabase;
  let pool: Pool;
  let sink: SmtpSink;
  let worker: INestApplication;
  let api: ProgressApi;
  let alerts: PublishedAlerts;
  let plans: DeliveryPlans;
  let ledger: DeliveryLedger;
  const links = new SubscriptionLinks({ publicBaseUrl: PUBLIC_BASE_URL, signingSecret: SIGNING_SECRET });

  beforeAll(async () => {
    database = await createTestDatabase();
    pool = new PgPool({ connectionString: database.url, max: 4 });
    sink = await new SmtpSink().start();
    worker = await startWorkerInProcess(
      workerEnv({ databaseUrl: database.url, topicPrefix: prefix, smtpPort: sink.port }),
    );
    api = await startProgressApi(database.url, prefix);
    alerts = new PublishedAlerts(pool);
    plans = new DeliveryPlans(pool);
    ledger = new DeliveryLedger(pool);
  }, 60_000);

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await kafka.close();
    await sink?.stop();
    await pool?.end();
    await database?.drop();
  });

  const mailsOf = (alertId: string) =>
    sink.mails.filter((mail) => mail.messageId.includes(`alert-${alertId}-`));

  async function progressOf(alertId: string, until: (email: Record<string, unknown>) => boolean) {
    const token = await api.token('operator');
    const deadline = Date.now() + 30_000;
    for (;;) {
      const response = await api
        .http()
        .get(`/v1/alerts/${alertId}/deliveries`)
        .set(bearer(token))
        .expect(200);
      const body = response.body as { channels: Record<string, unknown>[] };
      const email = body.channels.find((c) => c.channel === 'email');
      if (email && until(email)) return email;
      if (Date.now() > deadline) throw new Error(`progress never matched: ${JSON.stringify(body)}`);
      // Receipts are applied by a consumer: the next read sees them.
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  it('sends one e-mail to each recipient, in their language, with working one-click unsubscribe headers', async () => {
    const subscribers = await seedEmailSubscribers(pool, 40, {
      prefix: `fanout-${randomUUID().slice(0, 6)}`,
    });
    const content = AlertFixtures.anAlertContent();
    const alertId = await alerts.activate(content);
    await plans.record({ alertId, version: 1, channel: 'email', eventType: 'activated', planned: 40 });

    await fanOut.send(alertId, 1, 'activated', subscribers, 10);
    await sink.waitFor(() => mailsOf(alertId).length >= 40, '40 alert e-mails');

    const mails = mailsOf(alertId);
    expect(mails).toHaveLength(40);
    expect(new Set(mails.map((m) => m.to))).toEqual(new Set(subscribers.map((s) => s.address)));
    for (const subscriber of subscribers) {
      const [mail] = mails.filter((m) => m.to === subscriber.address);
      expect(mail.messageId).toBe(`<alert-${alertId}-v1-${subscriber.id}@childalert.example>`);
      expect(mail.contentLanguage).toBe(subscriber.language);
      expect(mail.text).toContain(content.texts[subscriber.language].description);
      expect(mail.text).toContain('116 000');
      expect(mail.text).toContain(content.policeContact.phone);
      expect(mail.html).toContain(
        `${PUBLIC_BASE_URL}/v1/alerts/${alertId}/photos/${AlertFixtures.FIXTURE_PHOTO_ID}/email`,
      );
      const unsubscribe =
        /^List-Unsubscribe: <(.+)>$/.exec(mail.rawHeader('list-unsubscribe') ?? '')?.[1] ?? '';
      expect(unsubscribe.startsWith(`${PUBLIC_BASE_URL}/v1/subscriptions/email/unsubscribe?token=`)).toBe(
        true,
      );
      const token = new URL(unsubscribe).searchParams.get('token') ?? '';
      expect(links.signer.verifyUnsubscribe(token)).toEqual({ subscriptionId: subscriber.id });
      expect(mail.rawHeader('list-unsubscribe-post')).toBe(
        'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
      );
      expect(mail.text).toContain(unsubscribe);
    }
    const subjects = new Set(mails.map((m) => `${m.contentLanguage}: ${m.subject}`));
    expect(subjects.size).toBe(2);
    expect([...subjects].find((s) => s.startsWith('en: '))).toBe(
      `en: AMBER Alert: ${content.texts.en.headline}`,
    );

    const email = await progressOf(alertId, (e) => e.delivered === 40);
    expect(email).toMatchObject({
      planned: 40,
      delivered: 40,
      failed: 0,
      skipped: 0,
      retrying: 0,
      pending: 0,
    });
    expect(email.firstDeliveryAt).toEqual(expect.any(String));
    expect(Date.parse(String(email.lastDeliveryAt))).toBeGreaterThanOrEqual(
      Date.parse(String(email.firstDeliveryAt)),
    );
    expect(await ledger.statusCounts({ channel: 'email', alertId, version: 1 })).toMatchObject({
      delivered: 40,
    });

    // A replayed fan-out sends nothing again; its receipts come again and count once.
    await fanOut.send(alertId, 1, 'activated', subscribers, 10);
    const receipts = await fanOut.receiptsOf(alertId, (r) => r.length >= 80);
    expect(receipts.filter((r) => r.outcome === 'delivered')).toHaveLength(80);
    expect(mailsOf(alertId)).toHaveLength(40);
    expect(await progressOf(alertId, () => true)).toMatchObject({ delivered: 40, pending: 0 });
  });

  it('skips recipients who are unconfirmed or unsubscribed since the dispatch', async () => {
    const tag = randomUUID().slice(0, 6);
    const confirmed = await seedEmailSubscribers(pool, 3, { prefix: `ok-${tag}` });
    const unconfirmed = await seedEmailSubscribers(pool, 2, {
      prefix: `unconfirmed-${tag}`,
      confirmed: false,
    });
    const gone = await seedEmailSubscribers(pool, 1, { prefix: `gone-${tag}` });
    await pool.query('DELETE FROM email_subscriptions WHERE id = $1', [gone[0].id]);
    const alertId = await alerts.activate();

    await fanOut.send(alertId, 1, 'activated', [...confirmed, ...unconfirmed, ...gone], 10);
    const receipts = await fanOut.receiptsOf(alertId, (r) => r.length >= 6);

    expect(
      receipts
        .filter((r) => r.outcome === 'skipped')
        .map((r) => r.recipientId)
        .sort(),
    ).toEqual([...unconfirmed, ...gone].map((s) => s.id).sort());
    expect(
      mailsOf(alertId)
        .map((m) => m.to)
        .sort(),
    ).toEqual(confirmed.map((s) => s.address).sort());
  });

  it('dead-letters a hard bounce, reports it failed and deletes the subscription', async () => {
    const subscribers = await seedEmailSubscribers(pool, 5, { prefix: `bounce-${randomUUID().slice(0, 6)}` });
    const dead = subscribers[2];
    sink.refuseRecipient(dead.address, 550, '5.1.1 <user> Mailbox does not exist');
    const alertId = await alerts.activate();
    await plans.record({ alertId, version: 1, channel: 'email', eventType: 'activated', planned: 5 });

    await fanOut.send(alertId, 1, 'activated', subscribers, 5);
    const receipts = await fanOut.receiptsOf(alertId, (r) => r.length >= 5);

    expect(receipts.filter((r) => r.outcome === 'delivered')).toHaveLength(4);
    const failed = receipts.filter((r) => r.outcome === 'failed');
    expect(failed.map((r) => r.recipientId)).toEqual([dead.id]);
    expect(failed[0].reason).toContain('550');
    const letters = await readUntil<DispatchBatch>(
      `${prefix}${deadLetterTopicOf(Topic.DispatchEmail)}`,
      (messages) => messages.some((m) => m.value.alertId === alertId),
    );
    const letter = letters.find((m) => m.value.alertId === alertId)!;
    expect(letter.value.recipients).toEqual([{ id: dead.id, language: dead.language }]);
    expect(letter.headers[Header.DeadLetterReason]).toContain('550');
    const { rowCount } = await pool.query('SELECT 1 FROM email_subscriptions WHERE id = $1', [dead.id]);
    expect(rowCount).toBe(0);
    expect(mailsOf(alertId)).toHaveLength(4);
    expect(await progressOf(alertId, (e) => e.failed === 1 && e.delivered === 4)).toMatchObject({
      planned: 5,
      delivered: 4,
      failed: 1,
      pending: 0,
    });
  });

  it('waits while the relay answers 421, hands the batch back past its budget, then delivers everything once', async () => {
    const subscribers = await seedEmailSubscribers(pool, 20, { prefix: `busy-${randomUUID().slice(0, 6)}` });
    const alertId = await alerts.activate();
    await plans.record({ alertId, version: 1, channel: 'email', eventType: 'activated', planned: 20 });
    sink.refuseEverything(421);

    await fanOut.send(alertId, 1, 'activated', subscribers, 10);
    // A retried receipt: the batch outlived its time budget and went back to Kafka (RetryLaterError).
    await fanOut.receiptsOf(alertId, (r) => r.some((x) => x.outcome === 'retried'));
    expect(mailsOf(alertId)).toEqual([]);
    sink.accept();
    const receipts = await fanOut.receiptsOf(
      alertId,
      (r) => new Set(r.filter((x) => x.outcome === 'delivered').map((x) => x.recipientId)).size >= 20,
    );

    expect(receipts.filter((r) => r.outcome === 'failed')).toEqual([]);
    const mails = mailsOf(alertId);
    expect(mails).toHaveLength(20);
    expect(new Set(mails.map((m) => m.to)).size).toBe(20);
    expect(await progressOf(alertId, (e) => e.delivered === 20)).toMatchObject({
      planned: 20,
      delivered: 20,
      failed: 0,
      retrying: 0,
      pending: 0,
    });
  });

  it('stops an alert that ended mid fan-out and sends its end to everyone it reached', async () => {
    const subscribers = await seedEmailSubscribers(pool, 6, { prefix: `ended-${randomUUID().slice(0, 6)}` });
    const reached = subscribers.slice(0, 3);
    const notYet = subscribers.slice(3);
    const content = AlertFixtures.anAlertContent();
    const alertId = await alerts.activate(content);

    await fanOut.send(alertId, 1, 'activated', reached, 10);
    await fanOut.receiptsOf(alertId, (r) => r.length >= 3);

    const updated = { ...content, vehicle: { ...content.vehicle, colour: 'dark blue' } };
    await alerts.update(alertId, 2, updated);
    await fanOut.send(alertId, 2, 'updated', reached, 10);
    await fanOut.receiptsOf(alertId, (r) => r.filter((x) => x.version === 2).length >= 3);
    const updates = mailsOf(alertId).filter((m) => m.messageId.includes('-v2-'));
    expect(updates).toHaveLength(3);
    for (const mail of updates) {
      expect(mail.subject).toContain(mail.contentLanguage === 'el' ? 'ΕΝΗΜΕΡΩΣΗ' : 'UPDATE');
      if (mail.contentLanguage === 'en') expect(mail.text).toContain('What changed in this update: Vehicle.');
    }

    await alerts.end(alertId, 3, 'found_safe', content);
    // The rest of version 1's fan-out arrives after the end: nobody else gets the alert.
    await fanOut.send(alertId, 1, 'activated', notYet, 10);
    const late = await fanOut.receiptsOf(alertId, (r) => r.filter((x) => x.version === 1).length >= 6);
    expect(
      late
        .filter((r) => r.version === 1 && r.outcome === 'skipped')
        .map((r) => r.recipientId)
        .sort(),
    ).toEqual(notYet.map((s) => s.id).sort());

    // The dispatcher's audience of the end: everyone the alert reached, from the ledger.
    const audience: { id: string; language: string }[] = [];
    for await (const page of ledger.streamReachedRecipients('email', alertId, { batchSize: 2 }))
      audience.push(...page);
    expect(audience.map((r) => r.id).sort()).toEqual(reached.map((s) => s.id).sort());
    await fanOut.send(alertId, 3, 'resolved', audience, 10);
    await fanOut.receiptsOf(alertId, (r) => r.filter((x) => x.version === 3).length >= 3);

    const ends = mailsOf(alertId).filter((m) => m.messageId.includes('-v3-'));
    expect(ends.map((m) => m.to).sort()).toEqual(reached.map((s) => s.address).sort());
    for (const mail of ends) {
      if (mail.contentLanguage === 'en') expect(mail.subject).toContain('FOUND SAFE');
      expect(mail.text).not.toContain(content.child.name);
    }
    expect(mailsOf(alertId).filter((m) => notYet.some((s: SeededSubscriber) => s.address === m.to))).toEqual(
      [],
    );
  });

  it('answers progress to the roles that follow a fan-out only, and live as server-sent events', async () => {
    const subscribers = await seedEmailSubscribers(pool, 4, { prefix: `sse-${randomUUID().slice(0, 6)}` });
    const alertId = await alerts.activate();
    await plans.record({ alertId, version: 1, channel: 'email', eventType: 'activated', planned: 4 });

    await api
      .http()
      .get(`/v1/alerts/${alertId}/deliveries`)
      .set(bearer(await api.token('officer')))
      .expect(403);
    await api.http().get(`/v1/alerts/${alertId}/deliveries`).expect(401);
    await api
      .http()
      .get(`/v1/alerts/${randomUUID()}/deliveries`)
      .set(bearer(await api.token('auditor')))
      .expect(404);

    await api.app.listen(0, '127.0.0.1');
    const url = `${await api.app.getUrl()}/v1/alerts/${alertId}/deliveries/stream`;
    const response = await fetch(url, { headers: bearer(await api.token('supervisor')) });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const events: { channels: { channel: string; delivered: number; pending: number }[] }[] = [];
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    const first = (async () => {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const data = block.split('\n').find((line) => line.startsWith('data: '));
          if (data) events.push(JSON.parse(data.slice(6)) as (typeof events)[number]);
          if (events.at(-1)?.channels[0]?.delivered === 4) return;
        }
      }
    })();
    await fanOut.send(alertId, 1, 'activated', subscribers, 10);
    await first;
    await reader.cancel();

    expect(events[0].channels).toEqual([
      expect.objectContaining({ channel: 'email', delivered: 0, pending: 4 }),
    ]);
    expect(events.at(-1)!.channels).toEqual([
      expect.objectContaining({ channel: 'email', delivered: 4, pending: 0 }),
    ]);
  });
});
