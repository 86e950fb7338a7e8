// Cross-border delivery: M published alerts (BENCH_PARTNER_ALERTS, default
// 50) each sent to N partner systems (BENCH_PARTNER_PARTNERS, default 13, the
// region's partners; more are made up with the region's language sets)
// through the real path: dispatch batches on Kafka → partner-worker as its
// own process (CAP with an info block per partner language, schema-checked,
// signed with RSA-SHA256 enveloped XML Signature) → a loopback HTTPS receiver
// that verifies every signature and counts messages by CAP identifier.
// Reported: signed deliveries per second, the worker's CPU per delivery, the
// receiver's CPU per verification, and (ceiling) signing and verifying alone.
// BENCH_DELIVERY_CONCURRENCY (16): sends in flight in the worker.
// Run by `npm run bench -- partner`, or alone with KAFKA_BROKERS and
// TEST_DATABASE_ADMIN_URL set:
//   node -r ./scripts/lib/register-ts.cjs bench/partner.bench.ts
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { Pool } from 'pg';
import { AlertFixtures, capIdentifierOf, contentHashOf, contentToJson } from '@childalert/alerts';
import { buildCapXml, signCapXml, validateCap, verifyCapSignature, withInfoLanguages } from '@childalert/cap';
import { countrySettings } from '@childalert/config';
import { type DispatchBatch, Topic } from '@childalert/contracts';
import { childAbductionCap } from '../test/cap/child-abduction-cap.factory';
import { RawKafka } from '../test/messaging/messaging-test.kit';
import { makeSigningIdentity } from '../test/partners/support/signing-identity';
import { PartnerReceiver } from '../test/partners/support/partner-receiver';
import { AppProcess, freePort } from '../test/support/app-process';
import { createTestDatabase } from '../test/support/database';
import { deliveryWorkerEnv } from '../test/support/delivery-worker';
import { makeTestCertificate } from '../test/webpush/support/test-certificate';

const PARTNERS = Number(process.env.BENCH_PARTNER_PARTNERS ?? 13);
const ALERTS = Number(process.env.BENCH_PARTNER_ALERTS ?? 50);
const CONCURRENCY = process.env.BENCH_DELIVERY_CONCURRENCY ?? '16';
const TICKS_PER_SECOND = 100; // Linux USER_HZ
const SENDER = 'alerts@amber.gr.bench';

/** CPU time (user + system) of a process so far, from /proc. */
function cpuMsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

/** N partners: the region's countries first, then made-up codes (XA, XB…) with the region's language sets. */
function partnerSpecs(): { id: string; country: string; languages: string[] }[] {
  const region = [...countrySettings().values()].filter((c) => c.code !== 'GR');
  return Array.from({ length: PARTNERS }, (_, i) => ({
    id: randomUUID(),
    country:
      i < region.length
        ? region[i].code
        : `${String.fromCharCode(88 + Math.floor((i - region.length) / 26))}${String.fromCharCode(65 + ((i - region.length) % 26))}`,
    languages: region[i % region.length].languages,
  }));
}

/** An ACTIVE alert with its activation published (real CAP), as alert-api leaves it. */
async function publishAlert(pool: Pool): Promise<{ alertId: string; identifier: string }> {
  const alertId = randomUUID();
  const content = { ...AlertFixtures.anAlertContent(), expiresAt: new Date(Date.now() + 6 * 3600_000) };
  const identifier = capIdentifierOf(alertId, 1);
  const cap = childAbductionCap({ alertId, sent: new Date(Math.floor(Date.now() / 1000) * 1000) });
  const xml = buildCapXml({ ...cap, identifier, sender: SENDER });
  await pool.query(
    `INSERT INTO alerts (id, state, exercise, author_id, author_organisation, created_at, updated_at,
                         latest_version, live_version, last_content_version, channels, expires_at)
     VALUES ($1, 'ACTIVE', false, 'u-officer', 'police', now(), now(), 1, 1, 1, '{partner}', $2)`,
    [alertId, content.expiresAt],
  );
  await pool.query(
    `INSERT INTO alert_versions (alert_id, version, kind, content, content_hash, created_at, created_by,
                                 created_by_organisation)
     VALUES ($1, 1, 'content', $2, $3, now(), 'u-operator', 'ngo')`,
    [alertId, contentToJson(content), contentHashOf(content)],
  );
  await pool.query(
    `INSERT INTO alert_publications (alert_id, version, type, msg_type, identifier, sender, sent, exercise,
                                     channels, event_id, cap_xml, cap_sha256)
     VALUES ($1, 1, 'activated', 'Alert', $2, $3, $4, false, '{partner}', $5, $6, $7)`,
    [alertId, identifier, SENDER, cap.sent, randomUUID(), xml, '0'.repeat(64)],
  );
  return { alertId, identifier };
}

/** Signing and verifying alone, one core, no I/O: a 3-language message (el source + bg, en). */
async function ceiling(identity: { privateKeyPem: string; certificatePem: string }) {
  const xml = buildCapXml(withInfoLanguages({ ...childAbductionCap(), sender: SENDER }, ['bg', 'en']));
  const check = await validateCap(xml);
  if (!check.valid) throw new Error('ceiling message is not valid CAP');
  const count = 300;
  let signed = '';
  let cpu = process.cpuUsage();
  for (let i = 0; i < count; i += 1) signed = signCapXml(xml, identity);
  const sign = process.cpuUsage(cpu);
  cpu = process.cpuUsage();
  for (let i = 0; i < count; i += 1) {
    if (!verifyCapSignature(signed, identity.certificatePem).valid) throw new Error('does not verify');
  }
  const verify = process.cpuUsage(cpu);
  const ms = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1000 / count;
  return { bytes: Buffer.byteLength(signed), signMs: ms(sign), verifyMs: ms(verify) };
}

