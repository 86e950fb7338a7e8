// Issue 7, the manual re-issue: a partner (the test, signing as the Greek
// system) sends an alert in; the Bulgarian NGO operator sees it at once,
// re-issues it through the normal activation (preview, confirmation, our own
// e-mail channel) with the link to the original kept; the partner's Update
// waits as a validated update the operator publishes; the partner's Cancel
// ends the re-issue. After the retention period the partner's messages are
// erased like the alert's own data.
import { randomUUID } from 'node:crypto';
import { buildCapXml, type CapMessageInput, signCapXml } from '@childalert/cap';
import { RetentionJob } from '../../apps/alert-api/src/alerts/retention.job';
import { aPhoneJpeg, bearer, expectStatus } from '../alerts-api/alert-api-test.app';
import { seedEmailSubscribers } from '../pipeline/support/email-audience';
import { referenceTo } from '../cap/child-abduction-cap.factory';
import { partnerCap } from './support/partner-cap.factory';
import { type Deployment, startDeployment } from './support/partner-deployment';
import { makeSigningIdentity, type SigningIdentity } from './support/signing-identity';

const GR_SENDER = 'alerts@amber.gr.test';
const GOTSE_DELCHEV = { lat: 41.5667, lon: 23.7333 };
const RETENTION_DAYS = 30;
const DAY = 86_400_000;

interface AlertDetail {
  state: string;
  latestVersion: number;
  live?: { version: number; content: { texts: Record<string, { description: string }> } };
  candidate?: { state: string; version: { version: number } };
  publications: { version: number; msgType: string }[];
}

