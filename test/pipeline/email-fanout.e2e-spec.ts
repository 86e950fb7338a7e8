// Issue 4, end to end on the e-mail path: an alert activated through
// alert-api's HTTP API reaches, through the outbox, Kafka, the dispatcher and
// the e-mail worker, a real SMTP relay on loopback, once per confirmed
// subscriber of its area, and the receipts come back into its progress.
import { t as translate } from '@childalert/i18n';
import { aValidatedAlert, bearer, expectStatus, previewToken } from '../alerts-api/alert-api-test.app';
import { localPath } from '../audience/audience-test.app';
import { circlesAround, type EmailSubscriber, seedEmailSubscribers } from './support/email-audience';
import {
  type ChannelProgress,
  type EmailPipeline,
  PUBLIC_BASE_URL,
  startEmailPipeline,
} from './support/email-pipeline.harness';
import { alertMailIdOf, type InboxMail } from './support/smtp-inbox';

const ATHENS = { lat: 37.9838, lon: 23.7275 };
const PATRAS = { lat: 38.2466, lon: 21.7346 };
/** What the operator activates: narrower than the 50 km the officer drafted. */
const ATHENS_AREA = { kind: 'circle', ...ATHENS, radiusKm: 25 };
const PATRAS_AREA = { kind: 'circle', ...PATRAS, radiusKm: 20 };

/** Headlines that say which language a message is in. */
const HEADLINES = {
  el: 'Η Μαρία, 7 ετών, αγνοείται στην Αθήνα',
  en: 'Maria, 7, missing in Athens',
} as const;
const TEXTS = {
  el: {
    headline: HEADLINES.el,
    description: 'Η Μαρία είναι 7 ετών, με καστανά μαλλιά.',
    circumstances: 'Εθεάθη να μπαίνει σε ασημί αυτοκίνητο.',
  },
  en: {
    headline: HEADLINES.en,
    description: 'Maria is 7, with brown hair.',
    circumstances: 'She was seen getting into a silver car.',
  },
};

type Language = keyof typeof HEADLINES;

