// Issue 7, the pull side and the operator's partner choice: each partner's
// `GET /v1/partners/feed` (its API key) holds only the signed CAP messages
// sent to it, whose signatures verify as served; the confirmation token
// binds the partners chosen in the preview; once an alert is past the
// retention period, the signed copies partners were sent lose their
// personal data too.
import { verifyCapSignature } from '@childalert/cap';
import { RetentionJob } from '../../apps/alert-api/src/alerts/retention.job';
import { aValidatedAlert, bearer, expectStatus, previewToken } from '../alerts-api/alert-api-test.app';
import { makeTestCertificate, type TestCertificate } from '../webpush/support/test-certificate';
import { type Deployment, startDeployment } from './support/partner-deployment';
import { PartnerReceiver } from './support/partner-receiver';
import { makeSigningIdentity } from './support/signing-identity';

const RETENTION_DAYS = 30;
const DAY = 86_400_000;
const CHILD_NAME = 'Maria Papadopoulou'; // AlertFixtures' child

/** The CAP messages of an Atom feed, byte for byte as served. */
function embeddedCaps(feed: string): string[] {
  return [...feed.matchAll(/<content type="application\/cap\+xml">([\s\S]*?)<\/content>/g)].map((m) => m[1]);
}

const identifierOf = (cap: string) => /<identifier>([^<]+)<\/identifier>/.exec(cap)?.[1];

