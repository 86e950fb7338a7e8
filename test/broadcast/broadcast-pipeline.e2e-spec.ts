// Issue 6, media broadcasters end to end: registered through the admin API,
// an alert activated on the broadcast channel reaches, through the outbox,
// Kafka, the dispatcher and the broadcast worker, each broadcaster of its
// area and languages once, as a Standard Webhooks POST a real HTTPS receiver
// verifies; retries, 410 and the resolution follow.
import { aValidatedAlert, bearer, expectStatus, previewToken } from '../alerts-api/alert-api-test.app';
import { type BroadcastPipeline, startBroadcastPipeline } from './support/broadcast-pipeline.harness';
import { PUBLIC_BASE_URL } from './support/broadcast-worker.harness';
import { type RegisteredBroadcaster, registerBroadcaster } from './support/broadcasters';

const ATHENS_AREA = { kind: 'circle', lat: 37.9838, lon: 23.7275, radiusKm: 25 };
const PATRAS_AREA = { kind: 'circle', lat: 38.2466, lon: 21.7346, radiusKm: 20 };

describe('broadcast fan-out across alert-api, dispatcher and broadcast worker', () => {
  jest.setTimeout(60_000);
  let pipeline: BroadcastPipeline;
  let athensTv: RegisteredBroadcaster;
  let atticaRadio: RegisteredBroadcaster;
  let northTv: RegisteredBroadcaster;
  let frenchOnly: RegisteredBroadcaster;
  let patrasTv: RegisteredBroadcaster;

  beforeAll(async () => {
    pipeline = await startBroadcastPipeline();
    const { api, staff, receiver } = pipeline;
    // Two who match the alert, with different areas, languages and formats; two who do not.
    athensTv = await registerBroadcaster(api, staff.admin, receiver, {
      name: 'Athens TV',
      path: '/hooks/athens-tv',
      languages: ['el'],
      area: { kind: 'circle', lat: 37.95, lon: 23.7, radiusKm: 30 },
      formats: ['cap'],
    });
    atticaRadio = await registerBroadcaster(api, staff.admin, receiver, {
      name: 'Attica Radio International',
      path: '/hooks/attica-radio',
      languages: ['en', 'el'],
      area: { kind: 'regions', codes: ['GR-I'] },
      formats: ['json'],
    });
    northTv = await registerBroadcaster(api, staff.admin, receiver, {
      name: 'Thessaloniki TV',
      path: '/hooks/north-tv',
      languages: ['el'],
      area: { kind: 'circle', lat: 40.6401, lon: 22.9444, radiusKm: 40 },
      formats: ['cap', 'json'],
    });
    frenchOnly = await registerBroadcaster(api, staff.admin, receiver, {
      name: 'Radio Francophone',
      path: '/hooks/french',
      languages: ['fr'],
      area: { kind: 'country', code: 'GR' },
      formats: ['json'],
    });
    patrasTv = await registerBroadcaster(api, staff.admin, receiver, {
      name: 'Patras TV',
      path: '/hooks/patras-tv',
      languages: ['el'],
      area: { kind: 'circle', lat: 38.25, lon: 21.73, radiusKm: 30 },
      formats: ['cap', 'json'],
    });
  }, 90_000);

  afterAll(async () => {
    await pipeline?.close();
  });

  afterEach(() => {
    // Every request the receiver got was signed right, fresh, and parsed.
    expect(pipeline.receiver.violations).toEqual([]);
  });

  async function activate(area: Record<string, unknown> = ATHENS_AREA): Promise<string> {
    const { api, staff } = pipeline;
    const id = await aValidatedAlert(api, staff);
    const confirmationToken = await previewToken(api, id, staff.operator, {
      intent: 'activate',
      channels: 'broadcast',
      area: JSON.stringify(area),
    });
    expectStatus(
      await api
        .http()
        .post(`/v1/alerts/${id}/activate`)
        .set(bearer(staff.operator))
        .send({ confirmationToken, channels: ['broadcast'], area }),
      200,
    );
    return id;
  }

  async function resolve(id: string): Promise<void> {
    const { api, staff } = pipeline;
    const confirmationToken = await previewToken(api, id, staff.operator, { intent: 'resolve' });
    expectStatus(
      await api
        .http()
        .post(`/v1/alerts/${id}/resolve`)
        .set(bearer(staff.operator))
        .send({ confirmationToken }),
      200,
    );
  }

  const webhooksOf = (b: RegisteredBroadcaster, alertId: string, withDuplicates = false) =>
    pipeline.receiver
      .of(b.path, withDuplicates)
      .filter((w) => w.body.includes(alertId) || w.webhookId.includes(alertId));

  it('reaches each broadcaster of the area and languages exactly once, signed, in its format; then each with the resolution', async () => {
    const { api, receiver } = pipeline;
    const alertId = await activate();
    await receiver.arrivals.waitFor(
      () => webhooksOf(athensTv, alertId).length >= 1 && webhooksOf(atticaRadio, alertId).length >= 1,
      'the activation at both broadcasters',
    );
    const progress = await pipeline.progress(alertId, (b) => b.delivered === 2 && b.pending === 0);
    expect(progress).toMatchObject({ planned: 2, delivered: 2, failed: 0, skipped: 0 });

    const { rows } = await api.pool.query<{ version: number; cap_xml: string; identifier: string }>(
      'SELECT version, cap_xml, identifier FROM alert_publications WHERE alert_id = $1 ORDER BY version',
      [alertId],
    );
    const published = rows[rows.length - 1];
    // CAP: the published bytes, unchanged, under the delivery's idempotency key.
    const [cap] = webhooksOf(athensTv, alertId, true);
    expect(webhooksOf(athensTv, alertId, true)).toHaveLength(1);
    expect(cap.body).toBe(published.cap_xml);
    expect(cap.cap).toMatchObject({ identifier: published.identifier, msgType: 'Alert' });
    expect(cap.webhookId).toBe(`broadcast:${alertId}:${published.version}:${athensTv.id}`);
    // JSON in English, the radio's first language.
    const [json] = webhooksOf(atticaRadio, alertId, true);
    expect(webhooksOf(atticaRadio, alertId, true)).toHaveLength(1);
    expect(json.webhookId).toBe(`broadcast:${alertId}:${published.version}:${atticaRadio.id}`);
    expect(json.json).toMatchObject({
      type: 'childalert.alert.activated',
      alertId,
      version: published.version,
      language: 'en',
      hotline: '116 000',
      cap: { identifier: published.identifier, msgType: 'Alert' },
      alertPageUrl: `${PUBLIC_BASE_URL}/alerts/${alertId}`,
      imageCardUrl: `${PUBLIC_BASE_URL}/v1/broadcast/alerts/${alertId}/card.png?lang=en`,
      alert: { child: { name: expect.any(String) }, policeContact: expect.any(Object) },
    });
    const childName = (json.json!.alert as { child: { name: string } }).child.name;
    // Outside the area, or in no language of the alert: nothing.
    expect(receiver.of(northTv.path)).toEqual([]);
    expect(receiver.of(frenchOnly.path)).toEqual([]);

    await resolve(alertId);
    await receiver.arrivals.waitFor(
      () => webhooksOf(athensTv, alertId).length >= 2 && webhooksOf(atticaRadio, alertId).length >= 2,
      'the resolution at both broadcasters',
    );
    await pipeline.progress(alertId, (b) =>
      b.versions.some((v) => v.eventType === 'resolved' && v.delivered === 2),
    );
    expect(webhooksOf(athensTv, alertId, true)).toHaveLength(2);
    expect(webhooksOf(atticaRadio, alertId, true)).toHaveLength(2);
    const ending = webhooksOf(atticaRadio, alertId)[1];
    expect(ending.json).toMatchObject({
      type: 'childalert.alert.resolved',
      closure: { outcome: 'found_safe' },
    });
    expect(ending.body).not.toContain(childName);
    expect(webhooksOf(athensTv, alertId)[1].cap!.references.length).toBeGreaterThan(0);
    expect(webhooksOf(athensTv, alertId)[1].body).not.toContain(childName);
    expect(receiver.of(northTv.path)).toEqual([]);
  });

  it('retries a receiver that is down (503 with Retry-After, 500) and delivers later, once', async () => {
    const { receiver } = pipeline;
    receiver.answerWith(athensTv.path, 503, 2, { 'Retry-After': '1' });
    receiver.answerWith(atticaRadio.path, 500, 3);
    const started = Date.now();
    const alertId = await activate();
    await pipeline.progress(alertId, (b) => b.delivered === 2 && b.pending === 0);

    expect(webhooksOf(athensTv, alertId, true)).toHaveLength(1);
    expect(webhooksOf(atticaRadio, alertId, true)).toHaveLength(1);
    expect(receiver.answers.get(athensTv.path)!.slice(-3)).toEqual([503, 503, 200]);
    expect(receiver.answers.get(atticaRadio.path)!.slice(-4)).toEqual([500, 500, 500, 200]);
    // Retry-After: 1 s, twice, was honoured.
    expect(webhooksOf(athensTv, alertId)[0].at - started).toBeGreaterThanOrEqual(2000);
  });

  it('disables a broadcaster whose receiver answers 410 Gone, and reports it failed', async () => {
    const { api, staff, receiver } = pipeline;
    receiver.answerWith(atticaRadio.path, 410, 1);
    const alertId = await activate();
    const progress = await pipeline.progress(alertId, (b) => b.delivered + b.failed === 2 && b.pending === 0);
    expect(progress).toMatchObject({ delivered: 1, failed: 1 });
    const view = expectStatus(
      await api.http().get(`/v1/broadcasters/${atticaRadio.id}`).set(bearer(staff.admin)),
      200,
    );
    expect(view).toMatchObject({ active: false, disabledReason: expect.stringContaining('410') });
    // Enabled again by the admin, it gets the next alert.
    expectStatus(
      await api.http().post(`/v1/broadcasters/${atticaRadio.id}/enable`).set(bearer(staff.admin)),
      200,
    );
    const next = await activate();
    await pipeline.progress(next, (b) => b.delivered === 2);
    expect(webhooksOf(atticaRadio, next)).toHaveLength(1);
  });

  it('parks a batch whose receiver is down for long: the next alert is not held up, the parked one arrives later, once', async () => {
    const { api, receiver } = pipeline;
    const parked = async () =>
      Number(
        (await api.pool.query<{ n: string }>('SELECT count(*) AS n FROM broadcast_parked_batches')).rows[0].n,
      );
    receiver.answerWith(patrasTv.path, 503, 2, { 'Retry-After': '4' });
    const patrasAlert = await activate(PATRAS_AREA);
    for (let waited = 0; (await parked()) === 0; waited += 100) {
      if (waited > 20_000) throw new Error('the batch was never parked');
      await new Promise((r) => setTimeout(r, 100));
    }

    // The next alert goes out while the first one's batch waits for Patras TV.
    const next = await activate();
    await pipeline.progress(next, (b) => b.delivered === 2);
    expect(webhooksOf(patrasTv, patrasAlert)).toEqual([]);

    const progress = await pipeline.progress(patrasAlert, (b) => b.delivered === 2 && b.pending === 0);
    expect(progress).toMatchObject({ planned: 2, delivered: 2, failed: 0 });
    // Both formats, each under its own id, once.
    expect(webhooksOf(patrasTv, patrasAlert, true).map((w) => w.webhookId)).toEqual([
      expect.stringMatching(new RegExp(`^broadcast:${patrasAlert}:\\d+:${patrasTv.id}:cap$`)),
      expect.stringMatching(new RegExp(`^broadcast:${patrasAlert}:\\d+:${patrasTv.id}:json$`)),
    ]);
    expect(webhooksOf(atticaRadio, patrasAlert, true)).toHaveLength(1);
    expect(webhooksOf(athensTv, next)[0].at).toBeLessThan(webhooksOf(patrasTv, patrasAlert)[0].at);
    // The CAP request was refused twice; then CAP and JSON went through.
    expect(receiver.answers.get(patrasTv.path)).toEqual([503, 503, 200, 200]);
    expect(await parked()).toBe(0);
  });
});
