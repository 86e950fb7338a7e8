// A whole deployment for fault scenarios: every app as its real main.ts in a
// child process (so any of them can be killed with -9), a Kafka broker of the
// scenario's own (so it can be stopped and started again), one database, and
// loopback receivers that count what they get and check it: an SMTP relay, a
// push service that decrypts each message, an FCM endpoint that checks the
// bearer token and the message, newsrooms' webhook receivers that verify
// each signature, and partner countries' systems that verify each signed CAP.
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import request from 'supertest';
import {
  aValidatedAlert,
  bearer,
  DEMO_PASSWORD,
  expectStatus,
  type Staff,
} from '../../alerts-api/alert-api-test.app';
import { seedEmailSubscribers, type EmailSubscriber } from '../../pipeline/support/email-audience';
import { SmtpInbox } from '../../pipeline/support/smtp-inbox';
import { SIGNING_SECRET, workerEnv as emailWorkerEnv } from '../../email/support/email-worker.harness';
import { AppProcess } from '../../support/app-process';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { PUBLIC_BASE_URL } from '../../support/delivery-worker';
import { PushService } from '../../webpush/support/push-service';
import { makeTestCertificate, type TestCertificate } from '../../webpush/support/test-certificate';
import { seedPushSubscribers, type SeededPushSubscriber } from '../../webpush/support/webpush-subscribers';
import { testVapidKeys, workerEnv as webpushWorkerEnv } from '../../webpush/support/webpush-worker.harness';
import { BroadcastReceiver } from '../../broadcast/support/broadcast-receiver';
import { registerBroadcaster, type RegisteredBroadcaster } from '../../broadcast/support/broadcasters';
import { workerEnv as broadcastWorkerEnv } from '../../broadcast/support/broadcast-worker.harness';
import { FcmReceiver } from '../../mobile/support/fcm-receiver';
import { seedMobileSubscribers, type SeededMobileSubscriber } from '../../mobile/support/mobile-subscribers';
import {
  FCM_PROJECT_ID,
  testAccessToken,
  workerEnv as mobileWorkerEnv,
} from '../../mobile/support/mobile-worker.harness';
import { PartnerReceiver } from '../../partners/support/partner-receiver';
import { makeSigningIdentity, type SigningIdentity } from '../../partners/support/signing-identity';
import { OwnBroker } from './own-broker';

export const CHANNEL_APPS = [
  'email-worker',
  'webpush-worker',
  'mobile-worker',
  'broadcast-worker',
  'partner-worker',
] as const;
export type AppName = 'alert-api' | 'dispatcher' | (typeof CHANNEL_APPS)[number];
export const CHANNELS = ['email', 'webpush', 'mobile', 'broadcast', 'partner'] as const;
/** Partner countries of the scenario, each with a rule that takes every alert. */
const PARTNER_COUNTRIES = ['BG', 'RO', 'CY'];
const CAP_SENDER = 'alerts@amber.test';
export type ScenarioChannel = (typeof CHANNELS)[number];

export interface Audience {
  email: number;
  webpush: number;
  mobile: number;
  broadcasters: number;
}

/** A partner system as registered here: its id is its recipient id on the partner channel. */
export interface RegisteredPartner {
  id: string;
  country: string;
}

/** What a test may change of a scenario; every default is what test/resilience runs with. */
export interface ScenarioOptions {
  /** LOG_LEVEL of every process (default: warn, or info with RESILIENCE_LOG). */
  logLevel?: string;
  /** Settings added to (or replacing) an app's environment, e.g. seeded secrets; a function sees the started receivers. */
  env?: AppEnvs | ((scenario: Scenario) => AppEnvs);
}

type AppEnvs = Partial<Record<AppName, Record<string, string>>>;

/** Settings every process of the scenario shares: its own broker, database and topics; quick group changes. */
function sharedEnv(
  broker: OwnBroker,
  databaseUrl: string,
  prefix: string,
  logLevel: string | undefined,
): Record<string, string> {
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: logLevel ?? (process.env.RESILIENCE_LOG ? 'info' : 'warn'),
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_SIZE: '6',
    KAFKA_BROKERS: broker.brokers,
    TOPIC_PREFIX: prefix,
    KAFKA_PARTITIONS: '4',
    KAFKA_SESSION_TIMEOUT_MS: '6000',
    KAFKA_HEARTBEAT_INTERVAL_MS: '500',
    PUBLIC_BASE_URL,
  };
}

