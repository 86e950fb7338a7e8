import type { Pool } from 'pg';
import { Pool as PgPool } from 'pg';
import { RawKafka, uniquePrefix } from '../messaging/messaging-test.kit';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { FanOut } from '../support/fan-out';
import { makeTestCertificate, type TestCertificate } from '../webpush/support/test-certificate';
import { activateWithPhoto } from './support/alert-photos';
import { recipientsOf, testAccounts, WorkerProcess, workerEnv } from './support/social-worker.harness';
import { XApiReceiver } from './support/x-api-receiver';

const ALERTS = 20;
const ACCOUNTS = 4;
const POSTS = ALERTS * ACCOUNTS;

describe('social worker killed -9 mid fan-out', () => {
  const prefix = uniquePrefix('social-kill');
  const kafka = new RawKafka();
  const accounts = testAccounts(ACCOUNTS);
  let database: TestDatabase;
  let pool: Pool;
  let certificate: TestCertificate;
  let x: XApiReceiver;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    pool = new PgPool({ connectionString: database.url, max: 4 });
    certificate = makeTestCertificate();
    // Posts are answered 40 ms after X accepted them: a kill lands on some accepted, unanswered ones.
    x = await new XApiReceiver(certificate, accounts, { postLatencyMs: 40 }).start();
  });

  afterAll(async () => {
    for (const worker of workers) await worker.stop();
    await kafka.close();
    await x?.stop();
    certificate?.remove();
    await pool?.end();
    await database?.drop();
  });

  it('posts every alert on every account exactly once, posts in doubt included', async () => {
    const env = workerEnv({
      databaseUrl: database.url,
      topicPrefix: prefix,
      caFile: certificate.certFile,
      xApiBaseUrl: x.baseUrl,
      accounts,
      overrides: { DISPATCH_BATCHES_PER_CALL: '1', DELIVERY_CONCURRENCY: '4' },
    });
    const alertIds: string[] = [];
    for (let i = 0; i < ALERTS; i += 1) alertIds.push((await activateWithPhoto(pool)).alertId);

    const first = new WorkerProcess(env);
    workers.push(first);
    await first.startReady();
    let killed: Promise<void> | undefined;
    x.posts.onArrival(() => {
      if (killed === undefined && x.posts.items.length >= POSTS / 3) killed = first.kill9();
    });
    const fanOut = new FanOut(kafka, prefix, 'social');
    for (const alertId of alertIds)
      await fanOut.send(alertId, 1, 'activated', recipientsOf(accounts), ACCOUNTS);
    await x.posts.waitFor(() => killed !== undefined, 'kill');
    await killed;
    const atKill = x.posts.items.length;
    const { rows: doubt } = await pool.query<{ posts: string; ledger: string }>(
      `SELECT (SELECT count(*) FROM social_posts WHERE status = 'posting') AS posts,
              (SELECT count(*) FROM delivery_ledger WHERE channel = 'social' AND status = 'sending') AS ledger`,
    );

    const second = new WorkerProcess(env);
    workers.push(second);
    await second.startReady();
    const keyOf = (post: { account: string; text: string }) =>
      `${post.account}|${alertIds.find((id) => post.text.includes(id))}`;
    await x.posts.waitFor((posts) => new Set(posts.map(keyOf)).size >= POSTS, `all ${POSTS} posts`, 90_000);
    for (;;) {
      const { rows } = await pool.query<{ n: string }>(
        `SELECT count(*) AS n FROM delivery_ledger WHERE channel = 'social' AND status = 'delivered'`,
      );
      if (Number(rows[0].n) >= POSTS) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await second.stop();

    process.stdout.write(
      `social: kill -9 after ${atKill} of ${POSTS} posts: ${doubt[0].ledger} ledger rows and ${doubt[0].posts} posts in doubt; ` +
        `${x.posts.items.length} posts on X, ${x.duplicates.length} refused as duplicates\n`,
    );
    expect(atKill).toBeLessThan(POSTS);
    // Exactly once, in doubt or not: the timeline lookup found what the dead worker had posted.
    expect(x.posts.items).toHaveLength(POSTS);
    expect(new Set(x.posts.items.map(keyOf)).size).toBe(POSTS);
    expect(x.posts.items.every((post) => post.media !== undefined)).toBe(true);
    expect(x.duplicates).toEqual([]);
    expect(x.violations).toEqual([]);
    const { rows } = await pool.query<{ status: string; n: string }>(
      `SELECT status, count(*) AS n FROM social_posts GROUP BY status`,
    );
    expect(rows).toEqual([{ status: 'posted', n: String(POSTS) }]);
  }, 150_000);
});
