// Issue 7 end to end: a Greek and a Bulgarian deployment on one machine, each
// with its own database and topic prefix on the one broker. An alert activated
// in Greece near the Bulgarian border reaches Bulgaria as signed CAP, passes
// signature and schema checks there, is re-issued to Bulgaria's own e-mail
// subscribers (standing agreement), is acknowledged back, and the Greek
// resolution ends both. Bad messages are refused and change nothing.
import { buildCapXml, signCapXml } from '@childalert/cap';
import { aValidatedAlert, bearer, expectStatus, previewToken } from '../alerts-api/alert-api-test.app';
import { seedEmailSubscribers } from '../pipeline/support/email-audience';
import { childAbductionCap } from '../cap/child-abduction-cap.factory';
import { type Deployment, eventually, startDeployment } from './support/partner-deployment';
import { makeSigningIdentity } from './support/signing-identity';

const NEVROKOPI = { lat: 41.345, lon: 23.866 }; // Greece, about 10 km from Bulgaria
const GOTSE_DELCHEV = { lat: 41.5667, lon: 23.7333 }; // Bulgaria, 27 km north of it

describe('cross-border alerts between two deployments', () => {
  let gr: Deployment;
  let bg: Deployment;
  let bgKeyAtGr: string; // the key Greece gave Bulgaria
  let grKeyAtBg: string; // the key Bulgaria gave Greece

  beforeAll(async () => {
    [gr, bg] = [await startDeployment('GR'), await startDeployment('BG')];
    const atGr = expectStatus(
      await gr.api
        .http()
        .post('/v1/partners')
        .set(bearer(gr.admin))
        .send({
          country: 'BG',
          name: 'Bulgarian child alert system',
          inboundUrl: `${bg.url}/v1/partners/inbound`,
          rules: ['border'],
          certificatePem: bg.identity.certificatePem,
        }),
      201,
    );
    expect(atGr.partner).toMatchObject({ country: 'BG', languages: ['bg', 'en'], rules: ['border'] });
    bgKeyAtGr = atGr.apiKey as string;
    const atBg = expectStatus(
      await bg.api
        .http()
        .post('/v1/partners')
        .set(bearer(bg.admin))
        .send({
          country: 'GR',
          name: 'Greek child alert system',
          inboundUrl: `${gr.url}/v1/partners/inbound`,
          certificatePem: gr.identity.certificatePem,
          autoReissue: true,
          reissueChannels: ['email'],
        }),
      201,
    );
    grKeyAtBg = atBg.apiKey as string;
    await gr.startPartnerWorker({ BG: grKeyAtBg });
    await bg.startPartnerWorker({ GR: bgKeyAtGr });
  }, 120_000);

  afterAll(async () => {
    await bg?.close();
    await gr?.close();
  }, 60_000);

  async function inboundAt(d: Deployment) {
    return expectStatus(
      await d.api.http().get('/v1/partners/inbound-alerts').set(bearer(d.staff.operator)),
      200,
    ).items as {
      id: string;
      status: string;
      localAlertId: string | null;
      original: { identifier: string };
    }[];
  }

  async function counts(d: Deployment) {
    const { rows } = await d.api.pool.query<{
      messages: string;
      alerts: string;
      outbox: string;
      versions: string;
    }>(
      `SELECT (SELECT count(*) FROM partner_inbound_messages) AS messages,
              (SELECT count(*) FROM partner_inbound_alerts) AS alerts,
              (SELECT count(*) FROM outbox) AS outbox,
              (SELECT count(*) FROM alert_versions) AS versions`,
    );
    return rows[0];
  }

  it('sends an alert near the border to the Bulgarian system, which re-issues it to its subscribers, and the Greek resolution ends both', async () => {
    const [subscriber] = await seedEmailSubscribers(bg.api.pool, [
      {
        address: 'gotse-delchev@example.bg',
        language: 'bg',
        area: { kind: 'circle', ...GOTSE_DELCHEV, radiusKm: 5 },
      },
    ]);
    const id = await aValidatedAlert(gr.api, gr.staff, {
      lastSeen: {
        at: new Date(Date.now() - 30 * 60_000).toISOString(),
        place: { ...NEVROKOPI, address: 'Kato Nevrokopi, main square' },
      },
      area: { kind: 'circle', ...NEVROKOPI, radiusKm: 40 },
    });
    const preview = expectStatus(
      await gr.api
        .http()
        .get(`/v1/alerts/${id}/preview`)
        .query({ intent: 'activate', channels: 'partner' })
        .set(bearer(gr.staff.operator)),
      200,
    ) as { partners: unknown; confirmationToken: string; cap: { identifier: string } };
    expect(preview.partners).toEqual([
      expect.objectContaining({
        country: 'BG',
        reasons: [expect.stringMatching(/^last seen \d+(\.\d)? km from BG/)],
      }),
    ]);
    expectStatus(
      await gr.api
        .http()
        .post(`/v1/alerts/${id}/activate`)
        .set(bearer(gr.staff.operator))
        .send({ confirmationToken: preview.confirmationToken, channels: ['partner'] }),
      200,
    );

    // Bulgaria: verified, stored, re-issued at once (standing agreement) to its own subscriber.
    const inbound = await eventually(
      async () => (await inboundAt(bg)).find((a) => a.localAlertId !== null),
      'the re-issue in Bulgaria',
    );
    expect(inbound.status).toBe('active');
    expect(inbound.original.identifier).toBe(preview.cap.identifier);
    const localId = inbound.localAlertId!;
    // Linked first, then activated through the normal activation (as the agreement's operator).
    await eventually(async () => {
      const now = expectStatus(
        await bg.api.http().get(`/v1/alerts/${localId}`).set(bearer(bg.staff.operator)),
        200,
      );
      return now.state === 'ACTIVE' ? now : undefined;
    }, 'the Bulgarian re-issue ACTIVE');
    await bg.inbox.waitFor(() => bg.inbox.alertMails(localId).length >= 1, 'the Bulgarian alert e-mail');
    const [mail] = bg.inbox.alertMails(localId);
    expect(mail.to).toBe(subscriber.address);
    expect(mail.contentLanguage).toBe('bg');
    expect(mail.subject).toContain('Изчезнало дете');
    // Greece got the signed receipt back.
    const acks = await eventually(async () => {
      const { rows } = await gr.api.pool.query(
        `SELECT acknowledges FROM partner_inbound_messages WHERE msg_type = 'Ack'`,
      );
      return rows.length > 0 ? rows : undefined;
    }, 'the Ack in Greece');
    expect(acks).toEqual([{ acknowledges: `${gr.capSender},${preview.cap.identifier}` }]);
    // Greece's feed for Bulgaria holds the signed message it sent.
    const feed = await gr.api.http().get('/v1/partners/feed').set('X-API-Key', bgKeyAtGr);
    expect(feed.status).toBe(200);
    expect(feed.text).toContain('<Signature xmlns="http://www.w3.org/2000/09/xmldsig#">');

    // The Greek resolution ends both.
    const resolveToken = await previewToken(gr.api, id, gr.staff.operator, { intent: 'resolve' });
    expectStatus(
      await gr.api
        .http()
        .post(`/v1/alerts/${id}/resolve`)
        .set(bearer(gr.staff.operator))
        .send({ confirmationToken: resolveToken }),
      200,
    );
    await eventually(async () => {
      const now = expectStatus(
        await bg.api.http().get(`/v1/alerts/${localId}`).set(bearer(bg.staff.operator)),
        200,
      );
      return now.state === 'RESOLVED' ? now : undefined;
    }, 'the Bulgarian re-issue RESOLVED');
    expect((await inboundAt(bg)).find((a) => a.id === inbound.id)?.status).toBe('ended');
    await bg.inbox.waitFor(() => bg.inbox.alertMails(localId).length >= 2, 'the Bulgarian FOUND SAFE e-mail');
    expect(bg.inbox.alertMails(localId)).toHaveLength(2);
  }, 90_000);

  it('refuses a broken signature, an unknown signer, an external entity and an unknown reference, changing nothing', async () => {
    const before = await counts(bg);
    const post = (xml: string, key = grKeyAtBg) =>
      bg.api
        .http()
        .post('/v1/partners/inbound')
        .set('X-API-Key', key)
        .set('Content-Type', 'application/cap+xml')
        .send(xml);
    const message = childAbductionCap({ sent: new Date(Math.floor(Date.now() / 1000) * 1000) });
    const signed = signCapXml(buildCapXml(message), gr.identity);

    const broken = signed.replace('<urgency>Immediate</urgency>', '<urgency>Expected</urgency>');
    expect((await post(broken)).body).toMatchObject({ error: 'signature_invalid' });
    expect((await post(broken)).status).toBe(400);

    const stranger = makeSigningIdentity('stranger.test');
    try {
      const res = await post(signCapXml(buildCapXml(message), stranger));
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error: 'signature_invalid' });
    } finally {
      stranger.remove();
    }
    expect((await post(signed, 'cak_' + 'x'.repeat(43))).status).toBe(401);

    const entity = signed.replace(
      /^(<\?xml[^>]*\?>\s*)?/,
      '<?xml version="1.0"?><!DOCTYPE alert [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
    );
    const xxe = await post(entity);
    expect(xxe.status).toBe(400);
    expect(xxe.body).toMatchObject({ error: 'unsafe_xml' });

    const orphan = childAbductionCap({
      msgType: 'Update',
      references: [
        { sender: 'alerts@amber.gr.test', identifier: 'never-sent', sent: new Date('2026-01-01T00:00:00Z') },
      ],
      sent: new Date(Math.floor(Date.now() / 1000) * 1000),
    });
    const unknown = await post(signCapXml(buildCapXml(orphan), gr.identity));
    expect(unknown.status).toBe(409);
    expect(unknown.body).toMatchObject({ error: 'unknown_reference' });

    const huge = await post(`<alert>${'x'.repeat(1024 * 1024 + 10)}</alert>`);
    expect(huge.status).toBe(413);

    expect(await counts(bg)).toEqual(before);
  }, 60_000);
});