export class Scenario {
  readonly broker = new OwnBroker();
  readonly inbox = new SmtpInbox();
  readonly prefix = `t-resilience-${randomUUID().slice(0, 8)}.`;
  readonly vapid = testVapidKeys();
  readonly fcmAccessToken = testAccessToken();
  database!: TestDatabase;
  pool!: Pool;
  certificate!: TestCertificate;
  push!: PushService;
  fcm!: FcmReceiver;
  newsrooms!: BroadcastReceiver;
  partnerSystems!: PartnerReceiver;
  /** Our CAP signing identity (what partners verify). */
  signing!: SigningIdentity;
  apiUrl = '';
  staff!: Staff;
  emailSubscribers: EmailSubscriber[] = [];
  pushSubscribers: SeededPushSubscriber[] = [];
  mobileSubscribers: SeededMobileSubscriber[] = [];
  broadcasters: RegisteredBroadcaster[] = [];
  partners: RegisteredPartner[] = [];
  /** CAP identifier → the alert version it published (partners see identifiers, not versions). */
  readonly capVersions = new Map<string, { alertId: string; version: number }>();
  /** The live process of each app, and every process ever started (for their logs). */
  readonly running = new Map<AppName, AppProcess[]>();
  readonly everStarted: AppProcess[] = [];
  private envs = new Map<AppName, Record<string, string>>();

