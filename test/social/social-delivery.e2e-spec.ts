import type { INestApplication } from '@nestjs/common';
import type { Pool } from 'pg';
import { Pool as PgPool } from 'pg';
import { randomUUID } from 'node:crypto';
import { DeliveryLedger } from '@childalert/delivery';
import { RawKafka, uniquePrefix } from '../messaging/messaging-test.kit';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { PublishedAlerts } from '../delivery/support/published-alerts';
import { FanOut } from '../support/fan-out';
import { makeTestCertificate, type TestCertificate } from '../webpush/support/test-certificate';
import { activateWithPhoto, storePhoto } from './support/alert-photos';
import {
  HASHTAGS,
  PUBLIC_BASE_URL,
  recipientsOf,
  startWorkerInProcess,
  testAccounts,
  workerEnv,
} from './support/social-worker.harness';
import { XApiReceiver } from './support/x-api-receiver';
import { xWeightedLength } from './support/x-weighted-length';

describe('social worker (X)', () => {
  jest.setTimeout(60_000);
  const prefix = uniquePrefix('social');
  const kafka = new RawKafka();
  const fanOut = new FanOut(kafka, prefix, 'social');
  const accounts = testAccounts(2);
  const recipients = recipientsOf(accounts);
  let database: TestDatabase;
  let pool: Pool;
  let certificate: TestCertificate;
  let x: XApiReceiver;
  let worker: INestApplication;
  let alerts: PublishedAlerts;
  let ledger: DeliveryLedger;

  beforeAll(async () => {
    database = await createTestDatabase();
    pool = new PgPool({ connectionString: database.url, max: 4 });
    certificate = makeTestCertificate();
    x = await new XApiReceiver(certificate, accounts).start();
    worker = await startWorkerInProcess(
      workerEnv({
        databaseUrl: database.url,
        topicPrefix: prefix,
        caFile: certificate.certFile,
        xApiBaseUrl: x.baseUrl,
        accounts,
      }),
    );
    alerts = new PublishedAlerts(pool);
    ledger = new DeliveryLedger(pool);
  }, 60_000);

  afterAll(async () => {
    await worker?.close();
    await kafka.close();
    await x?.stop();
    certificate?.remove();
    await pool?.end();
    await database?.drop();
  });

  afterEach(() => {
    // Every request was signed right and spoke the protocol right; nothing was posted twice.
    expect(x.violations).toEqual([]);
    expect(x.duplicates).toEqual([]);
  });

  const postsOf = (alertId: string) => x.posts.items.filter((post) => post.text.includes(alertId));
  const delivered = (alertId: string, count: number) =>
    fanOut.receiptsOf(alertId, (r) => r.filter((receipt) => receipt.outcome === 'delivered').length >= count);

  it('posts a thread per account: photo with alt text, replies for updates, found safe and the photo deleted', async () => {
    const { alertId, content, photoSha256 } = await activateWithPhoto(pool);

    // Activation: one post per account, in its language, with the photo and its description.
    await fanOut.send(alertId, 1, 'activated', recipients, 10);
    await x.posts.waitFor(() => postsOf(alertId).length >= 2, 'the activation posts');
    await delivered(alertId, 2);
    const roots = new Map(postsOf(alertId).map((post) => [post.account, post]));
    expect([...roots.keys()].sort()).toEqual(['x:el', 'x:en']);
    for (const [account, post] of roots) {
      expect(post.replyTo).toBeUndefined();
      expect(post.media).toEqual({
        altText: expect.stringContaining(content.child.name),
        sha256: photoSha256,
        bytes: expect.any(Number),
      });
      expect(post.text).toContain(`${PUBLIC_BASE_URL}/alerts/${alertId}`);
      expect(post.text).toContain('116 000');
      expect(post.text).toContain(content.policeContact.phone);
      expect(post.text.endsWith(HASHTAGS)).toBe(true);
      expect(xWeightedLength(post.text)).toBeLessThanOrEqual(280);
      expect(post.text).toContain(account === 'x:el' ? 'Εθεάθη' : 'Last seen');
    }
    expect(roots.get('x:en')!.media!.altText).toBe(
      `Photo of the child: ${content.child.name}, 7 years old, girl`,
    );

    // An update: a reply to the root in each thread, without the same photo again.
    await alerts.update(alertId, 2, {
      ...content,
      lastSeen: { ...content.lastSeen, place: { ...content.lastSeen.place, address: 'Piraeus port' } },
    });
    await fanOut.send(alertId, 2, 'updated', recipients, 10);
    await x.posts.waitFor(() => postsOf(alertId).length >= 4, 'the update replies');
    const updates = postsOf(alertId).slice(2);
    for (const reply of updates) {
      expect(reply.replyTo).toBe(roots.get(reply.account)!.id);
      expect(reply.media).toBeUndefined();
      expect(reply.text).toContain('Piraeus port');
      expect(reply.text).toMatch(/UPDATE|ΕΝΗΜΕΡΩΣΗ/);
    }

    // An update with a new photo: the reply carries it.
    const newPhoto = randomUUID();
    await storePhoto(pool, alertId, newPhoto);
    await alerts.update(alertId, 3, { ...content, photoIds: [newPhoto] });
    await fanOut.send(alertId, 3, 'updated', recipients, 10);
    await x.posts.waitFor(() => postsOf(alertId).length >= 6, 'the second update replies');
    const withPhoto = postsOf(alertId).slice(4);
    for (const reply of withPhoto) {
      expect(reply.replyTo).toBe(updates.find((u) => u.account === reply.account)!.id);
      expect(reply.media?.altText).toContain(content.child.name);
    }

    // Resolution: "found safe" in the thread, then every post showing the photo deleted.
    await alerts.end(alertId, 4, 'found_safe', content);
    await fanOut.send(alertId, 4, 'resolved', recipients, 10);
    await x.posts.waitFor(() => postsOf(alertId).length >= 8, 'the found safe replies');
    await fanOut.receiptsOf(
      alertId,
      (r) => r.filter((x) => x.version === 4 && x.outcome === 'delivered').length >= 2,
    );
    const endings = postsOf(alertId).slice(6);
    for (const reply of endings) {
      expect(reply.replyTo).toBe(withPhoto.find((u) => u.account === reply.account)!.id);
      expect(reply.media).toBeUndefined();
      expect(reply.text).toMatch(/FOUND SAFE|ΒΡΕΘΗΚΕ ΣΩΟ/);
      expect(reply.text).not.toContain(content.child.name);
    }
    const deleted = new Set(x.deletes.map((d) => d.postId));
    expect(
      postsOf(alertId)
        .filter((post) => post.media)
        .every((post) => deleted.has(post.id) && post.deleted),
    ).toBe(true);
    expect(postsOf(alertId).filter((post) => post.deleted)).toHaveLength(4);
    expect(await ledger.statusCounts({ channel: 'social', alertId, version: 4 })).toMatchObject({
      delivered: 2,
    });
  });

  it('waits for the reset X reports on 429 and loses nothing', async () => {
    const { alertId } = await activateWithPhoto(pool);
    x.rateLimitNext(1, 2);
    const started = Date.now();
    await fanOut.send(alertId, 1, 'activated', recipients, 10);
    await x.posts.waitFor(() => postsOf(alertId).length >= 2, 'both posts after the 429');
    await delivered(alertId, 2);
    const announced = x.resetsAnnounced.at(-1)!;
    // The limited account tried again only after the reset (the receiver also records any earlier post
    // of it as a violation); every post request sent after the 429 was seen waited for the reset too.
    const limited = postsOf(alertId).find((post) => post.account === announced.account)!;
    expect(limited.at).toBeGreaterThanOrEqual(announced.reset * 1000);
    const after = x.requests.filter((r) => r.path === '/2/tweets' && r.at > announced.at + 100);
    expect(after.length).toBeGreaterThan(0);
    for (const request of after) expect(request.at).toBeGreaterThanOrEqual(announced.reset * 1000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(postsOf(alertId)).toHaveLength(2);
  });

  it('finds a post whose answer was lost on the timeline instead of posting it twice', async () => {
    const { alertId } = await activateWithPhoto(pool);
    x.dropAfterAcceptingNext(1);
    await fanOut.send(alertId, 1, 'activated', recipients, 10);
    await delivered(alertId, 2);
    expect(postsOf(alertId)).toHaveLength(2);
    expect(new Set(postsOf(alertId).map((p) => p.account)).size).toBe(2);
    // The lost answer left the post in doubt: the worker looked on the account's timeline and found it.
    expect(x.requests.filter((r) => r.status === 0)).toHaveLength(1);
    expect(x.requests.some((r) => r.method === 'GET' && /^\/2\/users\/\d+\/tweets$/.test(r.path))).toBe(true);
    const { rows } = await pool.query<{ post_id: string }>(
      `SELECT post_id FROM social_posts WHERE alert_id = $1 AND status = 'posted' ORDER BY account`,
      [alertId],
    );
    expect(rows.map((r) => r.post_id).sort()).toEqual(
      postsOf(alertId)
        .map((p) => p.id)
        .sort(),
    );
  });
});