describe('e-mail fan-out across alert-api, dispatcher and e-mail worker', () => {
  let pipeline: EmailPipeline;

  beforeAll(async () => {
    pipeline = await startEmailPipeline({
      dispatchBatchSize: 20,
      worker: {
        // Room for a relay slowed on purpose: no batch outlives its budget, no lease runs out.
        DELIVERY_BATCH_BUDGET_MS: '10000',
        DELIVERY_LEASE_MS: '20000',
        // A recipient refused for now is tried again 4–5 s later: still waiting when a resolution comes.
        DELIVERY_BACKOFF_INITIAL_MS: '5000',
        DELIVERY_BACKOFF_MAX_MS: '5000',
      },
    });
  }, 90_000);

  afterAll(async () => {
    await pipeline?.close();
  });

  beforeEach(async () => {
    // Each case has an audience of its own.
    await pipeline.api.pool.query('DELETE FROM email_subscriptions');
    pipeline.inbox.dataDelayMs = 0;
  });

  /** Officer drafts with a photo, supervisor validates, operator previews and activates on e-mail. */
  async function activateOnEmail(area: Record<string, unknown>): Promise<string> {
    const { api, staff } = pipeline;
    const id = await aValidatedAlert(api, staff, { texts: TEXTS });
    const confirmationToken = await previewToken(api, id, staff.operator, {
      intent: 'activate',
      channels: 'email',
      area: JSON.stringify(area),
    });
    const active = expectStatus(
      await api
        .http()
        .post(`/v1/alerts/${id}/activate`)
        .set(bearer(staff.operator))
        .send({ confirmationToken, channels: ['email'], area }),
      200,
    );
    expect(active.state).toBe('ACTIVE');
    return id;
  }

  /** Preview with intent=resolve, then resolve with its token (the NGO operator). */
  async function resolve(id: string): Promise<void> {
    const { api, staff } = pipeline;
    const confirmationToken = await previewToken(api, id, staff.operator, { intent: 'resolve' });
    const resolved = expectStatus(
      await api
        .http()
        .post(`/v1/alerts/${id}/resolve`)
        .set(bearer(staff.operator))
        .send({ confirmationToken }),
      200,
    );
    expect(resolved.state).toBe('RESOLVED');
  }

  /** Subscribes through the public API and, unless told otherwise, follows the confirmation link. */
  async function subscribeByApi(address: string, language: Language, confirm: boolean): Promise<void> {
    const { api, inbox } = pipeline;
    const area = { kind: 'circle', lat: 37.99, lon: 23.74, radiusKm: 3 };
    expectStatus(await api.http().post('/v1/subscriptions/email').send({ address, language, area }), 202);
    if (!confirm) return;
    await inbox.waitFor(() => inbox.mails.some((m) => m.to === address), `confirmation e-mail to ${address}`);
    const mail = inbox.mails.find((m) => m.to === address)!;
    const link = new RegExp(`${PUBLIC_BASE_URL}/v1/subscriptions/email/confirm\\?token=[A-Za-z0-9._-]+`).exec(
      mail.text,
    );
    if (link === null) throw new Error(`no confirmation link in: ${mail.text}`);
    expectStatus(await api.http().get(localPath(link[0])), 200);
  }

  async function subscriberOf(address: string): Promise<EmailSubscriber> {
    const { rows } = await pipeline.api.pool.query<EmailSubscriber>(
      'SELECT id::text AS id, address, languages[1] AS language FROM email_subscriptions WHERE address = $1',
      [address],
    );
    return rows[0];
  }

  const versionOf = (email: ChannelProgress, eventType: string) =>
    email.versions.find((v) => v.eventType === eventType);

  it('reaches each confirmed subscriber of the area once, in their language, and then each of them with FOUND SAFE', async () => {
    const { api, inbox } = pipeline;
    const seeded = await seedEmailSubscribers(api.pool, [
      ...circlesAround(ATHENS, 54, { spreadKm: 15, addressPrefix: 'athens' }),
      { address: 'country-el@example.org', language: 'el', area: { kind: 'country', code: 'GR' } },
      { address: 'country-en@example.org', language: 'en', area: { kind: 'country', code: 'GR' } },
      { address: 'attica-el@example.org', language: 'el', area: { kind: 'regions', codes: ['GR-I'] } },
      { address: 'attica-en@example.org', language: 'en', area: { kind: 'regions', codes: ['GR-I'] } },
      ...circlesAround(ATHENS, 4, { spreadKm: 10, addressPrefix: 'unconfirmed', confirmed: false }),
      // Outside: Thessaloniki, Heraklion, Cyprus, and Megara (within the 50 km drafted, not the 25 km activated).
      ...circlesAround({ lat: 40.6401, lon: 22.9444 }, 3, { spreadKm: 10, addressPrefix: 'thessaloniki' }),
      ...circlesAround({ lat: 35.3387, lon: 25.1442 }, 2, { spreadKm: 5, addressPrefix: 'heraklion' }),
      {
        address: 'megara-1@example.org',
        language: 'el',
        area: { kind: 'circle', lat: 38.0, lon: 23.35, radiusKm: 3 },
      },
      {
        address: 'megara-2@example.org',
        language: 'en',
        area: { kind: 'circle', lat: 38.0, lon: 23.35, radiusKm: 3 },
      },
      { address: 'cyprus@example.org', language: 'en', area: { kind: 'country', code: 'CY' } },
    ]);
    // Through the public API: two who follow their confirmation link, one who never does.
    await subscribeByApi('api-el@example.org', 'el', true);
    await subscribeByApi('api-en@example.org', 'en', true);
    await subscribeByApi('api-unconfirmed@example.org', 'en', false);
    const audience = [
      ...seeded.filter((s) => /^(athens|country|attica)-/.test(s.address)),
      await subscriberOf('api-el@example.org'),
      await subscriberOf('api-en@example.org'),
    ];
    const N = audience.length;
    expect(N).toBe(60);
    expect(new Set(audience.map((s) => s.language))).toEqual(new Set(['el', 'en']));
    const nobody = new Set([
      ...seeded.filter((s) => !audience.some((a) => a.id === s.id)).map((s) => s.address),
      'api-unconfirmed@example.org',
    ]);
    expect(nobody.size).toBe(13);

    const activatedAt = Date.now();
    const alertId = await activateOnEmail(ATHENS_AREA);
    await inbox.waitFor(() => inbox.alertMails(alertId).length >= N, `${N} alert e-mails`);
    const arrivals = inbox.alertMails(alertId).map((m) => m.at - activatedAt);

    const activation = await pipeline.emailProgress(alertId, (e) => e.delivered === N && e.pending === 0);
    expect(activation).toMatchObject({
      planned: N,
      delivered: N,
      failed: 0,
      skipped: 0,
      retrying: 0,
      pending: 0,
    });
    expect(activation.versions).toHaveLength(1);
    const alertVersion = activation.versions[0].version;
    expect(activation.versions[0]).toMatchObject({ eventType: 'activated', planned: N, delivered: N });
    expect(Date.parse(activation.lastDeliveryAt!)).toBeGreaterThanOrEqual(
      Date.parse(activation.firstDeliveryAt!),
    );

    // Every receipt is in, so every send is done: what the relay holds now is the whole fan-out.
    const alertMails = inbox.alertMails(alertId);
    expect(alertMails).toHaveLength(N);
    expect(alertMails.map((m) => m.to).sort()).toEqual(audience.map((s) => s.address).sort());
    for (const subscriber of audience) {
      const [mail] = alertMails.filter((m) => m.to === subscriber.address);
      const language = subscriber.language as Language;
      expect(alertMailIdOf(mail)).toEqual({ alertId, version: alertVersion, recipientId: subscriber.id });
      expect(mail.contentLanguage).toBe(language);
      expect(mail.subject).toBe(`AMBER Alert: ${HEADLINES[language]}`);
      expect(mail.text).toContain(TEXTS[language].description);
      expect(mail.text).toContain('116 000');
      expect(mail.html).toContain(`${PUBLIC_BASE_URL}/v1/alerts/${alertId}/photos/`);
      const unsubscribe = /^<(.+)>$/.exec(mail.header('List-Unsubscribe') ?? '')?.[1] ?? '';
      expect(unsubscribe).toMatch(
        new RegExp(`^${PUBLIC_BASE_URL}/v1/subscriptions/email/unsubscribe\\?token=[A-Za-z0-9._-]+$`),
      );
      expect(mail.header('List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    }
    expect(inbox.mails.filter((m) => nobody.has(m.to) && alertMailIdOf(m) !== undefined)).toEqual([]);

    await resolve(alertId);
    await inbox.waitFor(() => inbox.alertMails(alertId).length >= 2 * N, `${N} FOUND SAFE e-mails`);
    const progress = await pipeline.emailProgress(alertId, (e) => {
      const ending = versionOf(e, 'resolved');
      return ending !== undefined && ending.delivered === N && ending.pending === 0;
    });
    expect(versionOf(progress, 'resolved')).toMatchObject({
      planned: N,
      delivered: N,
      failed: 0,
      skipped: 0,
      pending: 0,
    });
    expect(progress).toMatchObject({ planned: 2 * N, delivered: 2 * N, failed: 0, pending: 0 });

    const endings = inbox.alertMails(alertId).filter((m) => alertMailIdOf(m)!.version !== alertVersion);
    expect(endings).toHaveLength(N);
    expect(endings.map((m) => m.to).sort()).toEqual(audience.map((s) => s.address).sort());
    const endingVersion = versionOf(progress, 'resolved')!.version;
    for (const subscriber of audience) {
      const [mail] = endings.filter((m) => m.to === subscriber.address);
      const language = subscriber.language as Language;
      expect(alertMailIdOf(mail)).toEqual({ alertId, version: endingVersion, recipientId: subscriber.id });
      expect(mail.contentLanguage).toBe(language);
      expect(mail.subject).toContain(translate(language, 'alert.label.foundSafe'));
      expect(mail.text).not.toContain('Papadopoulou');
      expect(mail.header('List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    }
    expect(inbox.alertMails(alertId)).toHaveLength(2 * N);

    // The header's link works: RFC 8058 one-click against alert-api deletes the subscription.
    const leaving = audience[0];
    const link = /^<(.+)>$/.exec(
      endings.find((m) => m.to === leaving.address)!.header('List-Unsubscribe')!,
    )![1];
    const done = expectStatus(
      await api.http().post(localPath(link)).type('form').send('List-Unsubscribe=One-Click'),
      200,
    );
    expect(done).toEqual({ status: 'unsubscribed' });
    expect(await subscriberOf(leaving.address)).toBeUndefined();

    process.stdout.write(
      `e-mail pipeline: from the activate request, first of ${N} alert e-mails after ` +
        `${Math.min(...arrivals)} ms, last after ${Math.max(...arrivals)} ms\n`,
    );
  }, 90_000);

  /**
   * After a resolution that overtook the fan-out of `alertId` to `audience`:
   * waits until both versions have an outcome for every planned recipient,
   * then checks that nobody got the alert after its end, that everyone
   * reached got each exactly once (the alert first) and nobody else got
   * either, and that progress counts just that. `outAtResolve`: alert
   * e-mails out when the resolve request returned; `reachedAtLeast`: as many
   * as the test saw out before it. Returns those reached.
   */
  async function expectEndAfterAlert(
    alertId: string,
    audience: readonly EmailSubscriber[],
    counts: { reachedAtLeast: number; outAtResolve: number },
  ): Promise<EmailSubscriber[]> {
    const { inbox } = pipeline;
    const progress = await pipeline.emailProgress(alertId, (e) => {
      const activated = versionOf(e, 'activated');
      const resolved = versionOf(e, 'resolved');
      return activated?.pending === 0 && resolved !== undefined && resolved.pending === 0;
    });
    inbox.dataDelayMs = 0;

    const N = audience.length;
    const mails = inbox.alertMails(alertId);
    const alertVersion = versionOf(progress, 'activated')!.version;
    const byRecipient = new Map<string, { alert: InboxMail[]; end: InboxMail[] }>();
    for (const mail of mails) {
      const entry = byRecipient.get(mail.to) ?? { alert: [], end: [] };
      (alertMailIdOf(mail)!.version === alertVersion ? entry.alert : entry.end).push(mail);
      byRecipient.set(mail.to, entry);
    }
    const reached = audience.filter((s) => (byRecipient.get(s.address)?.alert.length ?? 0) > 0);
    const notReached = audience.filter((s) => !byRecipient.has(s.address));
    process.stdout.write(
      `resolution during fan-out: ${counts.outAtResolve} of ${N} alert e-mails out at the resolve request, ` +
        `${reached.length} reached in all, ${notReached.length} never reached\n`,
    );
    // Nobody got the end without the alert.
    expect(
      audience.filter((s) => byRecipient.has(s.address) && byRecipient.get(s.address)!.alert.length === 0),
    ).toEqual([]);
    expect(byRecipient.size).toBe(reached.length);
    // The race really happened: some were reached, some were not.
    expect(reached.length).toBeGreaterThanOrEqual(counts.reachedAtLeast);
    expect(notReached.length).toBeGreaterThan(0);
    expect(reached.length + notReached.length).toBe(N);
    for (const subscriber of reached) {
      const { alert, end } = byRecipient.get(subscriber.address)!;
      expect({ to: subscriber.address, alerts: alert.length, ends: end.length }).toEqual({
        to: subscriber.address,
        alerts: 1,
        ends: 1,
      });
      // Never the alert after its end.
      expect({ to: subscriber.address, alertBeforeEnd: alert[0].seq < end[0].seq }).toEqual({
        to: subscriber.address,
        alertBeforeEnd: true,
      });
      expect(end[0].subject).toContain(translate(subscriber.language, 'alert.label.foundSafe'));
    }
    expect(versionOf(progress, 'activated')).toMatchObject({
      planned: N,
      delivered: reached.length,
      skipped: notReached.length,
      failed: 0,
      pending: 0,
    });
    expect(versionOf(progress, 'resolved')).toMatchObject({
      planned: reached.length,
      delivered: reached.length,
      failed: 0,
      pending: 0,
    });
    return reached;
  }

  it('stops a fan-out that a resolution overtakes: nobody gets the alert after its end, everyone reached gets the end once', async () => {
    const { api, inbox } = pipeline;
    const N = 300;
    const audience = await seedEmailSubscribers(
      api.pool,
      circlesAround(PATRAS, N, { spreadKm: 8, addressPrefix: 'patras' }),
    );
    // A slow relay (each DATA answered after 50 ms) keeps the fan-out running for seconds.
    inbox.dataDelayMs = 50;

    const alertId = await activateOnEmail(PATRAS_AREA);
    await inbox.waitFor(() => inbox.alertMails(alertId).length >= N / 10, 'a tenth of the fan-out');
    await resolve(alertId);
    await expectEndAfterAlert(alertId, audience, {
      reachedAtLeast: N / 10,
      outAtResolve: inbox.alertMails(alertId).length,
    });
  }, 90_000);

  it('keeps each alert e-mail ahead of its FOUND SAFE when two workers share the fan-out and some of them wait to be tried again', async () => {
    const { api, inbox } = pipeline;
    const second = await pipeline.addEmailWorker();
    try {
      // Ids from 1 again, so that the race can happen. The resolution goes to those reached in the
      // ledger's order of ids, which is text order (1, 10, 100, …, 2, 20, …): the first dispatch
      // batch's recipients (refused below) land in resolution batches all over the partitions, so on
      // both workers. Were all ids as long, they would make the first resolution batch, whose key,
      // so partition and worker, is that of the alert's first batch: it would wait behind it.
      await api.pool.query('ALTER TABLE email_subscriptions ALTER COLUMN id RESTART WITH 1');
      const N = 300;
      const audience = await seedEmailSubscribers(
        api.pool,
        circlesAround(PATRAS, N, { spreadKm: 8, addressPrefix: 'achaia' }),
      );
      // The first attempts of the fan-out: their mailboxes answer 450 once, so their alert
      // e-mails wait in retry backoff (4–5 s) on whichever worker has the first batch.
      const busy = audience.slice(1, 9);
      expect(busy.map((s) => s.id)).toEqual(['2', '3', '4', '5', '6', '7', '8', '9']);
      const busyAddresses = new Set(busy.map((s) => s.address));
      for (const address of busyAddresses) inbox.refuseRecipient(address);
      inbox.dataDelayMs = 50;

      const alertId = await activateOnEmail(PATRAS_AREA);
      // By a quarter, the other worker has claimed more batches: more resolution batches, more of
      // them on its partition, while the first batch's worker still waits to try the busy again.
      await inbox.waitFor(
        () =>
          busy.every((s) => inbox.refused.includes(s.address)) && inbox.alertMails(alertId).length >= N / 4,
        'the busy mailboxes refused once, and a quarter of the fan-out',
      );
      await resolve(alertId);
      const outAtResolve = inbox.alertMails(alertId).length;
      // Their alert e-mails were still waiting when the alert ended.
      expect(
        inbox
          .alertMails(alertId)
          .filter((m) => busyAddresses.has(m.to))
          .map((m) => m.to),
      ).toEqual([]);

      const reached = await expectEndAfterAlert(alertId, audience, {
        reachedAtLeast: N / 4,
        outAtResolve,
      });
      // Claimed before the end, they got the alert all the same, then (checked above) its end; each was refused once.
      expect(reached.filter((s) => busyAddresses.has(s.address))).toEqual(busy);
      expect(inbox.refused.filter((address) => busyAddresses.has(address)).sort()).toEqual(
        [...busyAddresses].sort(),
      );
    } finally {
      await second.close();
    }
  }, 90_000);
});
