// Issue 7, outbound delivery guarantees: the Greek deployment sends an alert
// to the thirteen other systems of the region (loopback HTTPS endpoints that
// verify each signature and count messages by CAP identifier), through the
// real partner-worker process. A partner endpoint down for a while gets the
// message once it is back, exactly once; a partner-worker killed -9 mid
// delivery resends only what it left in doubt, and every partner holds the
// message once.
import { DeliveryLedger } from '@childalert/delivery';
import { countrySettings } from '@childalert/config';
import { aValidatedAlert, bearer, expectStatus } from '../alerts-api/alert-api-test.app';
import { AppProcess } from '../support/app-process';
import { deliveryWorkerEnv } from '../support/delivery-worker';
import { untilLedgerDelivered } from '../support/fan-out';
import { killMidFanOut } from '../support/kill-mid-fan-out';
import { makeTestCertificate, type TestCertificate } from '../webpush/support/test-certificate';
import { type Deployment, startDeployment } from './support/partner-deployment';
import { PartnerReceiver } from './support/partner-receiver';
import { makeSigningIdentity } from './support/signing-identity';

const verbose = Boolean(process.env.PARTNER_TEST_LOG);

describe('partner-worker delivery: endpoint down, kill -9', () => {
  let gr: Deployment;
  let tls: TestCertificate;
  let receiver: PartnerReceiver;
  let partners: string[]; // countries
  const apiKeys: Record<string, string> = {};
  const workers: AppProcess[] = [];

  beforeAll(async () => {
    gr = await startDeployment('GR');
    tls = makeTestCertificate();
    partners = [...countrySettings().keys()].filter((code) => code !== 'GR');
    for (const country of partners) apiKeys[country] = `key-of-${country}-at-its-system`;
    receiver = await new PartnerReceiver(tls, gr.identity.certificatePem, apiKeys).start();
    const certificate = makeSigningIdentity('partner.test');
    try {
      for (const country of partners) {
        expectStatus(
          await gr.api
            .http()
            .post('/v1/partners')
            .set(bearer(gr.admin))
            .send({
              country,
              name: `${country} child alert system`,
              inboundUrl: receiver.url(country),
              rules: ['all'],
              certificatePem: certificate.certificatePem,
            }),
          201,
        );
      }
    } finally {
      certificate.remove();
    }
  }, 60_000);

  afterAll(async () => {
    for (const worker of workers) await worker.stop();
    await receiver?.stop();
    tls?.remove();
    await gr?.close();
  }, 60_000);

  const partnerWorker = () => {
    const worker = new AppProcess(
      'partner-worker',
      {
        ...deliveryWorkerEnv({ databaseUrl: gr.api.database.url, topicPrefix: gr.prefix, verbose }),
        ALLOW_PRIVATE_ENDPOINTS: 'true',
        CAP_SENDER: gr.capSender,
        PARTNER_SIGNING_KEY_FILE: gr.identity.keyFile,
        PARTNER_SIGNING_CERT_FILE: gr.identity.certFile,
        PARTNER_CA_FILE: tls.certFile,
        PARTNER_OUTBOUND_API_KEYS: JSON.stringify(apiKeys),
        DELIVERY_CONCURRENCY: '2',
        DELIVERY_BATCH_BUDGET_MS: '2000',
        DELIVERY_LEASE_MS: '4000',
      },
      { echo: verbose },
    );
    workers.push(worker);
    return worker;
  };

  /** A validated alert previewed for the partner channel; `activate` confirms it. */
  async function previewedAlert() {
    const alertId = await aValidatedAlert(gr.api, gr.staff);
    const preview = expectStatus(
      await gr.api
        .http()
        .get(`/v1/alerts/${alertId}/preview`)
        .query({ intent: 'activate', channels: 'partner' })
        .set(bearer(gr.staff.operator)),
      200,
    ) as { partners: unknown[]; confirmationToken: string; version: number; cap: { identifier: string } };
    expect(preview.partners).toHaveLength(partners.length);
    return {
      alertId,
      version: preview.version,
      identifier: preview.cap.identifier,
      activate: async () => {
        expectStatus(
          await gr.api
            .http()
            .post(`/v1/alerts/${alertId}/activate`)
            .set(bearer(gr.staff.operator))
            .send({ confirmationToken: preview.confirmationToken, channels: ['partner'] }),
          200,
        );
      },
    };
  }

  it('delivers to a partner that was down once it is back, exactly once', async () => {
    receiver.reset();
    const worker = partnerWorker();
    await worker.startReady();
    await receiver.stop();
    const { alertId, version, identifier, activate } = await previewedAlert();
    await activate();
    const ledger = new DeliveryLedger(gr.api.pool);
    const key = { channel: 'partner' as const, alertId, version };

    // Down for a while: the worker keeps trying without using up attempts; nothing fails, nothing arrives.
    const deadline = Date.now() + 4000;
    let counts = await ledger.statusCounts(key);
    while (Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      counts = await ledger.statusCounts(key);
      expect(counts.failed + counts.delivered + counts.skipped).toBe(0);
    }
    expect(counts.pending + counts.sending).toBe(partners.length);
    expect(receiver.arrivals.items).toEqual([]);

    await receiver.start();
    await receiver.arrivals.waitFor(
      (items) => new Set(items.map((item) => item.country)).size >= partners.length,
      `all ${partners.length} partners`,
    );
    await untilLedgerDelivered(ledger, key, partners.length);
    await worker.stop();
    expect(receiver.arrivals.items.every((item) => item.signatureValid && item.apiKeyValid)).toBe(true);
    expect(
      Object.fromEntries(partners.map((country) => [country, receiver.accepted(country, identifier)])),
    ).toEqual(Object.fromEntries(partners.map((country) => [country, 1])));
    expect(receiver.arrivals.items).toHaveLength(partners.length);
    expect(await ledger.statusCounts(key)).toEqual({
      pending: 0,
      sending: 0,
      delivered: partners.length,
      failed: 0,
      skipped: 0,
    });
  }, 60_000);

  it('after a kill -9 mid delivery, resends only what was in doubt: each partner holds the message once', async () => {
    receiver.reset();
    receiver.delayMs = 300; // a slow partner keeps the delivery running when the kill comes
    const sent = await previewedAlert();
    const { rows } = await gr.api.pool.query<{ id: string; country: string }>(
      'SELECT id::text, country FROM partners',
    );
    const countryOf = new Map(rows.map((row) => [row.id, row.country]));
    const outcome = await killMidFanOut({
      newWorker: partnerWorker,
      workers,
      arrivals: receiver.arrivals,
      send: sent.activate,
      reachedAll: (items) => new Set(items.map((item) => item.country)).size >= partners.length,
      count: partners.length,
      pool: gr.api.pool,
      key: { channel: 'partner', alertId: sent.alertId, version: sent.version },
    });
    receiver.delayMs = 0;
    expect(receiver.arrivals.items.every((item) => item.signatureValid && item.apiKeyValid)).toBe(true);
    // The receiver recognises a repeat by CAP identifier: every partner holds the message once.
    expect(new Set(receiver.arrivals.items.map((item) => `${item.country} ${item.identifier}`))).toEqual(
      new Set(partners.map((country) => `${country} ${sent.identifier}`)),
    );
    await outcome.expectResentOnlyInDoubt(
      [...countryOf]
        .filter(([, country]) => receiver.accepted(country, sent.identifier) > 1)
        .map(([id]) => ({ id })),
    );
  }, 90_000);
});