  async start(audience: Audience, options: ScenarioOptions = {}): Promise<this> {
    await this.broker.start();
    this.database = await createTestDatabase();
    this.pool = new Pool({ connectionString: this.database.url, max: 4 });
    this.certificate = makeTestCertificate();
    this.push = await new PushService(this.certificate, { vapidPublicKey: this.vapid.publicKey }).start();
    this.fcm = await new FcmReceiver(this.certificate, {
      projectId: FCM_PROJECT_ID,
      accessToken: this.fcmAccessToken,
    }).start();
    this.newsrooms = await new BroadcastReceiver(this.certificate).start();
    this.signing = makeSigningIdentity('childalert resilience');
    const partnerApiKeys = Object.fromEntries(PARTNER_COUNTRIES.map((c) => [c, `key-of-${c}-system`]));
    this.partnerSystems = await new PartnerReceiver(
      this.certificate,
      this.signing.certificatePem,
      partnerApiKeys,
    ).start();
    await this.inbox.start();
    const shared = sharedEnv(this.broker, this.database.url, this.prefix, options.logLevel);
    this.envs.set('alert-api', {
      ...shared,
      JWT_SECRET: 'resilience-jwt-secret-0123456789abcdef',
      DEMO_USERS: 'true',
      DEMO_PASSWORD,
      SUBSCRIPTION_SIGNING_SECRET: SIGNING_SECRET,
      VAPID_PUBLIC_KEY: this.vapid.publicKey,
      CAP_SENDER,
      // Broadcasters' webhooks on the loopback receiver.
      ALLOW_PRIVATE_ENDPOINTS: 'true',
    });
    this.envs.set('dispatcher', { ...shared, DISPATCH_BATCH_SIZE: '100' });
    const workerSettings = {
      ...shared,
      // Room for receivers refusing or slowed on purpose; a dead worker's leases run out soon.
      DELIVERY_BATCH_BUDGET_MS: '8000',
      DELIVERY_LEASE_MS: '10000',
      DELIVERY_MAX_ATTEMPTS: '8',
      DELIVERY_BACKOFF_INITIAL_MS: '200',
      DELIVERY_BACKOFF_MAX_MS: '2000',
    };
    this.envs.set(
      'email-worker',
      emailWorkerEnv({
        databaseUrl: this.database.url,
        topicPrefix: this.prefix,
        smtpPort: this.inbox.port,
        overrides: workerSettings,
      }),
    );
    this.envs.set(
      'webpush-worker',
      webpushWorkerEnv({
        databaseUrl: this.database.url,
        topicPrefix: this.prefix,
        caFile: this.certificate.certFile,
        vapid: this.vapid,
        overrides: workerSettings,
      }),
    );
    this.envs.set(
      'mobile-worker',
      mobileWorkerEnv({
        databaseUrl: this.database.url,
        topicPrefix: this.prefix,
        receiverOrigin: this.fcm.origin,
        caFile: this.certificate.certFile,
        accessToken: this.fcmAccessToken,
        overrides: workerSettings,
      }),
    );
    this.envs.set(
      'broadcast-worker',
      broadcastWorkerEnv({
        databaseUrl: this.database.url,
        topicPrefix: this.prefix,
        caFile: this.certificate.certFile,
        overrides: {
          ...workerSettings,
          // A newsroom down for a while is retried within the scenario, parked when the wait is long.
          BROADCAST_RETRY_WINDOW_MS: '60000',
          BROADCAST_PARK_AFTER_MS: '1500',
          BROADCAST_PARKING_POLL_MS: '200',
        },
      }),
    );
    const extras = typeof options.env === 'function' ? options.env(this) : (options.env ?? {});
    for (const [app, extra] of Object.entries(extras))
      this.envs.set(app as AppName, { ...this.envs.get(app as AppName), ...extra });
    this.envs.set('partner-worker', {
      ...shared,
      ...workerSettings,
      ALLOW_PRIVATE_ENDPOINTS: 'true',
      CAP_SENDER,
      PARTNER_SIGNING_KEY_FILE: this.signing.keyFile,
      PARTNER_SIGNING_CERT_FILE: this.signing.certFile,
      PARTNER_CA_FILE: this.certificate.certFile,
      PARTNER_OUTBOUND_API_KEYS: JSON.stringify(partnerApiKeys),
      PARTNER_REQUEST_TIMEOUT_MS: '5000',
    });
    // alert-api first: it creates the topics and the demo users.
    const apiPort = await this.startApp('alert-api');
    this.apiUrl = `http://127.0.0.1:${apiPort}`;
    await Promise.all(['dispatcher', ...CHANNEL_APPS].map((app) => this.startApp(app as AppName)));
    this.staff = {
      officer: await this.login('officer'),
      supervisor: await this.login('supervisor'),
      operator: await this.login('operator'),
    };
    this.emailSubscribers = await seedEmailSubscribers(
      this.pool,
      Array.from({ length: audience.email }, (_, i) => ({
        address: `person-${i}@resilience.test`,
        language: i % 2 === 0 ? 'el' : 'en',
        area: { kind: 'circle' as const, lat: 37.98, lon: 23.72, radiusKm: 5 },
      })),
    );
    this.pushSubscribers = await seedPushSubscribers(this.pool, this.push, audience.webpush);
    this.mobileSubscribers = await seedMobileSubscribers(this.pool, this.fcm, audience.mobile);
    const admin = await this.login('admin');
    for (let i = 0; i < audience.broadcasters; i += 1) {
      this.broadcasters.push(
        await registerBroadcaster({ http: () => this.http() }, admin, this.newsrooms, {
          name: `Newsroom ${i}`,
          path: `/hooks/newsroom-${i}`,
          languages: i % 2 === 0 ? ['el'] : ['en', 'el'],
          area: { kind: 'circle', lat: 37.98, lon: 23.72, radiusKm: 50 },
          formats: ['json'],
        }),
      );
    }
    const theirs = makeSigningIdentity('partner system');
    try {
      for (const country of PARTNER_COUNTRIES) {
        const created = expectStatus(
          await this.http()
            .post('/v1/partners')
            .set(bearer(admin))
            .send({
              country,
              name: `${country} child alert system`,
              inboundUrl: this.partnerSystems.url(country),
              rules: ['all'],
              certificatePem: theirs.certificatePem,
            }),
          201,
        ) as { partner: { id: string } };
        this.partners.push({ id: created.partner.id, country });
      }
    } finally {
      theirs.remove();
    }
    return this;
  }

