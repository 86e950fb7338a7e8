import type { INestApplication } from '@nestjs/common';
import type { Pool } from 'pg';
import { Pool as PgPool } from 'pg';
import { deadLetterTopicOf, type DispatchBatch, Topic } from '@childalert/contracts';
import { RawKafka, uniquePrefix } from '../messaging/messaging-test.kit';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { PublishedAlerts } from '../delivery/support/published-alerts';
import { readUntil } from '../delivery/support/topic-reader';
import { FanOut } from '../support/fan-out';
import { makeTestCertificate, type TestCertificate } from '../webpush/support/test-certificate';
import { activateWithPhoto } from './support/alert-photos';
import { recipientsOf, startWorkerInProcess, testAccounts, workerEnv } from './support/social-worker.harness';
import { XApiReceiver } from './support/x-api-receiver';

const CAP = 2;

describe('social worker limits: the daily cap and refusals', () => {
  jest.setTimeout(60_000);
  const prefix = uniquePrefix('social-limits');
  const kafka = new RawKafka();
  const fanOut = new FanOut(kafka, prefix, 'social');
  const accounts = testAccounts(3);
  const [el, en, revoked] = accounts as [(typeof accounts)[0], (typeof accounts)[0], (typeof accounts)[0]];
  let database: TestDatabase;
  let pool: Pool;
  let certificate: TestCertificate;
  let x: XApiReceiver;
  let worker: INestApplication;

  beforeAll(async () => {
    database = await createTestDatabase();
    pool = new PgPool({ connectionString: database.url, max: 4 });
    certificate = makeTestCertificate();
    x = await new XApiReceiver(certificate, accounts).start();
    // The third account's secret in config is not the one X holds (a revoked token).
    const configured = accounts.map((a) => (a === revoked ? { ...a, accessSecret: 'revoked' } : a));
    worker = await startWorkerInProcess(
      workerEnv({
        databaseUrl: database.url,
        topicPrefix: prefix,
        caFile: certificate.certFile,
        xApiBaseUrl: x.baseUrl,
        accounts: configured,
        overrides: { SOCIAL_DAILY_POST_CAP: String(CAP) },
      }),
    );
  }, 60_000);

  afterAll(async () => {
    await worker?.close();
    await kafka.close();
    await x?.stop();
    certificate?.remove();
    await pool?.end();
    await database?.drop();
  });

  const postsOf = (alertId: string) => x.posts.items.filter((post) => post.text.includes(alertId));
  const settled = (alertId: string, version: number, count: number) =>
    fanOut.receiptsOf(
      alertId,
      (r) =>
        r.filter((x) => x.version === version && ['delivered', 'failed'].includes(x.outcome)).length >= count,
    );

  it('never posts more than the cap in 24 hours, dead-letters the rest, and still deletes the photo at the end', async () => {
    const pair = recipientsOf([el, en]);
    const first = await activateWithPhoto(pool);
    const second = await activateWithPhoto(pool);
    const third = await activateWithPhoto(pool);
    await fanOut.send(first.alertId, 1, 'activated', pair, 10);
    await settled(first.alertId, 1, 2);
    await fanOut.send(second.alertId, 1, 'activated', pair, 10);
    await settled(second.alertId, 1, 2);
    expect(x.posts.items).toHaveLength(2 * CAP);

    // The cap is reached on both accounts: the third alert is not posted.
    await fanOut.send(third.alertId, 1, 'activated', pair, 10);
    const receipts = await settled(third.alertId, 1, 2);
    expect(
      receipts
        .filter((r) => r.version === 1)
        .map((r) => [r.recipientId, r.outcome, r.reason])
        .sort(),
    ).toEqual([
      ['x:el', 'failed', expect.stringContaining(`daily cap of ${CAP} posts in 24 h on x:el reached`)],
      ['x:en', 'failed', expect.stringContaining(`daily cap of ${CAP} posts in 24 h on x:en reached`)],
    ]);
    expect(postsOf(third.alertId)).toEqual([]);
    const dlq = await readUntil<DispatchBatch>(
      `${prefix}${deadLetterTopicOf(Topic.DispatchSocial)}`,
      (m) => m.filter((d) => d.value.alertId === third.alertId).length >= 2,
    );
    expect(dlq.filter((d) => d.value.alertId === third.alertId)).toHaveLength(2);

    // The first alert ends: its "found safe" reply is over the cap, but the photo must not stay online.
    await new PublishedAlerts(pool).end(first.alertId, 2, 'found_safe', first.content);
    await fanOut.send(first.alertId, 2, 'resolved', pair, 10);
    await settled(first.alertId, 2, 2);
    expect(postsOf(first.alertId).map((post) => post.deleted)).toEqual([true, true]);
    expect(x.posts.items).toHaveLength(2 * CAP);
    expect(x.violations).toEqual([]);
  });

  it('dead-letters a post X refuses (401: credentials revoked) without retrying it', async () => {
    const { alertId } = await activateWithPhoto(pool);
    await fanOut.send(alertId, 1, 'activated', recipientsOf([revoked]), 10);
    const receipts = await settled(alertId, 1, 1);
    expect(receipts.map((r) => [r.recipientId, r.outcome])).toEqual([[revoked.key, 'failed']]);
    expect(receipts[0].reason).toMatch(/X refused with 401/);
    expect(postsOf(alertId)).toEqual([]);
    // Exactly one request was refused: a 401 is not retried.
    expect(x.violations).toEqual([expect.stringContaining('bad oauth_signature')]);
    const { rows } = await pool.query(`SELECT 1 FROM social_posts WHERE alert_id = $1`, [alertId]);
    expect(rows).toEqual([]);
  });
});