async function main(): Promise<void> {
  const database = await createTestDatabase();
  const pool = new Pool({ connectionString: database.url, max: 4 });
  const tls = makeTestCertificate();
  const identity = makeSigningIdentity(SENDER);
  const kafka = new RawKafka();
  const prefix = `bench-partner-${randomUUID().slice(0, 8)}.`;
  const partners = partnerSpecs();
  const apiKeys = Object.fromEntries(partners.map((p) => [p.country, `key-${p.country}`]));
  const receiver = await new PartnerReceiver(tls, identity.certificatePem, apiKeys).start();
  const worker = new AppProcess('partner-worker', {
    ...deliveryWorkerEnv({ databaseUrl: database.url, topicPrefix: prefix, verbose: false }),
    KAFKA_PARTITIONS: '4',
    ALLOW_PRIVATE_ENDPOINTS: 'true',
    CAP_SENDER: SENDER,
    PARTNER_SIGNING_KEY_FILE: identity.keyFile,
    PARTNER_SIGNING_CERT_FILE: identity.certFile,
    PARTNER_CA_FILE: tls.certFile,
    PARTNER_OUTBOUND_API_KEYS: JSON.stringify(apiKeys),
    DELIVERY_CONCURRENCY: CONCURRENCY,
    DELIVERY_BATCH_BUDGET_MS: '30000',
    DELIVERY_LEASE_MS: '120000',
  });
  try {
    for (const p of partners) {
      await pool.query(
        `INSERT INTO partners (id, country, name, inbound_url, languages, rules, certificate_pem, certificate_sha256,
                               api_key_id, created_by, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, '{all}', $6, 'bench', $7, 'bench', now(), now())`,
        [
          p.id,
          p.country,
          `${p.country} system`,
          receiver.url(p.country),
          p.languages,
          identity.certificatePem,
          randomUUID(),
        ],
      );
    }
    const alerts = [];
    for (let i = 0; i < ALERTS; i += 1) alerts.push(await publishAlert(pool));
    const total = PARTNERS * ALERTS;

    const port = await freePort();
    worker.start(port);
    await worker.waitUntilReady(port);
    const pid = worker.pid!;

    const batches: DispatchBatch[] = alerts.map(({ alertId }) => ({
      batchId: `b-${alertId}`,
      alertId,
      version: 1,
      eventType: 'activated',
      channel: 'partner',
      recipients: partners.map((p) => ({ id: p.id, language: p.languages[0] })),
    }));
    const workerCpuBefore = cpuMsOf(pid);
    const ownCpuBefore = process.cpuUsage();
    const start = performance.now();
    let firstMs = -1;
    receiver.arrivals.onArrival(() => {
      if (firstMs < 0) firstMs = performance.now() - start;
    });
    await kafka.produce(
      `${prefix}${Topic.DispatchPartner}`,
      batches.map((batch) => ({ key: `${batch.alertId}:0`, value: JSON.stringify(batch) })),
    );
    await receiver.arrivals.waitFor((items) => items.length >= total, `${total} deliveries`, 600_000);
    const lastMs = performance.now() - start;
    const workerCpuMs = cpuMsOf(pid) - workerCpuBefore;
    const ownCpu = process.cpuUsage(ownCpuBefore);
    await worker.stop();

    const invalid = receiver.arrivals.items.filter((a) => !a.signatureValid || !a.apiKeyValid).length;
    const twice = [...receiver.counts.values()].filter((n) => n !== 1).length;
    if (invalid > 0 || twice > 0 || receiver.counts.size !== total)
      throw new Error(
        `${invalid} invalid, ${twice} not exactly once, ${receiver.counts.size} of ${total} distinct`,
      );
    const languageSets = new Set(partners.map((p) => p.languages.join(','))).size;
    const rate = (total * 1000) / (lastMs - Math.max(firstMs, 0) || 1);
    console.log(
      `bench partner: ${PARTNERS} partners × ${ALERTS} alerts = ${total} signed deliveries ` +
        `(${languageSets} language sets, so ${languageSets * ALERTS} signatures made), concurrency ${CONCURRENCY}`,
    );
    console.log(
      `  worker → receiver: first after ${Math.round(firstMs)} ms, all in ${Math.round(lastMs)} ms: ` +
        `${Math.round((total * 1000) / lastMs)} deliveries/s (${Math.round(rate)}/s from the first)`,
    );
    console.log(
      `  worker CPU ${Math.round(workerCpuMs)} ms = ${(workerCpuMs / total).toFixed(2)} ms per delivery; ` +
        `receiver (this process, verifying each signature) ${((ownCpu.user + ownCpu.system) / 1000 / total).toFixed(2)} ms per delivery`,
    );
    console.log(`  every signature verified, every partner got each alert exactly once (by CAP identifier)`);
    const c = await ceiling(identity);
    console.log(
      `  ceiling (one core, no I/O, ${c.bytes} B message): sign ${c.signMs.toFixed(2)} ms, verify ${c.verifyMs.toFixed(2)} ms ` +
        `→ ${Math.round(1000 / c.signMs)} signatures/s, ${Math.round(1000 / c.verifyMs)} verifications/s`,
    );
  } finally {
    await worker.stop();
    await receiver.stop();
    await kafka.close();
    await pool.end();
    await database.drop();
    identity.remove();
    tls.remove();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
