// Issue 6, social end to end: an alert activated on the social channel
// through alert-api reaches, through the outbox, Kafka, the dispatcher and
// the social worker, each NGO account of its languages once on a loopback X
// API, with the photo alert-api stored; an update replies in each thread; the
// resolution reaches every account the alert reached and removes the photo.
import { Pool } from 'pg';
import {
  aCreateBody,
  aPhoneJpeg,
  aValidatedAlert,
  bearer,
  expectStatus,
  previewToken,
  VALIDATE_BODY,
} from '../alerts-api/alert-api-test.app';
import { type SocialPipeline, startSocialPipeline } from './support/social-pipeline.harness';
import { PUBLIC_BASE_URL, testAccounts } from './support/social-worker.harness';

const [el, en, el2] = testAccounts(3);
const ACCOUNTS = [
  { ...el, language: 'el' },
  { ...en, language: 'en' },
  // The NGO's test account: exercises only.
  { ...el2, key: 'x:drill', language: 'el', exercise: true },
];

describe('social fan-out across alert-api, dispatcher and social worker', () => {
  jest.setTimeout(90_000);
  let pipeline: SocialPipeline;
  let pool: Pool;

  beforeAll(async () => {
    pipeline = await startSocialPipeline(ACCOUNTS);
    pool = new Pool({ connectionString: pipeline.api.database.url, max: 2 });
  }, 90_000);

  afterAll(async () => {
    await pool?.end();
    await pipeline?.close();
  });

  afterEach(() => {
    expect(pipeline.x.violations).toEqual([]);
    expect(pipeline.x.duplicates).toEqual([]);
  });

  it('posts on each account of the languages, replies with the update, and ends with found safe and the photo removed', async () => {
    const { api, staff, x } = pipeline;
    const postsOf = (alertId: string) => x.posts.items.filter((post) => post.text.includes(alertId));
    expect(aCreateBody().languages).toEqual(['el', 'en']);

    const id = await aValidatedAlert(api, staff);
    const confirmationToken = await previewToken(api, id, staff.operator, {
      intent: 'activate',
      channels: 'social',
    });
    expectStatus(
      await api
        .http()
        .post(`/v1/alerts/${id}/activate`)
        .set(bearer(staff.operator))
        .send({ confirmationToken, channels: ['social'] }),
      200,
    );
    await x.posts.waitFor(() => postsOf(id).length >= 2, 'the activation posts', 30_000);
    const { rows } = await pool.query<{ sha256: string }>(
      `SELECT v.sha256 FROM photo_variants v JOIN photos p ON p.id = v.photo_id WHERE p.alert_id = $1 AND v.variant = 'social'`,
      [id],
    );
    const roots = postsOf(id);
    expect(roots.map((post) => post.account).sort()).toEqual(['x:el', 'x:en']);
    for (const root of roots) {
      // The social card alert-api made of the upload (1200×675, no EXIF), with its description.
      expect(root.media).toMatchObject({
        sha256: rows[0].sha256,
        altText: expect.stringContaining('Maria Papadopoulou'),
      });
      expect(root.text).toContain(`${PUBLIC_BASE_URL}/alerts/${id}`);
    }

    // An update with a new photo, through the lifecycle: proposed, validated, published.
    const photo = expectStatus(
      await api
        .http()
        .post(`/v1/alerts/${id}/photos`)
        .set(bearer(staff.officer))
        .set('Content-Type', 'image/jpeg')
        .send(await aPhoneJpeg(500, 400)),
      201,
    );
    const current = expectStatus(
      await api.http().get(`/v1/alerts/${id}`).set(bearer(staff.officer)),
      200,
    ) as { photoIds?: string[]; content?: { photoIds?: string[] } };
    const photoIds = current.photoIds ?? current.content?.photoIds ?? [];
    expectStatus(
      await api
        .http()
        .post(`/v1/alerts/${id}/versions`)
        .set(bearer(staff.officer))
        .send({ child: { clothing: 'green coat' }, photoIds: [photo.photoId as string, ...photoIds] }),
      201,
    );
    expectStatus(
      await api.http().post(`/v1/alerts/${id}/validate`).set(bearer(staff.supervisor)).send(VALIDATE_BODY),
      200,
    );
    const updateToken = await previewToken(api, id, staff.operator, { intent: 'publish_update' });
    expectStatus(
      await api
        .http()
        .post(`/v1/alerts/${id}/publish-update`)
        .set(bearer(staff.operator))
        .send({ confirmationToken: updateToken }),
      200,
    );
    await x.posts.waitFor(() => postsOf(id).length >= 4, 'the update replies', 30_000);
    const replies = postsOf(id).slice(2);
    for (const reply of replies) {
      expect(reply.replyTo).toBe(roots.find((root) => root.account === reply.account)!.id);
      expect(reply.media).toBeDefined(); // the new photo comes first now
    }

    // Resolution: the ledger's audience (both accounts), "found safe", every photo post deleted.
    const resolveToken = await previewToken(api, id, staff.operator, { intent: 'resolve' });
    expectStatus(
      await api
        .http()
        .post(`/v1/alerts/${id}/resolve`)
        .set(bearer(staff.operator))
        .send({ confirmationToken: resolveToken }),
      200,
    );
    await x.posts.waitFor(() => postsOf(id).length >= 6, 'the found safe replies', 30_000);
    const endings = postsOf(id).slice(4);
    expect(endings.map((post) => post.account).sort()).toEqual(['x:el', 'x:en']);
    for (const ending of endings) {
      expect(ending.replyTo).toBe(replies.find((reply) => reply.account === ending.account)!.id);
      expect(ending.text).toMatch(/FOUND SAFE|ΒΡΕΘΗΚΕ ΣΩΟ/);
      expect(ending.media).toBeUndefined();
    }
    for (let i = 0; i < 100 && postsOf(id).filter((post) => post.deleted).length < 4; i += 1)
      await new Promise((resolve) => setTimeout(resolve, 100));
    expect(
      postsOf(id)
        .filter((post) => post.media)
        .every((post) => post.deleted),
    ).toBe(true);
    expect(postsOf(id).filter((post) => post.deleted)).toHaveLength(4);
    // The test account never saw the real alert.
    expect(x.postsOf('x:drill')).toEqual([]);
  });

  it('posts an exercise on the test account only', async () => {
    const { api, staff, x } = pipeline;
    const id = await aValidatedAlert(api, staff, { exercise: true });
    const confirmationToken = await previewToken(api, id, staff.operator, {
      intent: 'activate',
      channels: 'social',
    });
    expectStatus(
      await api
        .http()
        .post(`/v1/alerts/${id}/activate`)
        .set(bearer(staff.operator))
        .send({ confirmationToken, channels: ['social'] }),
      200,
    );
    await x.posts.waitFor(() => x.postsOf('x:drill').length >= 1, 'the exercise post', 30_000);
    const posts = x.posts.items.filter((post) => post.text.includes(id));
    expect(posts.map((post) => post.account)).toEqual(['x:drill']);
    expect(posts[0].text).toMatch(/ΑΣΚΗΣΗ|EXERCISE/);
  });
});