describe('partner feed and partner choice', () => {
  let gr: Deployment;
  let tls: TestCertificate;
  let receiver: PartnerReceiver;
  const partnerIds: Record<string, string> = {};
  const feedKeys: Record<string, string> = {};
  let otherCertificate: string;
  const outboundKeys = { BG: 'key-bg-gave-gr', RO: 'key-ro-gave-gr' };

  beforeAll(async () => {
    gr = await startDeployment('GR', { RETENTION_DAYS: String(RETENTION_DAYS) });
    tls = makeTestCertificate();
    receiver = await new PartnerReceiver(tls, gr.identity.certificatePem, outboundKeys).start();
    const certificate = makeSigningIdentity('partner.test');
    otherCertificate = certificate.certificatePem;
    try {
      for (const country of ['BG', 'RO']) {
        // Only the operator's explicit choice sends to them (no destination is named in these alerts).
        const registered = expectStatus(
          await gr.api
            .http()
            .post('/v1/partners')
            .set(bearer(gr.admin))
            .send({
              country,
              name: `${country} system`,
              inboundUrl: receiver.url(country),
              rules: ['destination'],
              certificatePem: certificate.certificatePem,
            }),
          201,
        );
        partnerIds[country] = (registered.partner as { id: string }).id;
        feedKeys[country] = registered.apiKey as string;
      }
    } finally {
      certificate.remove();
    }
    await gr.startPartnerWorker(outboundKeys, { PARTNER_CA_FILE: tls.certFile });
  }, 60_000);

  afterAll(async () => {
    await gr?.close();
    await receiver?.stop();
    tls?.remove();
  }, 60_000);

  const activate = (id: string, body: Record<string, unknown>) =>
    gr.api.http().post(`/v1/alerts/${id}/activate`).set(bearer(gr.staff.operator)).send(body);

  const previewFor = async (id: string, partners?: string) =>
    expectStatus(
      await gr.api
        .http()
        .get(`/v1/alerts/${id}/preview`)
        .query({ intent: 'activate', channels: 'partner', ...(partners ? { partners } : {}) })
        .set(bearer(gr.staff.operator)),
      200,
    ) as {
      confirmationToken: string;
      partners: { partnerId: string; reasons: string[] }[];
      cap: { identifier: string };
    };

  const feed = (key?: string) => {
    const request = gr.api.http().get('/v1/partners/feed');
    return key === undefined ? request : request.set('X-API-Key', key);
  };

  const state = async (id: string) =>
    expectStatus(await gr.api.http().get(`/v1/alerts/${id}`).set(bearer(gr.staff.operator)), 200).state;

  let toBg: { id: string; identifier: string };
  let toRo: { id: string; identifier: string };

  it('binds the partners chosen in the preview: another choice at activation is refused and changes nothing', async () => {
    const id = await aValidatedAlert(gr.api, gr.staff);
    const preview = await previewFor(id, partnerIds.BG);
    expect(preview.partners).toEqual([
      expect.objectContaining({
        partnerId: partnerIds.BG,
        reasons: ['chosen by the NGO operator at activation'],
      }),
    ]);
    for (const partners of [[partnerIds.RO], [], [partnerIds.BG, partnerIds.RO]]) {
      const refused = await activate(id, {
        confirmationToken: preview.confirmationToken,
        channels: ['partner'],
        ...(partners.length > 0 ? { partnerIds: partners } : {}),
      });
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({
        error: 'stale_confirmation',
        message: expect.stringContaining('partners'),
      });
      expect(await state(id)).toBe('VALIDATED');
    }
    // A preview without a choice does not confirm one either.
    const plain = await previewFor(id);
    expect(plain.partners).toEqual([]);
    expect(
      (
        await activate(id, {
          confirmationToken: plain.confirmationToken,
          channels: ['partner'],
          partnerIds: [partnerIds.BG],
        })
      ).status,
    ).toBe(409);
    const { rows } = await gr.api.pool.query('SELECT count(*)::int AS n FROM partner_alert_choices');
    expect(rows).toEqual([{ n: 0 }]);

    expectStatus(
      await activate(id, {
        confirmationToken: preview.confirmationToken,
        channels: ['partner'],
        partnerIds: [partnerIds.BG],
      }),
      200,
    );
    toBg = { id, identifier: preview.cap.identifier };
  }, 30_000);

  it('serves each partner only its own signed messages, which verify as served; refuses a missing or bad key', async () => {
    const id = await aValidatedAlert(gr.api, gr.staff);
    const preview = await previewFor(id, partnerIds.RO);
    expectStatus(
      await activate(id, {
        confirmationToken: preview.confirmationToken,
        channels: ['partner'],
        partnerIds: [partnerIds.RO],
      }),
      200,
    );
    toRo = { id, identifier: preview.cap.identifier };
    await receiver.arrivals.waitFor((items) => items.length >= 2, 'both alerts at their partner');
    expect(receiver.arrivals.items.map((item) => [item.country, item.identifier]).sort()).toEqual(
      [
        ['BG', toBg.identifier],
        ['RO', toRo.identifier],
      ].sort(),
    );

    for (const [country, mine] of [
      ['BG', toBg],
      ['RO', toRo],
    ] as const) {
      const response = await feed(feedKeys[country]);
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toMatch(/^application\/atom\+xml/);
      const caps = embeddedCaps(response.text);
      expect(caps.map(identifierOf)).toEqual([mine.identifier]);
      for (const cap of caps)
        expect(verifyCapSignature(cap, gr.identity.certificatePem)).toEqual({ valid: true });
      // Not verifiable with anyone else's certificate, and not once changed.
      expect(verifyCapSignature(caps[0], otherCertificate).valid).toBe(false);
      expect(
        verifyCapSignature(caps[0].replace('Immediate', 'Expected'), gr.identity.certificatePem).valid,
      ).toBe(false);
    }

    expect((await feed()).status).toBe(401);
    expect((await feed('cak_' + 'x'.repeat(43))).status).toBe(401);
    expect((await feed(feedKeys.BG.slice(0, -1) + (feedKeys.BG.endsWith('a') ? 'b' : 'a'))).status).toBe(401);
    // A staff token is not a partner's key.
    expect((await gr.api.http().get('/v1/partners/feed').set(bearer(gr.staff.operator))).status).toBe(403);
  }, 30_000);

  it("erases the personal data of the partners' signed copies with the alert's, after the retention period", async () => {
    const token = await previewToken(gr.api, toBg.id, gr.staff.operator, { intent: 'resolve' });
    expectStatus(
      await gr.api
        .http()
        .post(`/v1/alerts/${toBg.id}/resolve`)
        .set(bearer(gr.staff.operator))
        .send({ confirmationToken: token }),
      200,
    );
    await receiver.arrivals.waitFor((items) => items.length >= 3, 'the resolution at BG');
    const before = embeddedCaps((await feed(feedKeys.BG)).text);
    expect(before).toHaveLength(2);
    expect(before.some((cap) => cap.includes(CHILD_NAME))).toBe(true);

    gr.api.clock.offsetMs = (RETENTION_DAYS + 1) * DAY;
    try {
      expect(await gr.api.app.get(RetentionJob).runOnce()).toBe(1); // the RO alert is still live
    } finally {
      gr.api.clock.offsetMs = 0;
    }
    const after = embeddedCaps((await feed(feedKeys.BG)).text);
    // The resolution (no personal data) stays, still verifiable; the activation is gone.
    expect(after.map(identifierOf)).toEqual([before.map(identifierOf).find((id) => id !== toBg.identifier)]);
    expect(after.join('')).not.toContain(CHILD_NAME);
    expect(verifyCapSignature(after[0], gr.identity.certificatePem).valid).toBe(true);
    const { rows } = await gr.api.pool.query(
      `SELECT p.country, s.cap_xml = '' AS erased, s.redacted_at IS NOT NULL AS marked
         FROM partner_sent_messages s JOIN partners p ON p.id = s.partner_id ORDER BY p.country, s.version`,
    );
    expect(rows).toEqual([
      { country: 'BG', erased: true, marked: true },
      { country: 'BG', erased: false, marked: false },
      { country: 'RO', erased: false, marked: false },
    ]);
    const audit = await gr.api.pool.query<{ details: { partnerMessages: unknown } }>(
      `SELECT details FROM audit_log WHERE action = 'alert.redacted' AND subject_id = $1`,
      [toBg.id],
    );
    expect(audit.rows.map((row) => row.details.partnerMessages)).toEqual([
      [
        {
          partnerId: partnerIds.BG,
          version: expect.any(Number),
          sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
        },
      ],
    ]);
    // The RO feed is untouched.
    expect(embeddedCaps((await feed(feedKeys.RO)).text).map(identifierOf)).toEqual([toRo.identifier]);
  }, 30_000);
});