  http(): ReturnType<typeof request> {
    return request(this.apiUrl);
  }

  /** Starts one more process of the app (a restart after a kill, or a second worker joining its group). */
  async startApp(app: AppName): Promise<number> {
    const process = new AppProcess(app, this.envs.get(app)!, {
      echo: Boolean(globalThis.process.env.RESILIENCE_LOG),
    });
    this.everStarted.push(process);
    this.running.set(app, [...(this.running.get(app) ?? []), process]);
    return process.startReady(90_000);
  }

  /** kill -9 of the app's oldest live process. */
  async kill9(app: AppName): Promise<void> {
    const [victim, ...rest] = this.running.get(app) ?? [];
    if (victim === undefined) throw new Error(`no live ${app} to kill`);
    this.running.set(app, rest);
    await victim.kill9();
  }

  /**
   * Officer drafts, supervisor validates, operator previews and activates on
   * e-mail and web push; returns the alert and the version that went out.
   * `content` overrides fields of the alert's body (e.g. the child).
   */
  async activate(content: Record<string, unknown> = {}): Promise<{ alertId: string; version: number }> {
    const alertId = await aValidatedAlert({ http: () => this.http() }, this.staff, content);
    const area = { kind: 'circle', lat: 37.98, lon: 23.72, radiusKm: 30 };
    const { version, confirmationToken } = await this.preview(alertId, {
      intent: 'activate',
      channels: CHANNELS.join(','),
      area: JSON.stringify(area),
    });
    expectStatus(
      await this.http()
        .post(`/v1/alerts/${alertId}/activate`)
        .set(bearer(this.staff.operator))
        .send({ confirmationToken, channels: CHANNELS, area }),
      200,
    );
    return { alertId, version };
  }

  /** Previews and confirms the resolution ("found safe"); returns the version that went out. */
  async resolve(alertId: string): Promise<number> {
    const { version, confirmationToken } = await this.preview(alertId, { intent: 'resolve' });
    expectStatus(
      await this.http()
        .post(`/v1/alerts/${alertId}/resolve`)
        .set(bearer(this.staff.operator))
        .send({ confirmationToken }),
      200,
    );
    return version;
  }

  private async preview(
    alertId: string,
    query: Record<string, string>,
  ): Promise<{ version: number; confirmationToken: string }> {
    const preview = expectStatus(
      await this.http().get(`/v1/alerts/${alertId}/preview`).query(query).set(bearer(this.staff.operator)),
      200,
    ) as { version: number; confirmationToken: string; cap: { identifier: string } };
    this.capVersions.set(preview.cap.identifier, { alertId, version: preview.version });
    return preview;
  }

  /** GET /v1/alerts/{id}/deliveries as the operator: what the dashboard shows. */
  async progress(id: string): Promise<DashboardChannel[]> {
    const body = expectStatus(
      await this.http().get(`/v1/alerts/${id}/deliveries`).set(bearer(this.staff.operator)),
      200,
    ) as { channels: DashboardChannel[] };
    return body.channels;
  }

  /** Every line every process of the scenario wrote. */
  logs(): string[] {
    return this.everStarted.flatMap((process) => process.output);
  }

  async close(): Promise<void> {
    for (const processes of this.running.values()) for (const process of processes) await process.kill9();
    await this.inbox.stop();
    await this.push?.stop();
    await this.fcm?.stop();
    await this.newsrooms?.stop();
    await this.partnerSystems?.stop();
    this.signing?.remove();
    this.certificate?.remove();
    await this.pool?.end();
    await this.database?.drop();
    await this.broker.remove();
  }

  private async login(username: string): Promise<string> {
    const password = this.envs.get('alert-api')!.DEMO_PASSWORD;
    const response = await this.http().post('/v1/auth/token').send({ username, password });
    return (expectStatus(response, 200) as { accessToken: string }).accessToken;
  }
}

export interface DashboardCounts {
  planned: number;
  delivered: number;
  failed: number;
  skipped: number;
  retrying: number;
  pending: number;
}

export interface DashboardChannel extends DashboardCounts {
  channel: string;
  versions: (DashboardCounts & { version: number; eventType: string | null })[];
}