describe('re-issuing a partner alert by hand', () => {
  let bg: Deployment;
  let gr: SigningIdentity;
  let grKey: string;
  let photo: Buffer;

  beforeAll(async () => {
    bg = await startDeployment('BG', { RETENTION_DAYS: String(RETENTION_DAYS) });
    gr = makeSigningIdentity(GR_SENDER);
    photo = await aPhoneJpeg(320, 240);
    const registered = expectStatus(
      await bg.api.http().post('/v1/partners').set(bearer(bg.admin)).send({
        country: 'GR',
        name: 'Greek child alert system',
        inboundUrl: 'http://127.0.0.1:9/v1/partners/inbound',
        certificatePem: gr.certificatePem,
      }),
      201,
    );
    grKey = registered.apiKey as string;
  }, 60_000);

  afterAll(async () => {
    gr?.remove();
    await bg?.close();
  }, 60_000);

  const send = (message: CapMessageInput) =>
    bg.api
      .http()
      .post('/v1/partners/inbound')
      .set('X-API-Key', grKey)
      .set('Content-Type', 'application/cap+xml')
      .send(signCapXml(buildCapXml(message), gr));

  const detail = async (id: string) =>
    expectStatus(
      await bg.api.http().get(`/v1/alerts/${id}`).set(bearer(bg.staff.operator)),
      200,
    ) as unknown as AlertDetail;

  const inboundAlerts = async () =>
    expectStatus(await bg.api.http().get('/v1/partners/inbound-alerts').set(bearer(bg.staff.operator)), 200)
      .items as {
      id: string;
      status: string;
      headline: string | null;
      localAlertId: string | null;
      partner: { country: string };
      original: { sender: string; identifier: string; sent: string };
    }[];

  it('shows the alert at once, re-issues it through preview and confirmation, publishes its update, and ends with its Cancel', async () => {
    const [subscriber] = await seedEmailSubscribers(bg.api.pool, [
      {
        address: 'gotse@example.bg',
        language: 'en',
        area: { kind: 'circle', ...GOTSE_DELCHEV, radiusKm: 5 },
      },
    ]);
    const lastSeen = {
      ...GOTSE_DELCHEV,
      address: 'Gotse Delchev, bus station',
      at: new Date(Date.now() - 3_600_000),
    };
    const partnerAlertId = randomUUID();
    const alert = partnerCap({ sender: GR_SENDER, alertId: partnerAlertId, version: 1, lastSeen, photo });

    // In: accepted, and listed for operators straight away (no re-issue yet: no standing agreement).
    const accepted = expectStatus(await send(alert), 200);
    expect(accepted).toMatchObject({ status: 'accepted', msgType: 'Alert' });
    const [listed] = await inboundAlerts();
    expect(listed).toMatchObject({
      status: 'active',
      localAlertId: null,
      headline: alert.infos[0].headline,
      partner: { country: 'GR' },
      original: { sender: GR_SENDER, identifier: alert.identifier, sent: alert.sent.toISOString() },
    });
    expect(listed.id).toBe(accepted.inboundAlertId);

    // Only an NGO operator re-issues.
    expect(
      (
        await bg.api
          .http()
          .post(`/v1/partners/inbound-alerts/${listed.id}/reissue`)
          .set(bearer(bg.staff.officer))
      ).status,
    ).toBe(403);
    const reissued = expectStatus(
      await bg.api
        .http()
        .post(`/v1/partners/inbound-alerts/${listed.id}/reissue`)
        .set(bearer(bg.staff.operator)),
      200,
    );
    expect(reissued).toEqual({ alertId: expect.any(String), created: true });
    const localId = reissued.alertId as string;
    // Twice is the same re-issue.
    expect(
      expectStatus(
        await bg.api
          .http()
          .post(`/v1/partners/inbound-alerts/${listed.id}/reissue`)
          .set(bearer(bg.staff.operator)),
        200,
      ),
    ).toEqual({ alertId: localId, created: false });
    // The link both ways: the inbound alert names the local one, the local one names the original.
    expect((await inboundAlerts())[0].localAlertId).toBe(localId);
    const prepared = await detail(localId);
    expect(prepared.state).toBe('VALIDATED');
    expect(JSON.stringify(prepared)).toContain(alert.identifier);
    expect(bg.inbox.alertMails(localId)).toEqual([]);

    // The normal activation: preview, then confirmation with its token, on our own e-mail channel.
    const preview = expectStatus(
      await bg.api
        .http()
        .get(`/v1/alerts/${localId}/preview`)
        .query({ intent: 'activate', channels: 'email' })
        .set(bearer(bg.staff.operator)),
      200,
    ) as { confirmationToken: string; renderings: Record<string, unknown> };
    expect(Object.keys(preview.renderings)).toEqual(['en']);
    expectStatus(
      await bg.api
        .http()
        .post(`/v1/alerts/${localId}/activate`)
        .set(bearer(bg.staff.operator))
        .send({ confirmationToken: preview.confirmationToken, channels: ['email'] }),
      200,
    );
    await bg.inbox.waitFor(() => bg.inbox.alertMails(localId).length >= 1, 'the re-issue e-mail');
    const [first] = bg.inbox.alertMails(localId);
    expect(first.to).toBe(subscriber.address);
    expect(first.text).toContain('Nikos');
    const activeVersion = (await detail(localId)).live!.version;

    // The partner's Update (not an ending): a validated update waits for the operator, nothing goes out yet.
    const update = partnerCap({
      sender: GR_SENDER,
      alertId: partnerAlertId,
      version: 2,
      msgType: 'Update',
      references: [referenceTo(alert)],
      description:
        'Nikos, 8, now believed to wear a blue raincoat. Vehicle: silver Toyota Yaris, plate IKT-1234.',
      lastSeen,
    });
    expect(expectStatus(await send(update), 200)).toMatchObject({ status: 'accepted', msgType: 'Update' });
    const pending = await detail(localId);
    expect(pending).toMatchObject({ state: 'ACTIVE', candidate: { state: 'VALIDATED' } });
    expect(pending.live!.version).toBe(activeVersion);
    const updatePreview = expectStatus(
      await bg.api
        .http()
        .get(`/v1/alerts/${localId}/preview`)
        .query({ intent: 'publish_update' })
        .set(bearer(bg.staff.operator)),
      200,
    ) as { confirmationToken: string; version: number };
    expect(updatePreview.version).toBe(pending.candidate!.version.version);
    expectStatus(
      await bg.api
        .http()
        .post(`/v1/alerts/${localId}/publish-update`)
        .set(bearer(bg.staff.operator))
        .send({ confirmationToken: updatePreview.confirmationToken }),
      200,
    );
    const updated = await detail(localId);
    expect(updated.live!.version).toBe(updatePreview.version);
    expect(updated.live!.content.texts.en.description).toContain('blue raincoat');
    await bg.inbox.waitFor(() => bg.inbox.alertMails(localId).length >= 2, 'the update e-mail');
    expect(bg.inbox.alertMails(localId, updatePreview.version)[0].text).toContain('blue raincoat');

    // A repeat of the Update changes nothing.
    expect(expectStatus(await send(update), 200)).toEqual({ status: 'duplicate' });

    // The partner's Cancel ends the re-issue, and its subscriber hears of it.
    const cancel = partnerCap({
      sender: GR_SENDER,
      alertId: partnerAlertId,
      version: 3,
      msgType: 'Cancel',
      references: [referenceTo(alert), referenceTo(update)],
      lastSeen,
    });
    expectStatus(await send(cancel), 200);
    expect((await detail(localId)).state).toBe('CANCELLED');
    expect((await inboundAlerts())[0].status).toBe('cancelled');
    await bg.inbox.waitFor(() => bg.inbox.alertMails(localId).length >= 3, 'the cancellation e-mail');
    expect(bg.inbox.alertMails(localId)).toHaveLength(3);
    expect(new Set(bg.inbox.alertMails(localId).map((mail) => mail.to))).toEqual(
      new Set([subscriber.address]),
    );

    // Retention: the partner's messages go with the alert's own data, the proofs stay.
    const job = bg.api.app.get(RetentionJob);
    const personal = async () => {
      const { rows } = await bg.api.pool.query<{ hits: string }>(
        `SELECT (SELECT count(*) FROM partner_inbound_messages WHERE cap_xml LIKE '%Nikos%') +
                (SELECT count(*) FROM partner_inbound_alerts WHERE headline IS NOT NULL) +
                (SELECT count(*) FROM alert_versions WHERE content::text LIKE '%Nikos%') AS hits`,
      );
      return Number(rows[0].hits);
    };
    expect(await personal()).toBeGreaterThan(0);
    bg.api.clock.offsetMs = (RETENTION_DAYS - 1) * DAY;
    expect(await job.runOnce()).toBe(0);
    bg.api.clock.offsetMs = (RETENTION_DAYS + 1) * DAY;
    expect(await job.runOnce()).toBe(2); // the local alert and the inbound one
    expect(await personal()).toBe(0);
    const { rows: messages } = await bg.api.pool.query(
      `SELECT msg_type, identifier, cap_xml, redacted_at IS NOT NULL AS redacted FROM partner_inbound_messages
        ORDER BY sent`,
    );
    expect(messages).toEqual(
      [alert, update, cancel].map((m) => ({
        msg_type: m.msgType,
        identifier: m.identifier,
        cap_xml: '',
        redacted: true,
      })),
    );
    const { rows: audit } = await bg.api.pool.query<{ subject_id: string; details: { messages: unknown[] } }>(
      `SELECT subject_id, details FROM audit_log WHERE action = 'partner.inbound_redacted'`,
    );
    expect(audit).toEqual([
      {
        subject_id: listed.id,
        details: expect.objectContaining({
          status: 'cancelled',
          retentionDays: RETENTION_DAYS,
          messages: ['Alert', 'Update', 'Cancel'].map((msgType) => ({
            id: expect.any(String),
            msgType,
            sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
          })),
        }),
      },
    ]);
    // Still recognised as a repeat after the erasure.
    expect(expectStatus(await send(cancel), 200)).toEqual({ status: 'duplicate' });
    bg.api.clock.offsetMs = 0;
  }, 60_000);

  it('does not erase a partner alert that is still live, nor re-issue one without a photo', async () => {
    const lastSeen = { ...GOTSE_DELCHEV, address: 'Gotse Delchev', at: new Date(Date.now() - 600_000) };
    const message = partnerCap({ sender: GR_SENDER, alertId: randomUUID(), version: 1, lastSeen });
    const accepted = expectStatus(await send(message), 200);
    const versions = await bg.api.pool.query('SELECT count(*) FROM alert_versions');
    const refused = await bg.api
      .http()
      .post(`/v1/partners/inbound-alerts/${accepted.inboundAlertId as string}/reissue`)
      .set(bearer(bg.staff.operator));
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({
      error: 'not_reissuable',
      message: expect.stringContaining('no photo'),
    });
    expect((await bg.api.pool.query('SELECT count(*) FROM alert_versions')).rows).toEqual(versions.rows);
    const job = bg.api.app.get(RetentionJob);
    // Past the retention period but not past its expiry (72 h after sent): it stays.
    bg.api.clock.offsetMs = (RETENTION_DAYS - 1) * DAY;
    try {
      expect(await job.redactNextInbound(bg.api.clock.now())).toBeUndefined();
    } finally {
      bg.api.clock.offsetMs = 0;
    }
    const { rows } = await bg.api.pool.query(
      `SELECT headline IS NOT NULL AS kept FROM partner_inbound_alerts WHERE id = $1`,
      [accepted.inboundAlertId],
    );
    expect(rows).toEqual([{ kept: true }]);
    // Expired (CAP expires) and past the retention period: erased although the partner never ended it.
    expect(await job.redactNextInbound(new Date(Date.now() + (RETENTION_DAYS + 4) * DAY))).toBe(
      accepted.inboundAlertId,
    );
  }, 30_000);

  it("under a standing agreement, re-issues at once and publishes the partner's update at once", async () => {
    const ro = makeSigningIdentity('alerts@amber.ro.test');
    try {
      const registered = expectStatus(
        await bg.api
          .http()
          .post('/v1/partners')
          .set(bearer(bg.admin))
          .send({
            country: 'RO',
            name: 'Romanian child alert system',
            inboundUrl: 'http://127.0.0.1:9/v1/partners/inbound',
            certificatePem: ro.certificatePem,
            autoReissue: true,
            reissueChannels: ['email'],
          }),
        201,
      );
      const post = (message: CapMessageInput) =>
        bg.api
          .http()
          .post('/v1/partners/inbound')
          .set('X-API-Key', registered.apiKey as string)
          .set('Content-Type', 'application/cap+xml')
          .send(signCapXml(buildCapXml(message), ro));
      const lastSeen = {
        ...GOTSE_DELCHEV,
        address: 'Gotse Delchev, market',
        at: new Date(Date.now() - 600_000),
      };
      const partnerAlertId = randomUUID();
      const alert = partnerCap({
        sender: 'alerts@amber.ro.test',
        alertId: partnerAlertId,
        version: 1,
        lastSeen,
        photo,
      });
      const accepted = expectStatus(await post(alert), 200);
      const localId = accepted.localAlertId as string;
      expect(localId).toEqual(expect.any(String));
      const active = await detail(localId);
      expect(active.state).toBe('ACTIVE');

      const update = partnerCap({
        sender: 'alerts@amber.ro.test',
        alertId: partnerAlertId,
        version: 2,
        msgType: 'Update',
        references: [referenceTo(alert)],
        description:
          'Nikos, 8, seen at the Kulata border crossing. Vehicle: silver Toyota Yaris, plate IKT-1234.',
        lastSeen,
        photo,
      });
      expectStatus(await post(update), 200);
      const updated = await detail(localId);
      expect(updated.candidate).toBeUndefined();
      expect(updated.live!.version).toBeGreaterThan(active.live!.version);
      expect(updated.live!.content.texts.en.description).toContain('Kulata');
      expect(updated.publications.map((p) => p.msgType)).toEqual(['Alert', 'Update']);
    } finally {
      ro.remove();
    }
  }, 30_000);
});
